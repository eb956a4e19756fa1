import { checksummed } from '../core/credential/issuer.js';
import type { Anchor } from '../core/anchorProof.js';
import type { AnchoredCredential } from '../core/batch/types.js';
import { type CredentialFormat, signatureProofsOf } from '../core/credential/format.js';
import { checkIntegrity } from '../core/integrity.js';
import type { CredentialRef } from '../chain/reads.js';

/**
 * What can be known about a credential without a chain: its shape, its digest, its Merkle proof. Plain
 * data only (no credential object), so that a worker thread can send it back as it is.
 */
export type OfflineResult = AnchoredResult | OfflineFailure;

/** A well-formed, untampered credential whose proof is for the issuer it names: what the chain is asked about. */
export interface AnchoredResult {
  ok: true;
  id: string;
  /** `ref.issuer` is the account that anchored the batch: the anchor proof's issuer, which the credential names. */
  ref: CredentialRef;
  /** The issuer's DID (`issuer.id`). */
  issuerDid: string;
  format: CredentialFormat;
  /** Whether it carries an issuer signature (a Data Integrity proof). */
  signed: boolean;
  /** Whether the holder hid any field (a redacted copy carries no signature). */
  redacted: boolean;
  anchors: Anchor[];
  /**
   * The length of its Merkle path. In OpenZeppelin's tree layout (ours) a leaf at this depth means the
   * batch holds fewer than 2^(depth + 1) credentials: the verifier's chain reads ahead use it as a bound.
   */
  proofDepth: number;
  validFrom: string;
  validUntil: string | undefined;
}

export interface OfflineFailure {
  ok: false;
  /**
   * `malformed`: not a credential of a format we know; `tampered`: a recomputed hash doesn't match;
   * `issuer-mismatch`: the proof is for another issuer than the one the credential names.
   */
  status: 'malformed' | 'tampered' | 'issuer-mismatch';
  message: string;
  id?: string;
  ref?: CredentialRef;
}

/** An offline result, and the checked credential when its signature is still to be verified (ok and signed). */
export interface CheckedOffline {
  result: OfflineResult;
  signedCredential?: AnchoredCredential;
}

/** Runs the core's offline integrity check and extracts what the chain checks need. */
export function checkOffline(credential: unknown): OfflineResult {
  return checkCredentialOffline(credential).result;
}

/**
 * `checkOffline`, keeping the checked credential when it carries an issuer signature: the signature step
 * (after the chain reads, once the issuer's DID document is known) reads it where it was parsed.
 */
export function checkCredentialOffline(credential: unknown): CheckedOffline {
  const id = typeof (credential as { id?: unknown })?.id === 'string' ? (credential as { id: string }).id : undefined;
  const integrity = checkIntegrity(credential);
  if (!integrity.ok) {
    const status = integrity.failedStep === 'schema' ? 'malformed' : integrity.failedStep === 'issuer' ? 'issuer-mismatch' : 'tampered';
    return { result: { ok: false, status, message: integrity.message, id } };
  }
  const checked = integrity.credential!;
  const proof = integrity.anchorProof!;
  const signed = signatureProofsOf(checked).length > 0;
  // The issuer step passed: the proof's issuer is the named one, up to letter case.
  const result: AnchoredResult = {
    ok: true,
    id: checked.id,
    ref: { issuer: integrity.issuer!, root: proof.root, index: proof.index },
    issuerDid: checked.issuer.id,
    format: integrity.format!,
    signed,
    redacted: Object.keys(proof.hidden).length > 0,
    anchors: proof.anchors.map((anchor) => ({ chain: anchor.chain, registry: checksummed(anchor.registry) })),
    proofDepth: proof.path.length,
    validFrom: checked.validFrom,
    validUntil: checked.validUntil,
  };
  return signed ? { result, signedCredential: checked } : { result };
}
