export { MAX_INDEX, standardLeaf } from './leaf.js';
export { type MerkleTree, buildMerkleTree } from './tree.js';
export { processProof, verifyProof } from './verify.js';
