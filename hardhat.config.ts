import { createRequire } from 'node:module';
import hardhatToolboxMochaEthers from '@nomicfoundation/hardhat-toolbox-mocha-ethers';
import { configVariable, defineConfig } from 'hardhat/config';

const require = createRequire(import.meta.url);

// Offline toolchain: Hardhat cannot download solc here, so it compiles with the solc-js (WASM) build
// shipped by the `solc` npm package. `version` must equal that package's version: Hardhat doesn't check.
const solcVersion: string = require('solc/package.json').version;
const solcPath = require.resolve('solc/soljson.js');

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    version: solcVersion,
    path: solcPath,
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 10_000 },
      // The IR pipeline: its ABI decoder and optimizer take ~200 gas off a one-credential `revoke` (which has a
      // target in scripts/bench/measure.ts), and `CredentialBatch._write`'s assembly needs its stack handling.
      viaIR: true,
      // No metadata hash in the bytecode: the runtime code (whose hash verifiers check against the released
      // registries, src/abi/releases.ts) and the CREATE2 address then change only when the compiled code does,
      // not when a comment or a NatSpec line is edited.
      metadata: { bytecodeHash: 'none' },
    },
  },
  paths: {
    tests: { mocha: 'test', solidity: 'test/contracts' },
  },
  test: {
    solidity: { fuzz: { runs: process.env.CI ? 1024 : 256 } },
  },
  networks: {
    hardhatMainnet: { type: 'edr-simulated', chainType: 'l1' },
    // `hardhat node`'s own network. `microcred chain --state` restarts a saved chain from its genesis time, so
    // that its blocks replay at their recorded timestamps (scripts/cli/chainState.ts).
    node: {
      type: 'edr-simulated',
      ...(process.env.MICROCRED_CHAIN_GENESIS_TIME ? { initialDate: new Date(Number(process.env.MICROCRED_CHAIN_GENESIS_TIME) * 1000) } : {}),
    },
    localhost: { type: 'http', chainType: 'l1', url: 'http://127.0.0.1:8545' },
    // Public testnet: URL and key come from the keystore (`npx hardhat keystore set SEPOLIA_RPC_URL`)
    // or the environment; they are only read when this network is used.
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
  },
});
