export {
  BaseError,
  type BaseErrorParameters,
  CredentialValidationError,
  InvalidArgumentError,
  InvariantError,
  type ValidationIssue,
} from './errors.js';
export { MAX_INDEX, type MerkleTree, buildMerkleTree, processProof, standardLeaf, verifyProof } from './merkle/index.js';
