import type { Address, Hex } from 'viem';
import type { Anchor } from '../anchorProof.js';
import { contextV2WithComponents } from '../credential/format.js';
import type { OpenBadgeCredential } from '../credential/types.js';
import { InvalidArgumentError } from '../errors.js';
import { checkIntegrity } from '../integrity.js';

export const COMPONENT_EVIDENCE_TYPE = 'MicrocredComponentEvidence';

/**
 * One component of a stacked credential, as an Open Badges 3.0 `Evidence` entry: the component
 * credential's `id`, a name and narrative people read, and (terms of `MICROCRED_CONTEXT_V2_COMPONENTS`)
 * its issuer's DID, its achievement id, its digest, and where its batch is anchored. The digest names
 * the component exactly (a redacted copy has the same one): a verifier given the component re-checks it.
 */
export interface ComponentEvidence {
  /** The component credential's `id`. */
  id: string;
  type: ['Evidence', typeof COMPONENT_EVIDENCE_TYPE];
  name: string;
  narrative: string;
  /** The component's issuer DID (`issuer.id`). */
  issuer: string;
  /** The component's achievement id. */
  achievement: string;
  /** The component's digest (what its Merkle leaf commits to). */
  digest: Hex;
  /** The component's batch: the anchoring account, root, index, and the chains it is anchored on. */
  anchor: { issuer: Address; root: Hex; index: number; anchors: Anchor[] };
}

/**
 * The evidence entry of a component credential. `issuerLabel` is how the verifier knows its issuer (its
 * verified domain), for the narrative.
 *
 * @throws InvalidArgumentError when the credential does not pass its offline integrity check
 */
export function componentEvidence(credential: unknown, issuerLabel?: string): ComponentEvidence {
  const integrity = checkIntegrity(credential);
  if (!integrity.ok) throw new InvalidArgumentError(`A component must be an intact credential: ${integrity.message}`);
  const checked = integrity.credential!;
  const proof = integrity.anchorProof!;
  const achievement = checked.credentialSubject.achievement;
  const awarded = checked.validFrom.slice(0, 10);
  return {
    id: checked.id,
    type: ['Evidence', COMPONENT_EVIDENCE_TYPE],
    name: achievement.name,
    narrative: `${achievement.name}, awarded by ${issuerLabel ?? checked.issuer.id} on ${awarded}.`,
    issuer: checked.issuer.id,
    achievement: achievement.id,
    digest: integrity.digest!,
    anchor: { issuer: integrity.issuer!, root: proof.root, index: proof.index, anchors: proof.anchors.map(({ chain, registry }) => ({ chain, registry })) },
  };
}

/** A credential (built, not yet salted) carrying `evidence`, with the context that defines its terms. */
export function withComponentEvidence(credential: OpenBadgeCredential, evidence: readonly ComponentEvidence[]): OpenBadgeCredential {
  if (evidence.length === 0) throw new InvalidArgumentError('A stacked credential needs at least one component.');
  return { ...credential, '@context': contextV2WithComponents(), evidence: evidence.map((entry) => ({ ...entry })) };
}

/**
 * The component evidence a credential lists (entries of type `MicrocredComponentEvidence` with a digest),
 * read defensively: anything else in `evidence` is someone else's and is left alone.
 */
export function componentEvidenceOf(credential: unknown): ComponentEvidence[] {
  const evidence = (credential as { evidence?: unknown } | null)?.evidence;
  if (!Array.isArray(evidence)) return [];
  return evidence.filter(
    (entry): entry is ComponentEvidence =>
      typeof entry === 'object' &&
      entry !== null &&
      Array.isArray((entry as { type?: unknown }).type) &&
      (entry as { type: unknown[] }).type.includes(COMPONENT_EVIDENCE_TYPE) &&
      typeof (entry as { digest?: unknown }).digest === 'string' &&
      /^0x[0-9a-fA-F]{64}$/.test((entry as { digest: string }).digest),
  );
}
