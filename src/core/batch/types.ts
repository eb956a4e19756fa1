import type { Hex } from 'viem';
import type { AnchorProof } from '../anchorProof.js';
import type { OpenBadgeCredential } from '../credential/types.js';
import type { Disclosure } from '../disclosure/form.js';

/** A credential with its proof entry: what the holder keeps and the verifier checks. */
export type AnchoredCredential = OpenBadgeCredential & { proof: AnchorProof };

/** A credential given its place in a batch, salted and digested, waiting for the batch's root. */
export interface SaltedCredential {
  index: number;
  digest: Hex;
  credential: OpenBadgeCredential;
  disclosure: Disclosure;
}

export interface BatchOptions {
  /** The issuing address; every credential's issuer profile must name it. */
  issuer: string;
}

export interface Batch {
  root: Hex;
  size: number;
  /** In input order: `credentials[i].proof.index === i`. */
  credentials: AnchoredCredential[];
}
