import { type ChainError, ChainMismatchError, RegistryNotFoundError, UnknownRegistryError } from '../../chain/errors.js';
import { type AnchorFindings, type AnchorRead, isoTime } from '../anchorFindings.js';
import type { AnchoredResult } from '../offline.js';
import type { Check, VerdictStatus } from '../verdict.js';

/** What the anchor checks take of the verifier's options. */
export interface AnchorPolicy {
  /** Every anchor the credential lists must be read and agree (default: one genuine anchor holding the batch is enough). */
  requireEveryAnchor?: boolean | undefined;
}

/**
 * The `registry` check: whether what was read comes from genuine registries. A look-alike the credential
 * lists is named; it decides the verdict (`unknown-registry`) when no genuine registry holds the batch, or
 * when the policy requires every anchor.
 */
export function registryCheck(result: AnchoredResult, findings: AnchorFindings, policy: AnchorPolicy): Check {
  const genuine = findings.holding.map(({ read }) => read);
  if (result.anchors.length === 0 && genuine.length === 0) return { name: 'registry', outcome: 'skipped', message: 'Not checked: the credential names no anchor.' };
  const unknown = findings.unread.filter((read) => read.error instanceof UnknownRegistryError);
  if (unknown.length > 0 && (genuine.length === 0 || policy.requireEveryAnchor)) {
    return { name: 'registry', outcome: 'fail', status: 'unknown-registry', message: unknown[0]!.error!.shortMessage };
  }
  if (genuine.length === 0) return { name: 'registry', outcome: 'skipped', message: 'Not checked: no registry the credential names could be read.' };
  const kinds = [...new Set(genuine.map(({ genuine: { release } }) => (release ? `microcred registry release ${release.version}` : 'a registry on your allowlist')))];
  const where = [...new Set(genuine.map(placeName))].join(', ');
  const lookAlikes = unknown.map(placeName).join(', ');
  const ignored = lookAlikes ? ` ${lookAlikes} is not a microcred registry and was ignored.` : '';
  return { name: 'registry', outcome: 'pass', message: `Read from ${kinds.join(' and ')} (${where}).${ignored}` };
}

/**
 * The `anchored` check: a genuine registry holds the batch, anchored by the credential's issuer, with the
 * credential's index inside it. An anchor that could not be read is an `error` (the chain's fault, not the
 * credential's) unless another genuine one answered; the policy can require every listed one.
 */
export function anchoredCheck(result: AnchoredResult, findings: AnchorFindings, policy: AnchorPolicy): Check {
  const { holding, unread, notAnchored } = findings;
  const unreadText = (list: readonly AnchorRead[]) => list.map((read) => `${placeName(read)} (${read.error!.shortMessage})`).join('; ');
  if (holding.length > 0) {
    if (policy.requireEveryAnchor && unread.length > 0) {
      return { name: 'anchored', outcome: 'error', status: statusOfReadError(unread[0]!.error!), message: `Your policy requires every listed anchor to be read, and these could not be: ${unreadText(unread)}.` };
    }
    if (policy.requireEveryAnchor && notAnchored.length > 0) {
      return { name: 'anchored', outcome: 'fail', status: 'not-anchored', message: `Your policy requires every listed anchor to hold the batch, and ${notAnchored.map(placeName).join(', ')} does not.` };
    }
    const where = holding.map(({ read, batch }) => `${read.chain} at ${isoTime(batch.anchoredAt)}`).join(', ');
    const missing = unread.length > 0 ? ` Could not read: ${unreadText(unread)}.` : '';
    return { name: 'anchored', outcome: 'pass', message: `Anchored by ${result.ref.issuer} on ${where}.${missing}` };
  }
  if (result.anchors.length === 0) {
    return { name: 'anchored', outcome: 'fail', status: 'not-anchored', message: 'The credential names no anchor: its batch was never anchored.' };
  }
  // Only chains that failed to answer (no look-alike among them): the credential can't be judged either way.
  if (unread.length > 0 && unread.every((read) => !(read.error instanceof UnknownRegistryError))) {
    return { name: 'anchored', outcome: 'error', status: statusOfReadError(unread[0]!.error!), message: unread[0]!.error!.shortMessage };
  }
  if (notAnchored.length === 0) return { name: 'anchored', outcome: 'skipped', message: 'Not checked: no genuine registry the credential names could be read.' };
  return { name: 'anchored', outcome: 'fail', status: 'not-anchored', message: `Batch ${result.ref.root} is not anchored by ${result.ref.issuer} on ${notAnchored.map((read) => read.chain).join(', ')}.` };
}

/** The status a failed read gives a verdict: each way a chain can fail to answer is told apart. */
export function statusOfReadError(error: ChainError): VerdictStatus {
  if (error instanceof UnknownRegistryError) return 'unknown-registry';
  if (error instanceof ChainMismatchError) return 'chain-mismatch';
  if (error instanceof RegistryNotFoundError) return 'registry-not-found';
  return 'unreachable';
}

const placeName = (read: Pick<AnchorRead, 'address' | 'chain'>) => `${read.address} on ${read.chain}`;
