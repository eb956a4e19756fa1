import type { Hex } from 'viem';
import type { AnchorProof } from '../anchorProof.js';
import type { CredentialProof, OpenBadgeCredential } from '../credential/types.js';
import type { Disclosure } from '../disclosure/form.js';

/**
 * A credential with its proof: what the holder keeps and the verifier checks. Format v2 (`proof` a list
 * holding the anchor proof) or v1 (`proof` the anchor proof); read the anchor proof with `anchorProofOf`.
 */
export type AnchoredCredential = OpenBadgeCredential & { proof: AnchorProof | CredentialProof[] };

/** A credential given its place in a batch, salted and digested, waiting for the batch's root. */
export interface SaltedCredential {
  index: number;
  digest: Hex;
  credential: OpenBadgeCredential;
  disclosure: Disclosure;
}

export interface BatchOptions {
  /** The account that anchors the batch; a did:pkh issuer profile must name it. */
  issuer: string;
  /**
   * The registry the credentials' status entries point at: the microcred registry's address, which is the
   * same on every chain (`CANONICAL_REGISTRY` of microcred/abi), unless the issuer runs its own.
   */
  registry: string;
}

export interface Batch {
  root: Hex;
  size: number;
  /** In input order: credential `i`'s anchor proof has `index` i. */
  credentials: AnchoredCredential[];
}
