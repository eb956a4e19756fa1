import type { Address, Hex } from 'viem';
import { ANCHOR_PROOF_TYPE, type AnchorProof } from '../anchorProof.js';
import { MICROCRED_CONTEXT_V2, MICROCRED_CONTEXT_V2_COMPONENTS } from '../jsonld/microcredContext.js';
import {
  type CredentialContextV2,
  type DataIntegrityProof,
  OB_CONTEXT,
  type OpenBadgeCredential,
  REGISTRY_STATUS_TYPE,
  type RegistryStatusEntry,
  VC_CONTEXT,
} from './types.js';

/**
 * The credential formats, told apart by the shape of `proof`:
 * - **v2** (written today, Open Badges 3.0 conformant): `proof` is a list (the anchor proof, and the
 *   issuer's `eddsa-rdfc-2022` signature in a full copy); `@context` ends with microcred's own embedded
 *   context; a `credentialStatus` entry points at the registry bit; the issuer is any DID; the digest
 *   covers everything but `proof` and `credentialStatus`, under its own domain tag.
 * - **v1**: `proof` is the anchor proof itself; the issuer is `did:pkh`; no status entry. Verifies forever.
 * A credential without `proof` (salted, before its batch's root exists) is v2 unless its context is v1's.
 */
export type CredentialFormat = 'v1' | 'v2';

export function credentialFormat(credential: Pick<OpenBadgeCredential, 'proof' | '@context'>): CredentialFormat {
  if (Array.isArray(credential.proof)) return 'v2';
  if (credential.proof !== undefined) return 'v1';
  return Array.isArray(credential['@context']) && credential['@context'].length === 3 ? 'v2' : 'v1';
}

// One deeply frozen copy shared by every credential built (a million credentials, one context object).
const FROZEN_CONTEXT = deepFreeze(JSON.parse(JSON.stringify(MICROCRED_CONTEXT_V2)) as typeof MICROCRED_CONTEXT_V2);

/** The `@context` of a v2 credential: a fresh list whose last entry is the shared, frozen microcred context. */
export function contextV2(): CredentialContextV2 {
  return [VC_CONTEXT, OB_CONTEXT, FROZEN_CONTEXT];
}

const FROZEN_COMPONENTS_CONTEXT = deepFreeze(JSON.parse(JSON.stringify(MICROCRED_CONTEXT_V2_COMPONENTS)) as typeof MICROCRED_CONTEXT_V2_COMPONENTS);

/** The `@context` of a v2 credential with component evidence (a stacked credential): the v2 terms and the evidence's. */
export function contextV2WithComponents(): CredentialContextV2 {
  return [VC_CONTEXT, OB_CONTEXT, FROZEN_COMPONENTS_CONTEXT];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

/** The anchor proof of a credential of either format, or undefined when it has none (yet). */
export function anchorProofOf(credential: Pick<OpenBadgeCredential, 'proof'>): AnchorProof | undefined {
  const { proof } = credential;
  if (!Array.isArray(proof)) return proof;
  return proof.find((entry): entry is AnchorProof => entry?.type === ANCHOR_PROOF_TYPE);
}

/** The Data Integrity proofs (issuer signatures) a v2 credential carries; none in v1 or a redacted copy. */
export function signatureProofsOf(credential: Pick<OpenBadgeCredential, 'proof'>): DataIntegrityProof[] {
  const { proof } = credential;
  if (!Array.isArray(proof)) return [];
  return proof.filter((entry): entry is DataIntegrityProof => entry?.type === 'DataIntegrityProof');
}

/**
 * A shallow copy of the credential with `anchor` in place of its anchor proof, in the credential's own
 * format: v1's single object, or v2's list (signatures first, the anchor proof last). `keepSignatures`
 * false drops the signatures (a change the signature covers breaks it).
 */
export function withAnchorProof<T extends OpenBadgeCredential>(credential: T, anchor: AnchorProof, { keepSignatures = true } = {}): T & { proof: AnchorProof | AnchorProof[] } {
  if (credentialFormat(credential) === 'v1') return { ...credential, proof: anchor };
  const current = Array.isArray(credential.proof) ? credential.proof : [];
  const others = current.filter((entry) => entry?.type !== ANCHOR_PROOF_TYPE && (keepSignatures || entry?.type !== 'DataIntegrityProof'));
  return { ...credential, proof: [...(others as AnchorProof[]), anchor] };
}

/** The `credentialStatus` entry of credential `index` of batch (`issuer`, `root`) in `registry`. */
export function registryStatusEntry(where: { registry: Address; issuer: Address; root: Hex; index: number }): RegistryStatusEntry {
  const { registry, issuer, root, index } = where;
  return { id: `urn:microcred:status:${registry}:${issuer}:${root}:${index}`, type: REGISTRY_STATUS_TYPE, registry, issuer, root, index };
}

/**
 * Where a v2 credential's status entry disagrees with its anchor proof (issuer, root, index, or an `id`
 * not made of its own fields), in words; undefined when they agree. The entry is outside the digest, so
 * this is what ties it to the anchored batch.
 */
export function statusEntryMismatch(status: RegistryStatusEntry, anchor: AnchorProof): string | undefined {
  const expected = registryStatusEntry({ registry: status.registry, issuer: anchor.issuer, root: anchor.root, index: anchor.index });
  const differ = (['issuer', 'root', 'index', 'id'] as const).filter((key) => String(status[key]).toLowerCase() !== String(expected[key]).toLowerCase());
  if (differ.length === 0) return undefined;
  return `its credentialStatus names another ${differ.join(', ')} than its anchor proof (${differ.map((key) => `${key} ${expected[key]}`).join(', ')})`;
}
