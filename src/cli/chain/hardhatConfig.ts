// The Hardhat configuration the CLI runs its chains with, in an installed package as in this repository:
// `microcred chain` starts `hardhat node --config <this file>`, and the in-process chain (`--network
// hardhat`) is created from the same object. Networks only: the CLI compiles nothing.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'hardhat/config';
import type { HardhatPlugin } from 'hardhat/types/plugins';
import { microcredNetworks } from './networks.js';

/** This file, for `hardhat node --config` (the compiled .js in a package, the .ts in a clone). */
export const HARDHAT_CONFIG_FILE = fileURLToPath(import.meta.url);

// The keystore keeps a testnet's URL and key out of files and shell history. It is Hardhat's plugin, used
// when installed beside Hardhat (as in this repository); without it, those values come from the environment.
const keystore = await import('@nomicfoundation/hardhat-keystore').then(
  (module) => module.default as HardhatPlugin,
  () => undefined,
);

export default defineConfig({
  plugins: keystore ? [keystore] : [],
  networks: microcredNetworks,
});
