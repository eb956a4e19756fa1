import { configVariable } from 'hardhat/config';
import type { NetworkUserConfig } from 'hardhat/types/config';

/**
 * The chains microcred's commands name with `--network`, as Hardhat networks: the same list for the CLI
 * of an installed package (hardhatConfig.ts) and for this repository's own hardhat.config.ts.
 */
export const microcredNetworks = {
  // `hardhat node`'s own network. `microcred chain --state` restarts a saved chain from its genesis time, so
  // that its blocks replay at their recorded timestamps (chainState.ts).
  node: {
    type: 'edr-simulated',
    ...(process.env.MICROCRED_CHAIN_GENESIS_TIME ? { initialDate: new Date(Number(process.env.MICROCRED_CHAIN_GENESIS_TIME) * 1000) } : {}),
  },
  localhost: { type: 'http', chainType: 'l1', url: 'http://127.0.0.1:8545' },
  // Public testnet: URL and key come from Hardhat's keystore (`npx hardhat keystore set SEPOLIA_RPC_URL`) or
  // the environment; they are only read when this network is used.
  sepolia: {
    type: 'http',
    chainType: 'l1',
    url: configVariable('SEPOLIA_RPC_URL'),
    accounts: [configVariable('SEPOLIA_PRIVATE_KEY')],
  },
  // A second public testnet, to anchor a batch on more than one chain (credentials outlive testnets).
  // Same rules: URL and key from the keystore or the environment, read only when used.
  baseSepolia: {
    type: 'http',
    chainType: 'generic',
    url: configVariable('BASE_SEPOLIA_RPC_URL'),
    accounts: [configVariable('BASE_SEPOLIA_PRIVATE_KEY')],
  },
} satisfies Record<string, NetworkUserConfig>;
