import { type Account, type Address, type Chain, type ContractFunctionArgs, type ContractFunctionName, type Hex, type Transport, type WalletClient } from 'viem';
import { credentialRegistryAbi } from '../abi/index.js';
import type { Registry } from './connect.js';
import { ChainError, toChainError } from './errors.js';
import type { Fees } from './fees.js';
import { waitForReceipt } from './waitForReceipt.js';

/** A registry plus the account that signs for it (the issuer itself or one of its operators). */
export interface RegistryWriter {
  registry: Registry;
  wallet: WalletClient<Transport, Chain | undefined, Account>;
  /** Blocks to wait for after inclusion before a write counts as done (default 1: included). */
  confirmations?: number;
  /** How a journaled write replaces a transaction not mined in time (see `ReplacementPolicy`). */
  replacement?: ReplacementPolicy;
}

/**
 * When and how far a transaction that is not mined gets replaced by one with the same nonce and higher
 * fees (src/node/issuer/replaceStuck.ts).
 */
export interface ReplacementPolicy {
  /** Replace a transaction not mined after this long (default 120 s). */
  replaceAfterMs?: number;
  /**
   * The highest fee per gas (wei) any transaction may offer: EIP-1559's `maxFeePerGas`, or the gas price.
   * Default: 3 times the fees of the transaction's first send (or, settling an earlier run's, of its pending one).
   */
  maxFeePerGas?: bigint;
}

/** What a journaled write fixes itself rather than leaving to the node: the nonce, and the fees. */
export interface TransactionOverrides {
  nonce: number;
  fees: Fees;
}

/** A mined registry transaction. */
export interface WriteReceipt {
  hash: Hex;
  blockNumber: bigint;
  gasUsed: bigint;
}

type RegistryAbi = typeof credentialRegistryAbi;

/** The registry's state-changing functions (`anchor`, `revoke`, ...): what `sendWrite` sends. */
export type WriteName = ContractFunctionName<RegistryAbi, 'nonpayable'>;

/** The arguments of registry write `name`, as the ABI types them (`uint256[]` indices are `bigint`s). */
export type WriteArgs<name extends WriteName> = ContractFunctionArgs<RegistryAbi, 'nonpayable', name>;

/**
 * Simulates, then sends a registry write. Simulating first turns a doomed write into a
 * `RegistryRevertedError` naming the contract's custom error and its values, before any gas is spent.
 * Returns as soon as the node accepted the transaction: callers that must survive a crash record the
 * hash, then `waitForWrite`.
 *
 * @example
 * const hash = await sendWrite(writer, 'anchor', [issuer, root, size])
 */
export async function sendWrite<name extends WriteName>(
  writer: RegistryWriter,
  functionName: name,
  args: WriteArgs<name>,
  overrides?: TransactionOverrides,
): Promise<Hex> {
  const { registry, wallet } = writer;
  try {
    const call = {
      address: registry.address,
      abi: credentialRegistryAbi,
      // Widened to the union of every write, not cast: viem can't resolve its conditional types for a
      // generic `name`, and `WriteArgs<name>` is always one member of `WriteArgs<WriteName>`. Callers are
      // held to the exact tuple by this function's signature.
      functionName: functionName as WriteName,
      args: args as WriteArgs<WriteName>,
      account: wallet.account,
    };
    // `chain: null` skips viem's chain assertion: connectRegistry already checked the chain id.
    if (!overrides) {
      const { request } = await registry.client.simulateContract(call);
      return await wallet.writeContract({ ...request, chain: wallet.chain ?? null });
    }
    // Simulated and estimated on the latest block, not the pending one: a replacement's own earlier send
    // is in the pending block, and would make the write look done. The gas is given, so the node estimates
    // nothing and refuses a taken nonce as such, whatever the write would do.
    await registry.client.simulateContract({ ...call, blockTag: 'latest' });
    const gas = await registry.client.estimateContractGas({ ...call, blockTag: 'latest' });
    const { nonce, fees } = overrides;
    return fees.type === 'eip1559'
      ? await wallet.writeContract({ ...call, chain: wallet.chain ?? null, gas, nonce, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas })
      : await wallet.writeContract({ ...call, chain: wallet.chain ?? null, gas, nonce, gasPrice: fees.gasPrice });
  } catch (error) {
    throw toChainError(error, registry.chain);
  }
}

