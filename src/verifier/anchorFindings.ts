import type { Address } from 'viem';
import type { RegistryRelease } from '../abi/releases.js';
import { type ChainError, RegistryNotFoundError } from '../chain/errors.js';
import type { BatchRecord, CredentialState } from '../chain/reads.js';
import { reasonOf } from './statusChange.js';
import type { AnchorSighting, StatusChange } from './verdict.js';

/** One registry as read for one credential: plain data, what the judging reads. */
export interface AnchorRead {
  chain: string;
  address: Address;
  /** Listed in the credential's anchor proof; otherwise a release's address on one of the verifier's chains. */
  listed: boolean;
  /**
   * Set once the registry answered and proved genuine: `release` is the released `CredentialRegistry` its
   * code is, undefined for a registry accepted by the verifier's allowlist alone.
   */
  genuine?: { release: RegistryRelease | undefined };
  /** Why it could not be read or was refused; set whenever `state` is not. */
  error?: ChainError;
  /** The credential's state there. */
  state?: CredentialState;
}

/** A genuine registry that holds the credential's batch (anchored by its issuer, index within its size). */
export interface Holding {
  read: AnchorRead & { genuine: NonNullable<AnchorRead['genuine']> };
  batch: BatchRecord;
  state: CredentialState;
}

/** A credential's anchors sorted by what they showed, and the sightings its verdict lists. */
export interface AnchorFindings {
  /** Listed anchors first, then the unlisted ones. */
  holding: Holding[];
  /** Listed anchors that could not be read, or were refused (a look-alike registry among them). */
  unread: AnchorRead[];
  /** Listed anchors read without the batch. */
  notAnchored: AnchorRead[];
  sightings: AnchorSighting[];
}

/**
 * Sorts the registries read for a credential. A listed anchor is always reported; an unlisted one (a
 * release's address on a chain the verifier reads) only when it holds the batch or failed to answer: a
 * release's address where nothing is deployed is no news.
 */
export function findAnchors(anchors: readonly AnchorRead[], index: number): AnchorFindings {
  const findings: AnchorFindings = { holding: [], unread: [], notAnchored: [], sightings: [] };
  for (const read of anchors) {
    const where = { chain: read.chain, registry: read.address };
    const unlisted = read.listed ? {} : { unlisted: true };
    const holding = holdingOf(read, index);
    if (holding) {
      findings.holding.push(holding);
      findings.sightings.push({ ...where, anchoredAt: isoTime(holding.batch.anchoredAt), ...unlisted });
    } else if (!read.listed) {
      if (read.error && !(read.error instanceof RegistryNotFoundError)) findings.sightings.push({ ...where, error: read.error.shortMessage, unlisted: true });
    } else if (read.error) {
      findings.unread.push(read);
      findings.sightings.push({ ...where, error: read.error.shortMessage });
    } else {
      findings.notAnchored.push(read);
      findings.sightings.push(where);
    }
  }
  return findings;
}

function holdingOf(read: AnchorRead, index: number): Holding | undefined {
  const { genuine, state } = read;
  if (genuine === undefined || state?.batch === undefined || index >= state.batch.size) return undefined;
  return { read: { ...read, genuine }, batch: state.batch, state };
}

/**
 * Where the credential's revocation or suspension is recorded, as the registry holding it says, without
 * when and why unless its batch record has them: revocation wins over suspension, and a whole batch's
 * revocation carries its date and reason. The first registry showing it is the one named.
 */
export function statusChangeOf(holding: readonly Holding[]): StatusChange | undefined {
  const batchRevoked = holding.find((h) => h.batch.revoked);
  if (batchRevoked) {
    return { status: 'revoked', scope: 'batch', ...placeOf(batchRevoked), at: isoTime(batchRevoked.batch.revokedAt), ...reasonOf(batchRevoked.batch.revokeReason) };
  }
  const revoked = holding.find((h) => h.state.revoked);
  if (revoked) return { status: 'revoked', scope: 'credential', ...placeOf(revoked) };
  const suspended = holding.find((h) => h.state.suspended);
  if (suspended) return { status: 'suspended', scope: 'credential', ...placeOf(suspended) };
  return undefined;
}

export const placeOf = (holding: Holding) => ({ chain: holding.read.chain, registry: holding.read.address });

/** The ISO time of `seconds`; the last one is remembered, since every credential of a batch asks for its anchoring time. */
export function isoTime(seconds: number): string {
  if (lastIsoTime.seconds !== seconds) lastIsoTime = { seconds, iso: new Date(seconds * 1000).toISOString() };
  return lastIsoTime.iso;
}

let lastIsoTime = { seconds: NaN, iso: '' };
