import type { Address, Hex } from 'viem';

/**
 * The credential's `proof` entry: everything a verifier needs besides the credential itself to recompute
 * its digest, its leaf and its batch's root, and to find that root on chain. Versioned by `format`: a
 * change is a new format, and credentials of old formats keep verifying.
 *
 * @example
 * {
 *   "type": "MicrocredAnchorProof",
 *   "format": "microcred-anchor-v2",
 *   "issuer": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
 *   "root": "0x5b6d…",
 *   "index": 2,
 *   "path": ["0x1f0e…", "0x8a4c…"],
 *   "salts": { "credentialSubject.identifier.0": "0x3c3f81e5d3e6d1a58e7e53b8f4b1e0aa" },
 *   "hidden": { "credentialSubject.identifier.2": "0x9d1b…" },
 *   "anchors": [{ "chain": "eip155:31337", "registry": "0x5FbDB2315678afecb367f032d93F642f64180aa3" }]
 * }
 */
export interface AnchorProof {
  type: typeof ANCHOR_PROOF_TYPE;
  /** `microcred-anchor-v2` for credentials written today; `microcred-anchor-v1` files verify forever. */
  format: AnchorProofFormat;
  /** The issuing address: the registry keys the batch by (issuer, root). */
  issuer: Address;
  /** Root of the batch's Merkle tree (OpenZeppelin StandardMerkleTree, leaves `[index, digest]`). */
  root: Hex;
  /** The credential's position in its batch; also the index of its revocation bit. */
  index: number;
  /** Sibling hashes from the credential's leaf to the root (`MerkleProof.verify`'s `proof`). */
  path: Hex[];
  /** 16-byte salt of each disclosable field the credential shows, by field path (see disclosure/fields). */
  salts: Record<string, Hex>;
  /** Commitment of each disclosable field the holder hid, by field path; empty until something is hidden. */
  hidden: Record<string, Hex>;
  /** Where the root is anchored; empty until the batch is anchored (see `addAnchor`). */
  anchors: Anchor[];
}

/**
 * A CAIP-2 EVM chain id as anchors write it: `eip155:` and the chain id in decimal, without leading zeros
 * (one spelling per chain, so `eip155:031337` can't pass for `eip155:31337` or dodge the chain check).
 */
export const EIP155_CHAIN_ID = /^eip155:([1-9][0-9]{0,15})$/;

/** A registry the batch root was anchored in. */
export interface Anchor {
  /** CAIP-2 chain id, e.g. `eip155:31337` (see `EIP155_CHAIN_ID`). */
  chain: string;
  registry: Address;
}

export const ANCHOR_PROOF_TYPE = 'MicrocredAnchorProof';
/** The format this version writes (see `credential/format.ts` for what changed from v1). */
export const ANCHOR_PROOF_FORMAT = 'microcred-anchor-v2';
/** Format v1 (single `proof` object, did:pkh issuer, no status entry): read, never written. */
export const ANCHOR_PROOF_FORMAT_V1 = 'microcred-anchor-v1';
export const ANCHOR_PROOF_FORMATS = [ANCHOR_PROOF_FORMAT_V1, ANCHOR_PROOF_FORMAT] as const;
export type AnchorProofFormat = (typeof ANCHOR_PROOF_FORMATS)[number];
