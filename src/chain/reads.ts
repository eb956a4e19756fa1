import { type Address, type ContractFunctionReturnType, type Hex, decodeFunctionResult, encodeFunctionData } from 'viem';
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
  const batch = await onChain(registry, registry.client.readContract({ address: registry.address, abi: credentialRegistryAbi, functionName: 'getBatch', args: [issuer, root] }));
  return toBatchRecord(batch);
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
  // Each answer is decoded once, into its own typed table, however many credentials share it.
  const batches = new Map<string, BatchRecord | undefined>();
  const revokedWords = new Map<string, bigint>();
  const suspendedWords = new Map<string, bigint>();
  const calls: PackedCall[] = [];
  for (const { issuer, root, index } of refs) {
    const batchKey = `${issuer.toLowerCase()}:${root.toLowerCase()}`;
    const word = BigInt(Math.floor(index / 256));
    const wordKey = `${batchKey}:${word}`;
    if (!batches.has(batchKey)) {
      batches.set(batchKey, undefined);
      calls.push({
        data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: 'getBatch', args: [issuer, root] }),
        settle: (data) => batches.set(batchKey, toBatchRecord(decodeFunctionResult({ abi: credentialRegistryAbi, functionName: 'getBatch', data }))),
      });
    }
    if (!revokedWords.has(wordKey)) {
      revokedWords.set(wordKey, 0n);
      calls.push({
        data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: 'revokedWord', args: [issuer, root, word] }),
        settle: (data) => revokedWords.set(wordKey, decodeFunctionResult({ abi: credentialRegistryAbi, functionName: 'revokedWord', data })),
      });
      calls.push({
        data: encodeFunctionData({ abi: credentialRegistryAbi, functionName: 'suspendedWord', args: [issuer, root, word] }),
        settle: (data) => suspendedWords.set(wordKey, decodeFunctionResult({ abi: credentialRegistryAbi, functionName: 'suspendedWord', data })),
      });
    }
  }

  for (let start = 0; start < calls.length; start += maxCallsPerRequest) {
    const chunk = calls.slice(start, start + maxCallsPerRequest);
    const returned = await multicall(registry, chunk.map((call) => call.data));
    chunk.forEach((call, i) => call.settle(returned[i]!));
  }

  return refs.map(({ issuer, root, index }) => {
    const batchKey = `${issuer.toLowerCase()}:${root.toLowerCase()}`;
    const wordKey = `${batchKey}:${Math.floor(index / 256)}`;
    const bit = 1n << BigInt(index % 256);
    return {
      batch: batches.get(batchKey),
      revoked: (revokedWords.get(wordKey)! & bit) !== 0n,
      suspended: (suspendedWords.get(wordKey)! & bit) !== 0n,
    };
  });
}

/** Whether `accreditor` recognises `issuer` on this registry. */
export function readAccredited(registry: Registry, accreditor: Address, issuer: Address): Promise<boolean> {
  return onChain(registry, registry.client.readContract({ address: registry.address, abi: credentialRegistryAbi, functionName: 'isAccredited', args: [accreditor, issuer] }));
}

/** The permission bits (see `Permission`) `issuer` gave `operator` on this registry: 0 for none. */
export function readOperatorPermissions(registry: Registry, issuer: Address, operator: Address): Promise<number> {
  return onChain(registry, registry.client.readContract({ address: registry.address, abi: credentialRegistryAbi, functionName: 'operatorPermissions', args: [issuer, operator] }));
}

/**
 * The profile `issuer` set on this registry (`setIssuerProfile`): the URI of who it is, normally its DID
 * (`did:web:university.example`), and the hash of that DID document (`didDocumentHash`). Undefined when
 * it never set one. The account's own claim: a verifier believes it only once the DID document lists the
 * account back.
 */
export async function readIssuerProfile(registry: Registry, issuer: Address): Promise<{ uri: string; contentHash: Hex } | undefined> {
  const [uri, contentHash] = await onChain(registry, registry.client.readContract({ address: registry.address, abi: credentialRegistryAbi, functionName: 'issuerProfile', args: [issuer] }));
  return uri === '' ? undefined : { uri, contentHash };
}

/** One call packed into `multicall`: its calldata, and what to do with its return data. */
interface PackedCall {
  data: Hex;
  settle: (returned: Hex) => void;
}

async function multicall(registry: Registry, data: readonly Hex[]): Promise<readonly Hex[]> {
  const { result } = await onChain(
    registry,
    registry.client.simulateContract({ address: registry.address, abi: credentialRegistryAbi, functionName: 'multicall', args: [data] }),
  );
  return result;
}

/** Awaits a registry call, its failure mapped onto the chain errors a caller can tell apart. */
async function onChain<T>(registry: Registry, call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toChainError(error, registry.chain);
  }
}

function toBatchRecord(batch: ContractFunctionReturnType<typeof credentialRegistryAbi, 'view', 'getBatch'>): BatchRecord | undefined {
  if (batch.anchoredAt === 0n) return undefined;
  return {
    anchoredAt: Number(batch.anchoredAt),
    size: batch.size,
    revoked: batch.revoked,
    revokedAt: Number(batch.revokedAt),
    revokeReason: batch.revokeReason,
  };
}
