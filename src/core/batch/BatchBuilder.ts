import { type Address, type Hex, getAddress, isAddress } from 'viem';
import { ANCHOR_PROOF_FORMAT, ANCHOR_PROOF_TYPE, type AnchorProof } from '../anchorProof.js';
import { hexToBytes } from '../bytes.js';
import { credentialFormat, registryStatusEntry } from '../credential/format.js';
import type { RegistryStatusEntry } from '../credential/types.js';
import { didPkhAddress } from '../credential/issuer.js';
import type { OpenBadgeCredential } from '../credential/types.js';
import { validateCredential } from '../credential/validate.js';
import { digestOf, saltCredential } from '../disclosure/digest.js';
import type { Disclosure } from '../disclosure/form.js';
import { InvalidArgumentError } from '../errors.js';
import { MAX_INDEX } from '../merkle/leaf.js';
import { type MerkleTree, buildMerkleTree } from '../merkle/tree.js';
import type { AnchoredCredential, BatchOptions, SaltedCredential } from './types.js';

/**
 * Builds a batch one credential at a time, keeping only 32 bytes per credential (its digest) until the
 * tree is built, and each credential's Merkle path only when asked for it: a batch of a million
 * credentials needs ~250 MB besides whatever the caller keeps. Salted credentials go back to the caller
 * to store (they hold the salts); after `finalize`, `anchor` or `anchorProof` gives each its proof entry.
 * Credentials come out in format v2: a status entry and a `proof` list (the issuer's signature, added
 * after, goes in front of the anchor proof: see `signCredentials`).
 *
 * @example
 * const builder = new BatchBuilder({ issuer })
 * for (const credential of credentials) store.put(builder.add(credential))
 * const { root, size } = builder.finalize()
 * for (const salted of store.all()) write(builder.anchor(salted))
 */
export class BatchBuilder {
  readonly issuer: Address;
  readonly registry: Address;
  private digests = new Uint8Array(32 * 1024);
  private count = 0;
  private tree: MerkleTree | undefined;

  constructor(options: BatchOptions) {
    if (!isAddress(options?.issuer ?? '', { strict: false })) {
      throw new InvalidArgumentError('Batch issuer must be a 20-byte 0x address.', { details: `got ${options?.issuer}` });
    }
    if (!isAddress(options?.registry ?? '', { strict: false })) {
      throw new InvalidArgumentError('Batch registry must be a 20-byte 0x address.', { details: `got ${options?.registry}` });
    }
    this.issuer = getAddress(options.issuer);
    this.registry = getAddress(options.registry);
  }

  /** Credentials added so far. */
  get size(): number {
    return this.count;
  }

  /** Validates, salts and digests one credential, giving it the next index (0, 1, ...). */
  add(credential: OpenBadgeCredential): SaltedCredential {
    this.refuseMore();
    const { digest, disclosure } = saltForBatch(credential, this.issuer, this.count);
    return { index: this.addDigest(digest), digest, credential, disclosure };
  }

  /**
   * Gives the next index to a credential `saltForBatch` salted and digested for this batch's issuer
   * elsewhere (another thread, say), by its digest: `add` is `saltForBatch` then `addDigest`.
   */
  addDigest(digest: Hex): number {
    this.refuseMore();
    if (32 * (this.count + 1) > this.digests.length) {
      const grown = new Uint8Array(this.digests.length * 2);
      grown.set(this.digests);
      this.digests = grown;
    }
    this.digests.set(hexToBytes(digest, 32), 32 * this.count);
    return this.count++;
  }

  private refuseMore(): void {
    if (this.tree) throw new InvalidArgumentError('Batch is finalized; start a new BatchBuilder for more credentials.');
    if (this.count > MAX_INDEX) throw new InvalidArgumentError(`A batch holds at most ${MAX_INDEX + 1} credentials.`);
  }

  /** Builds the Merkle tree over every digest added; no credential can be added after. */
  finalize(): { root: Hex; size: number } {
    if (!this.tree) {
      if (this.count === 0) throw new InvalidArgumentError('A batch needs at least one credential.');
      this.tree = buildMerkleTree(this.digests.subarray(0, 32 * this.count));
      this.digests = new Uint8Array(0); // the tree has its own copy: 32 MB less for a million credentials
    }
    return { root: this.tree.root, size: this.count };
  }

  /** The proof entry of credential `index` (anchors empty until `addAnchor`). */
  anchorProof(index: number, disclosure: Disclosure): AnchorProof {
    const tree = this.finalized();
    return {
      type: ANCHOR_PROOF_TYPE,
      format: ANCHOR_PROOF_FORMAT,
      issuer: this.issuer,
      root: tree.root,
      index,
      path: tree.proof(index),
      salts: { ...disclosure.salts },
      hidden: { ...disclosure.hidden },
      anchors: [],
    };
  }

  /** The salted credential with its status entry and anchor proof: the file the holder receives, unsigned. */
  anchor(salted: SaltedCredential): AnchoredCredential {
    const { credentialStatus, proof } = this.anchoring(salted.index, salted.disclosure);
    return { ...salted.credential, credentialStatus, proof: [proof] };
  }

  /**
   * What `anchor` adds to credential `index`, in the order it adds them: the status entry and the anchor
   * proof. For a caller that keeps salted credentials elsewhere than in memory (as their JSON text).
   */
  anchoring(index: number, disclosure: Disclosure): { credentialStatus: RegistryStatusEntry; proof: AnchorProof } {
    const proof = this.anchorProof(index, disclosure);
    return { credentialStatus: registryStatusEntry({ registry: this.registry, issuer: this.issuer, root: proof.root, index }), proof };
  }

  private finalized(): MerkleTree {
    if (!this.tree) throw new InvalidArgumentError('Batch is not finalized yet: call finalize() first.');
    return this.tree;
  }
}

/**
 * What `BatchBuilder.add` does to a credential before it takes its place: validates it (a new format v2
 * credential without a proof, naming `issuer` if it names an account), then salts and digests it. `index`
 * only names the credential in errors.
 */
export function saltForBatch(credential: OpenBadgeCredential, issuer: Address, index: number): { digest: Hex; disclosure: Disclosure } {
  validateCredential(credential);
  return saltBuiltForBatch(credential, issuer, index);
}

/**
 * `saltForBatch` of a credential `buildCredential` has just returned, which has validated it: a second
 * validation would cost as much again (13-15 µs a credential, measured), which an issuing thread building
 * a million credentials does not need to pay. Anything else must go through `saltForBatch`.
 */
export function saltBuiltForBatch(credential: OpenBadgeCredential, issuer: Address, index: number): { digest: Hex; disclosure: Disclosure } {
  if (credential.proof !== undefined || credentialFormat(credential) !== 'v2') {
    throw new InvalidArgumentError(`Credential ${index} is not a new format v2 credential without a proof (build it with buildCredential).`);
  }
  const named = didPkhAddress(credential.issuer.id);
  if (named !== undefined && named !== issuer) {
    throw new InvalidArgumentError(`Credential ${index} names issuer ${named}, not the batch's issuer ${issuer}.`);
  }
  const disclosure = saltCredential(credential);
  return { digest: digestOf(credential, disclosure), disclosure };
}