/**
 * The gas one transaction of registry write `functionName` needs, as the node estimates it (`eth_estimateGas`,
 * within the node's own cap: 2^24 on chains with EIP-7825). A write the registry refuses throws
 * `RegistryRevertedError`; one needing more than the node allows throws the node's answer as viem gives it.
 * Nothing is sent.
 *
 * @example
 * const gas = await estimateWriteGas(writer, 'revoke', [issuer, root, [3n, 7n], 1])
 */
export async function estimateWriteGas<name extends WriteName>(writer: RegistryWriter, functionName: name, args: WriteArgs<name>): Promise<bigint> {
  const { registry, wallet } = writer;
  try {
    return await registry.client.estimateContractGas({
      address: registry.address,
      abi: credentialRegistryAbi,
      // Widened as in `sendWrite`, for the same reason.
      functionName: functionName as WriteName,
      args: args as WriteArgs<WriteName>,
      account: wallet.account,
    });
  } catch (error) {
    throw toChainError(error, registry.chain);
  }
}

/** Waits until `hash` is mined with `writer.confirmations` confirmations; a reverted transaction throws. */
export async function waitForWrite(writer: RegistryWriter, hash: Hex): Promise<WriteReceipt> {
  const { registry } = writer;
  try {
    const receipt = await waitForReceipt(registry, { hash, confirmations: writer.confirmations ?? 1 });
    if (receipt.status !== 'success') {
      throw new ChainError(`Transaction ${hash} reverted on chain ${registry.chain}.`);
    }
    return { hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
  } catch (error) {
    throw toChainError(error, registry.chain);
  }
}

async function write<name extends WriteName>(writer: RegistryWriter, functionName: name, args: WriteArgs<name>): Promise<WriteReceipt> {
  return waitForWrite(writer, await sendWrite(writer, functionName, args));
}

/** Anchors batch `root` of `size` credentials for `issuer`. */
export function anchorBatch(writer: RegistryWriter, issuer: Address, root: Hex, size: number) {
  return write(writer, 'anchor', [issuer, root, size]);
}

/** Revokes credentials `indices` of `(issuer, root)` for `reason`; final. */
export function revokeCredentials(writer: RegistryWriter, issuer: Address, root: Hex, indices: readonly number[], reason: number) {
  return write(writer, 'revoke', [issuer, root, sortedIndices(indices), reason]);
}

/** Revokes the whole batch `(issuer, root)` for `reason`; final. */
export function revokeBatch(writer: RegistryWriter, issuer: Address, root: Hex, reason: number) {
  return write(writer, 'revokeBatch', [issuer, root, reason]);
}

/** Suspends credentials `indices` of `(issuer, root)` for `reason`; reversible with `unsuspendCredentials`. */
export function suspendCredentials(writer: RegistryWriter, issuer: Address, root: Hex, indices: readonly number[], reason: number) {
  return write(writer, 'suspend', [issuer, root, sortedIndices(indices), reason]);
}

/** Lifts the suspension of credentials `indices` of `(issuer, root)`. */
export function unsuspendCredentials(writer: RegistryWriter, issuer: Address, root: Hex, indices: readonly number[]) {
  return write(writer, 'unsuspend', [issuer, root, sortedIndices(indices)]);
}

/** Gives `operator` the permission bits `permissions` (see `Permission`) for the signing issuer. */
export function setOperatorPermissions(writer: RegistryWriter, operator: Address, permissions: number) {
  return write(writer, 'setOperatorPermissions', [operator, permissions]);
}

/** Publishes the signing issuer's profile URI and content hash. */
export function setIssuerProfile(writer: RegistryWriter, uri: string, contentHash: Hex) {
  return write(writer, 'setIssuerProfile', [uri, contentHash]);
}

/** Lists `issuer` as recognised by the signing accreditor. */
export function accreditIssuer(writer: RegistryWriter, issuer: Address) {
  return write(writer, 'accredit', [issuer]);
}

/** Withdraws the signing accreditor's recognition of `issuer`. */
export function withdrawAccreditation(writer: RegistryWriter, issuer: Address) {
  return write(writer, 'withdrawAccreditation', [issuer]);
}

// The registry writes each 256-credential bitmap word once per call when indices come sorted.
function sortedIndices(indices: readonly number[]): bigint[] {
  return [...indices].sort((a, b) => a - b).map(BigInt);
}
