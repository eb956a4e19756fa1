import { type Address, getAddress, isAddress } from 'viem';
import { registryReleases } from '../../src/abi/releases.js';
import { type IssuerStore, openStore } from '../../src/node/store/index.js';
import { CliError } from './output.js';

/** The issuer store of the current working folder (`./.microcred/store.db`). */
export function openCliStore(dir = process.cwd()): IssuerStore {
  return openStore(dir);
}

/**
 * The registry commands act on: `--registry` if given, else the newest released registry, which has one
 * address on every chain (`microcred deploy` puts it there where it is missing).
 */
export function resolveRegistryAddress(explicit?: string): Address {
  if (explicit === undefined) return registryReleases.at(-1)!.address;
  if (!isAddress(explicit, { strict: false })) throw new CliError(`--registry: ${explicit} is not an Ethereum address`, 1, undefined, { code: 'usage' });
  return getAddress(explicit);
}
