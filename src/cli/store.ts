import { type Address, getAddress, isAddress } from 'viem';
import { registryReleases } from '../abi/releases.js';
import { type IssuerStore, StoreMissingError, openStore } from '../node/store/index.js';
import { CliError } from './output.js';

/** The issuer store of the current working folder (`./.microcred/store.db`), created if missing: for `issue`. */
export function openCliStore(dir = process.cwd()): IssuerStore {
  return openStore(dir);
}

/**
 * The store of the working folder for commands that read or act on what was issued. It is never created:
 * run in the wrong folder, such a command would otherwise leave an empty store there and report "no
 * batches" or "not found" instead of saying where it looked.
 */
export function openIssuedStore(dir = process.cwd()): IssuerStore {
  try {
    return openStore(dir, { create: false });
  } catch (error) {
    if (!(error instanceof StoreMissingError)) throw error;
    throw new CliError(`no microcred store in ${error.dir}: run \`microcred issue\` here first (or cd to the folder you issued from)`, 1, undefined, {
      cause: error,
      code: 'store-missing',
    });
  }
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
