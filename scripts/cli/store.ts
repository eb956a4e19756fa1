import type { Address } from 'viem';
import { toCaip2 } from '../../src/chain/caip.js';
import { type IssuerStore, openStore } from '../../src/node/store/index.js';
import { CliError } from './output.js';

/** The issuer store of the current working folder (`./.microcred/store.db`). */
export function openCliStore(dir = process.cwd()): IssuerStore {
  return openStore(dir);
}

/**
 * The registry commands act on: `--registry` if given, else the one most recently recorded in the store
 * for the connected chain (by `deploy`).
 */
export function resolveRegistryAddress(store: IssuerStore, chainId: number, explicit?: string): Address {
  if (explicit) return explicit as Address;
  const chain = toCaip2(chainId);
  const known = store.registries.list().filter((registry) => registry.chain === chain);
  const latest = known.at(-1);
  if (!latest) {
    throw new CliError(`no registry known on ${chain}: run \`microcred deploy\` first, or pass --registry <address>`);
  }
  return latest.address;
}
