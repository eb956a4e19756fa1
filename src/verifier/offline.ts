import { checksummed } from '../core/credential/issuer.js';
import type { Anchor } from '../core/anchorProof.js';
import type { AnchoredCredential } from '../core/batch/types.js';
import { type CredentialFormat, signatureProofsOf } from '../core/credential/format.js';
import { checkIntegrity } from '../core/index.js';
import type { CredentialRef } from '../chain/reads.js';

/** What can be known about a credential without a chain: its shape, its digest, its Merkle proof. */
export type OfflineResult = AnchoredResult | OfflineFailure;

/** A well-formed, untampered credential whose proof is for the issuer it names: what the chain is asked about. */
export interface AnchoredResult {
  ok: true;
  id: string;
  /** `ref.issuer` is the account that anchored the batch: the anchor proof's issuer, which the credential names. */
  ref: CredentialRef;
  /** The issuer's DID (`issuer.id`). */
  issuerDid: string;
  /** The credential, checked: what the signature check reads. */
  credential: AnchoredCredential;
  format: CredentialFormat;
  /** Whether it carries an issuer signature (a Data Integrity proof). */
  signed: boolean;
  /** Whether the holder hid any field (a redacted copy carries no signature). */
  redacted: boolean;
  anchors: Anchor[];
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

/** Runs the core's offline integrity check and extracts what the chain checks need. */
export function checkOffline(credential: unknown): OfflineResult {
  const id = typeof (credential as { id?: unknown })?.id === 'string' ? (credential as { id: string }).id : undefined;
  const integrity = checkIntegrity(credential);
  if (!integrity.ok) {
    const status = integrity.failedStep === 'schema' ? 'malformed' : integrity.failedStep === 'issuer' ? 'issuer-mismatch' : 'tampered';
    return { ok: false, status, message: integrity.message, id };
  }
  const checked = integrity.credential!;
  const proof = integrity.anchorProof!;
  // The issuer step passed: the proof's issuer is the named one, up to letter case.
  return {
    ok: true,
    id: checked.id,
    ref: { issuer: integrity.issuer!, root: proof.root, index: proof.index },
    issuerDid: checked.issuer.id,
    credential: checked,
    format: integrity.format!,
    signed: signatureProofsOf(checked).length > 0,
    redacted: Object.keys(proof.hidden).length > 0,
    anchors: proof.anchors.map((anchor) => ({ chain: anchor.chain, registry: checksummed(anchor.registry) })),
    validFrom: checked.validFrom,
    validUntil: checked.validUntil,
  };
}
