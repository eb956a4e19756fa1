import { type Address, type Hex, decodeFunctionResult, encodeFunctionData } from 'viem';
import { credentialRegistryAbi } from '../abi/index.js';
import type { Registry } from './connect.js';
import { toChainError } from './errors.js';

/** The on-chain record of a batch, or `undefined` when `(issuer, root)` was never anchored. */
export interface BatchRecord {
  /** Unix seconds of the anchoring block. */
  anchoredAt: number;
  size: number;
  revoked: boolean;
  /** Unix seconds of the whole-batch revocation, 0 if none. */
  revokedAt: number;
  revokeReason: number;
}

/** One credential as the registry knows it: `(issuer, root, index)`. */
export interface CredentialRef {
  issuer: Address;
  root: Hex;
  index: number;
}

export interface CredentialState {
  batch: BatchRecord | undefined;
  /** Revoked by itself (not counting a whole-batch revocation, which `batch.revoked` says). */
  revoked: boolean;
  suspended: boolean;
}

/** Reads the record of batch `(issuer, root)`. */
export async function readBatch(registry: Registry, issuer: Address, root: Hex): Promise<BatchRecord | undefined> {
  try {
    const batch = await registry.client.readContract({
      address: registry.address,
      abi: credentialRegistryAbi,
      functionName: 'getBatch',
      args: [issuer, root],
    });
    return toBatchRecord(batch);
  } catch (error) {
    throw toChainError(error, registry.chain);
  }
}

/**
 * Reads the state of many credentials with as few round trips as possible: credentials are grouped by
 * batch and by 256-credential bitmap word, and every needed `getBatch`/`revokedWord`/`suspendedWord` is
 * packed into the registry's own `multicall`, at most `maxCallsPerRequest` per `eth_call` (gas-bounded).
 * 10,000 credentials of one batch cost one round trip; of 10,000 different batches, about 20.
 */
export async function readCredentialStates(
  registry: Registry,
  refs: readonly CredentialRef[],
  { maxCallsPerRequest = 1500 }: { maxCallsPerRequest?: number } = {},
): Promise<CredentialState[]> {
  const calls: { key: string; name: ReadName; data: Hex }[] = [];
  const seen = new Set<string>();
  const want = (key: string, name: ReadName, args: () => readonly unknown[]) => {
    if (!seen.has(key)) {
      seen.add(key);
      calls.push({ key, name, data: encode(name, args()) });
    }
  };
  for (const { issuer, root, index } of refs) {
    const batchKey = `${issuer.toLowerCase()}:${root.toLowerCase()}`;
    const word = BigInt(Math.floor(index / 256));
    want(`b:${batchKey}`, 'getBatch', () => [issuer, root]);
    want(`r:${batchKey}:${word}`, 'revokedWord', () => [issuer, root, word]);
    want(`s:${batchKey}:${word}`, 'suspendedWord', () => [issuer, root, word]);
  }

  // Each answer is decoded once, however many credentials share its batch record or bitmap word.
  const results = new Map<string, BatchRecord | bigint | undefined>();
  for (let start = 0; start < calls.length; start += maxCallsPerRequest) {
    const chunk = calls.slice(start, start + maxCallsPerRequest);
    const returned = await multicall(registry, chunk.map((call) => call.data));
    chunk.forEach(({ key, name }, i) => results.set(key, name === 'getBatch' ? toBatchRecord(decode(name, returned[i]!)) : decode(name, returned[i]!)));
  }

  return refs.map(({ issuer, root, index }) => {
    const batchKey = `${issuer.toLowerCase()}:${root.toLowerCase()}`;
    const word = Math.floor(index / 256);
    const bit = 1n << BigInt(index % 256);
    const batch = results.get(`b:${batchKey}`) as BatchRecord | undefined;
    const revokedBits = results.get(`r:${batchKey}:${word}`) as bigint;
    const suspendedBits = results.get(`s:${batchKey}:${word}`) as bigint;
    return { batch, revoked: (revokedBits & bit) !== 0n, suspended: (suspendedBits & bit) !== 0n };
  });
}

/** Whether `accreditor` recognises `issuer` on this registry. */
export function readAccredited(registry: Registry, accreditor: Address, issuer: Address): Promise<boolean> {
  return readView(registry, 'isAccredited', [accreditor, issuer]) as Promise<boolean>;
}

/** The permission bits (see `Permission`) `issuer` gave `operator` on this registry: 0 for none. */
export function readOperatorPermissions(registry: Registry, issuer: Address, operator: Address): Promise<number> {
  return readView(registry, 'operatorPermissions', [issuer, operator]) as Promise<number>;
}

/**
 * The profile `issuer` set on this registry (`setIssuerProfile`): the URI of who it is, normally its DID
 * (`did:web:university.example`), and the hash of that DID document (`didDocumentHash`). Undefined when
 * it never set one. The account's own claim: a verifier believes it only once the DID document lists the
 * account back.
 */
export async function readIssuerProfile(registry: Registry, issuer: Address): Promise<{ uri: string; contentHash: Hex } | undefined> {
  const [uri, contentHash] = (await readView(registry, 'issuerProfile', [issuer])) as readonly [string, Hex];
  return uri === '' ? undefined : { uri, contentHash };
}

/** One view call, its failure mapped onto the chain errors a caller can tell apart. */
async function readView(registry: Registry, functionName: 'isAccredited' | 'operatorPermissions' | 'issuerProfile', args: readonly Address[]): Promise<unknown> {
  try {
    return await registry.client.readContract({ address: registry.address, abi: credentialRegistryAbi, functionName, args } as never);
  } catch (error) {
    throw toChainError(error, registry.chain);
  }
}

type ReadName = 'getBatch' | 'revokedWord' | 'suspendedWord';

function encode(functionName: ReadName, args: readonly unknown[]): Hex {
  return encodeFunctionData({ abi: credentialRegistryAbi, functionName, args } as never);
}

function decode<name extends ReadName>(functionName: name, data: Hex) {
  return decodeFunctionResult({ abi: credentialRegistryAbi, functionName, data } as never) as name extends 'getBatch'
    ? { anchoredAt: bigint; size: number; revoked: boolean; revokedAt: bigint; revokeReason: number }
    : bigint;
}

async function multicall(registry: Registry, data: Hex[]): Promise<readonly Hex[]> {
  try {
    const { result } = await registry.client.simulateContract({
      address: registry.address,
      abi: credentialRegistryAbi,
      functionName: 'multicall',
      args: [data],
    });
    return result;
  } catch (error) {
    throw toChainError(error, registry.chain);
  }
}

function toBatchRecord(batch: {
  anchoredAt: bigint;
  size: number;
  revoked: boolean;
  revokedAt: bigint;
  revokeReason: number;
}): BatchRecord | undefined {
  if (batch.anchoredAt === 0n) return undefined;
  return {
    anchoredAt: Number(batch.anchoredAt),
    size: batch.size,
    revoked: batch.revoked,
    revokedAt: Number(batch.revokedAt),
    revokeReason: batch.revokeReason,
  };
}
