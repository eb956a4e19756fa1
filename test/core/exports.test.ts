import { expect } from 'chai';
import * as core from '../../src/core/index.js';

describe('core: public surface', () => {
  it('exports exactly these names (a change here is an API change: review it)', () => {
    expect(Object.keys(core).sort()).to.deep.equal([
      'ANCHOR_PROOF_FORMAT',
      'ANCHOR_PROOF_TYPE',
      'BaseError',
      'BatchBuilder',
      'CredentialValidationError',
      'DISCLOSABLE_ARRAYS',
      'DISCLOSABLE_FIELDS',
      'DisclosureError',
      'InvalidArgumentError',
      'InvariantError',
      'MAX_INDEX',
      'MAX_JSON_DEPTH',
      'OB_CONTEXT',
      'SALT_BYTES',
      'StrictJsonError',
      'VC_CONTEXT',
      'addAnchor',
      'buildBatch',
      'buildCredential',
      'buildMerkleTree',
      'canonicalJson',
      'checkIntegrity',
      'commitmentForm',
      'credentialDigest',
      'fieldCommitment',
      'hideFieldKinds',
      'isDisclosablePath',
      'issuerAddress',
      'issuerDid',
      'parseStrictJson',
      'processProof',
      'redact',
      'saltCredential',
      'shownFields',
      'standardLeaf',
      'validateAchievementTemplate',
      'validateCredential',
      'verifyProof',
    ]);
  });
});
