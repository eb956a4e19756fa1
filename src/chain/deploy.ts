import { type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient, concat, getAddress } from 'viem';
import { credentialRegistryBytecode } from '../abi/index.js';
import { REGISTRY_SALT, type RegistryRelease, registryReleases } from '../abi/releases.js';
import { toCaip2 } from './caip.js';
import { identifyRegistryCode } from './connect.js';
import {
  DETERMINISTIC_DEPLOYER,
  DETERMINISTIC_DEPLOYER_CODE,
  DETERMINISTIC_DEPLOYER_FUNDING,
  DETERMINISTIC_DEPLOYER_SIGNER,
  DETERMINISTIC_DEPLOYER_TRANSACTION,
} from './deterministicDeployer.js';
import { ChainError, toChainError } from './errors.js';

type Wallet = WalletClient<Transport, Chain | undefined, Account>;

export interface DeployedRegistry {
  /** The release's address: the same on every chain. */
  address: Address;
  release: RegistryRelease;
  /** False when the registry was already there: nothing was sent. */
  deployed: boolean;
  /** The deployment transaction and its gas, when one was sent. */
  hash?: Hex;
  gasUsed?: bigint;
  /** True when the deterministic deployment proxy had to be installed first (a fresh local chain). */
  installedDeployer: boolean;
}

/**
 * Puts the newest released registry at its one address through the deterministic deployment proxy (CREATE2,
 * `REGISTRY_SALT`), installing the proxy first from its published pre-signed transaction if the chain lacks
 * it. Idempotent: where the registry already is, nothing is sent.
 *
 * @throws ChainError when the chain has other code at the registry's address, refuses the proxy's
 *   installation, or the deployment leaves no registry behind
 * @example
 * const { address, deployed } = await deployRegistry(publicClient, walletClient)
 */
export async function deployRegistry(client: PublicClient, wallet: Wallet): Promise<DeployedRegistry> {
  const release = registryReleases.at(-1)!;
  const chain = toCaip2(await client.getChainId());
  try {
    const existing = await client.getCode({ address: release.address });
    if (existing && existing !== '0x') {
      if (identifyRegistryCode(existing)?.version !== release.version) {
        throw new ChainError(`Chain ${chain} has other code at ${release.address}, where registry release ${release.version} belongs.`);
      }
      return { address: release.address, release, deployed: false, installedDeployer: false };
    }
    const installedDeployer = await installDeterministicDeployer(client, wallet);
    const hash = await wallet.sendTransaction({
      account: wallet.account,
      chain: wallet.chain ?? null,
      to: DETERMINISTIC_DEPLOYER,
      data: concat([REGISTRY_SALT, credentialRegistryBytecode]),
    });
    const receipt = await client.waitForTransactionReceipt({ hash });
    const code = await client.getCode({ address: release.address });
    if (receipt.status !== 'success' || !code || identifyRegistryCode(code)?.version !== release.version) {
      throw new ChainError(`Deployment ${hash} on chain ${chain} left no registry at ${release.address}.`);
    }
    return { address: getAddress(release.address), release, deployed: true, hash, gasUsed: receipt.gasUsed, installedDeployer };
  } catch (error) {
    throw toChainError(error, chain);
  }
}

/**
 * Installs the deterministic deployment proxy where it is missing (returns false if it was there): funds its
 * one-time signer, then sends the published pre-signed transaction. Public chains have the proxy already;
 * a node that refuses pre-EIP-155 transactions can't get it this way, and the error says so.
 */
export async function installDeterministicDeployer(client: PublicClient, wallet: Wallet): Promise<boolean> {
  const chain = toCaip2(await client.getChainId());
  const code = await client.getCode({ address: DETERMINISTIC_DEPLOYER });
  if (code && code !== '0x') {
    if (code.toLowerCase() !== DETERMINISTIC_DEPLOYER_CODE) throw new ChainError(`Chain ${chain} has other code at ${DETERMINISTIC_DEPLOYER}, the deterministic deployment proxy's address.`);
    return false;
  }
  const balance = await client.getBalance({ address: DETERMINISTIC_DEPLOYER_SIGNER });
  if (balance < DETERMINISTIC_DEPLOYER_FUNDING) {
    const funding = await wallet.sendTransaction({
      account: wallet.account,
      chain: wallet.chain ?? null,
      to: DETERMINISTIC_DEPLOYER_SIGNER,
      value: DETERMINISTIC_DEPLOYER_FUNDING - balance,
    });
    await client.waitForTransactionReceipt({ hash: funding });
  }
  let hash: Hex;
  try {
    hash = await client.sendRawTransaction({ serializedTransaction: DETERMINISTIC_DEPLOYER_TRANSACTION });
  } catch (cause) {
    throw new ChainError(
      `Chain ${chain} has no deterministic deployment proxy at ${DETERMINISTIC_DEPLOYER}, and its node refused the proxy's pre-signed installation transaction.`,
      { details: 'Nodes that reject transactions without replay protection (EIP-155) need it enabled once (geth: --rpc.allow-unprotected-txs).', cause },
    );
  }
  await client.waitForTransactionReceipt({ hash });
  return true;
}
