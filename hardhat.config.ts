import { createRequire } from 'node:module';
import hardhatToolboxMochaEthers from '@nomicfoundation/hardhat-toolbox-mocha-ethers';
import { defineConfig } from 'hardhat/config';
import { microcredNetworks } from './src/cli/chain/networks.js';

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
    // The CLI's networks (node, localhost, sepolia, baseSepolia), one list for the repository and the package.
    ...microcredNetworks,
  },
});
