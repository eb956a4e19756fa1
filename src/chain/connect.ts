import type { Address, PublicClient } from 'viem';
import { type Caip2ChainId, toCaip2 } from './caip.js';
import { ChainMismatchError, ChainUnreachableError, RegistryNotFoundError, isUnreachable } from './errors.js';

/** A registry on one chain, checked to exist there: what every read and write takes. */
export interface Registry {
  readonly client: PublicClient;
  readonly address: Address;
  readonly chainId: number;
  readonly chain: Caip2ChainId;
}

export interface ConnectRegistryParameters {
  client: PublicClient;
  address: Address;
  /** The chain the caller expects (e.g. the one a credential names); a different chain is an error. */
  expectedChainId?: number;
}

/**
 * Checks that `client` answers, serves the expected chain and has contract code at `address`.
 * Two round trips; do it once per registry, not per credential.
 *
 * @throws ChainUnreachableError, ChainMismatchError, RegistryNotFoundError
 * @example
 * const registry = await connectRegistry({ client, address: '0x5FbD…', expectedChainId: 31337 })
 */
export async function connectRegistry({ client, address, expectedChainId }: ConnectRegistryParameters): Promise<Registry> {
  const label = expectedChainId === undefined ? 'at the RPC endpoint' : toCaip2(expectedChainId);
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (error) {
    if (isUnreachable(error)) throw new ChainUnreachableError(label, error);
    throw error;
  }
  if (expectedChainId !== undefined && chainId !== expectedChainId) {
    throw new ChainMismatchError(toCaip2(expectedChainId), toCaip2(chainId));
  }
  const chain = toCaip2(chainId);
  let code: string | undefined;
  try {
    code = await client.getCode({ address });
  } catch (error) {
    if (isUnreachable(error)) throw new ChainUnreachableError(chain, error);
    throw error;
  }
  if (!code || code === '0x') throw new RegistryNotFoundError(chain, address);
  return { client, address, chainId, chain };
}
