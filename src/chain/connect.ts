import { type Address, type PublicClient, keccak256 } from 'viem';
import { type RegistryRelease, registryReleases } from '../abi/releases.js';
import { type Caip2ChainId, toCaip2 } from './caip.js';
import { ChainMismatchError, ChainUnreachableError, RegistryNotFoundError, UnknownRegistryError, chainErrorIn, isUnreachable } from './errors.js';

/** A registry on one chain, checked to exist there and to be genuine: what every read and write takes. */
export interface Registry {
  readonly client: PublicClient;
  readonly address: Address;
  readonly chainId: number;
  readonly chain: Caip2ChainId;
  /** The released `CredentialRegistry` its code is; undefined for a registry accepted by allowlist only. */
  readonly release: RegistryRelease | undefined;
}

export interface ConnectRegistryParameters {
  client: PublicClient;
  address: Address;
  /** The chain the caller expects (e.g. the one a credential names); a different chain is an error. */
  expectedChainId?: number;
  /**
   * Addresses accepted whatever their code (a verifier's own allowlist, an issuer's own test deployment).
   * Any other address must hold the runtime code of a released `CredentialRegistry`.
   */
  allow?: readonly Address[];
}

const releasesByCodeHash = new Map(registryReleases.map((release) => [release.runtimeCodeHash, release]));

/** The released registry whose runtime code is `code`, if any. */
export function identifyRegistryCode(code: `0x${string}`): RegistryRelease | undefined {
  return releasesByCodeHash.get(keccak256(code));
}

/**
 * Checks that `client` answers, serves the expected chain and has a genuine registry at `address`: the
 * runtime code of a released `CredentialRegistry` (same code, any address), or an allowlisted address.
 * Two round trips; do it once per registry, not per credential.
 *
 * @throws ChainUnreachableError (an `RpcEndpointError` when the client's `rpcTransport` gave up), ChainMismatchError
 *   (an `EndpointChainChangedError` when the endpoint switched chains), RegistryNotFoundError, UnknownRegistryError
 * @example
 * const registry = await connectRegistry({ client, address: registryReleases.at(-1)!.address, expectedChainId: 31337 })
 */
export async function connectRegistry({ client, address, expectedChainId, allow = [] }: ConnectRegistryParameters): Promise<Registry> {
  let chainId: number;
  try {
    chainId = await client.getChainId();
  } catch (error) {
    throw asReadError(error, expectedChainId === undefined ? undefined : toCaip2(expectedChainId));
  }
  if (expectedChainId !== undefined && chainId !== expectedChainId) {
    throw new ChainMismatchError(toCaip2(expectedChainId), toCaip2(chainId));
  }
  const chain = toCaip2(chainId);
  let code: `0x${string}` | undefined;
  try {
    code = await client.getCode({ address });
  } catch (error) {
    throw asReadError(error, chain);
  }
  if (!code || code === '0x') throw new RegistryNotFoundError(chain, address);
  const release = identifyRegistryCode(code);
  if (!release && !allow.some((allowed) => allowed.toLowerCase() === address.toLowerCase())) {
    throw new UnknownRegistryError(chain, address, keccak256(code));
  }
  return { client, address, chainId, chain, release };
}

/**
 * A failed read as the caller should see it: the transport's own error when it gave one (it names the
 * endpoint and what happened), an unreachable endpoint as `ChainUnreachableError`, anything else as is.
 */
function asReadError(error: unknown, chain: string | undefined): unknown {
  return chainErrorIn(error) ?? (isUnreachable(error) ? new ChainUnreachableError(chain, error) : error);
}
