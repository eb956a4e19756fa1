import type { Address, Hex } from 'viem';

/**
 * The deterministic deployment proxy (github.com/Arachnid/deterministic-deployment-proxy) that most EVM
 * chains already have at this address: a transaction to it whose data is `salt ‖ initCode` CREATE2-deploys
 * `initCode` and returns the new address. Anything it deploys has one address on every chain.
 */
export const DETERMINISTIC_DEPLOYER: Address = '0x4e59b44847b379578588920ca78fbf26c0b4956c';

/** keccak256 of the proxy's runtime code: what `getCode` returns where it is installed. */
export const DETERMINISTIC_DEPLOYER_CODE: Hex =
  '0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3';

/**
 * The proxy's own deployment, as published: a pre-EIP-155 transaction (valid on every chain id) signed by
 * a key nobody holds (`r = s = 0x2222…`), from the one-time account below, nonce 0, gas 100,000 at 100 gwei.
 * Funding that account with `DETERMINISTIC_DEPLOYER_FUNDING` and sending this installs the proxy on a chain
 * that lacks it, such as a fresh local node.
 */
export const DETERMINISTIC_DEPLOYER_TRANSACTION: Hex =
  '0xf8a58085174876e800830186a08080b853604580600e600039806000f350fe7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf31ba02222222222222222222222222222222222222222222222222222222222222222a02222222222222222222222222222222222222222222222222222222222222222';

/** The one-time account that signed `DETERMINISTIC_DEPLOYER_TRANSACTION`. */
export const DETERMINISTIC_DEPLOYER_SIGNER: Address = '0x3fab184622dc19b6109349b94811493bf2a45362';

/** What `DETERMINISTIC_DEPLOYER_TRANSACTION` costs its signer: 100,000 gas × 100 gwei = 0.01 ether. */
export const DETERMINISTIC_DEPLOYER_FUNDING = 10n ** 16n;
