import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { expect } from 'chai';
import {
  ANCHOR_PROOF_FORMAT,
  BatchBuilder,
  CredentialValidationError,
  InvalidArgumentError,
  addAnchor,
  buildBatch,
  buildMerkleTree,
  checkIntegrity,
  credentialDigest,
  standardLeaf,
  verifyProof,
} from '../../src/core/index.js';
import { REGISTRY, ISSUER, learnerCredential } from '../helpers/credentials.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

const ANCHOR = { chain: 'eip155:31337', registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } as const;

describe('batch: buildBatch', () => {
  const drafts = Array.from({ length: 11 }, (_, i) => learnerCredential(i));
  const batch = buildBatch(drafts, { issuer: ISSUER.address.toLowerCase(), registry: REGISTRY });

  it('numbers credentials in input order and proves each against one root', () => {
    expect(batch.size).to.equal(11);
    const digests = batch.credentials.map((c) => credentialDigest(c));
    expect(buildMerkleTree(digests).root).to.equal(batch.root);
    batch.credentials.forEach((credential, i) => {
      expect(credential.id).to.equal(drafts[i]!.id);
      expect(anchorProofOf(credential)).to.include({ type: 'MicrocredAnchorProof', format: ANCHOR_PROOF_FORMAT, issuer: ISSUER.address, root: batch.root, index: i });
      expect(anchorProofOf(credential)!.anchors).to.deep.equal([]);
      expect(anchorProofOf(credential)!.hidden).to.deep.equal({});
      expect(checkIntegrity(credential).ok).to.equal(true);
      expect(verifyProof(batch.root, standardLeaf(i, digests[i]!), anchorProofOf(credential)!.path)).to.equal(true);
      // Anyone can check it with OpenZeppelin's library, as MerkleProof.sol would on chain.
      expect(StandardMerkleTree.verify(batch.root, ['uint256', 'bytes32'], [i, digests[i]!], anchorProofOf(credential)!.path)).to.equal(true);
    });
  });

  it('lists the problems of every invalid credential, by index', () => {
    const bad = structuredClone(drafts);
    (bad[2] as any).name = '';
    delete (bad[5] as any).credentialSubject.achievement.criteria;
    try {
      buildBatch(bad, { issuer: ISSUER.address, registry: REGISTRY });
      expect.fail('expected a CredentialValidationError');
    } catch (error) {
      expect(error).to.be.instanceOf(CredentialValidationError);
      expect((error as CredentialValidationError).issues.map((i) => i.path)).to.deep.equal(['2.name', '5.credentialSubject.achievement.criteria']);
    }
  });

  it('refuses a credential of another issuer, and an empty batch', () => {
    expect(() => buildBatch(drafts, { issuer: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', registry: REGISTRY })).to.throw(InvalidArgumentError, /names issuer/);
    expect(() => buildBatch([], { issuer: ISSUER.address, registry: REGISTRY })).to.throw(InvalidArgumentError, /at least one/);
    expect(() => buildBatch(drafts, { issuer: 'me', registry: REGISTRY })).to.throw(InvalidArgumentError, /address/);
  });
});

describe('batch: BatchBuilder (streaming)', () => {
  it('salts and digests on add, proves on demand after finalize', () => {
    const builder = new BatchBuilder({ issuer: ISSUER.address, registry: REGISTRY });
    expect(() => builder.anchorProof(0, { salts: {}, hidden: {} })).to.throw(InvalidArgumentError, /not finalized/);
    // More than the initial digest buffer holds, to cover its growth.
    const salted = Array.from({ length: 1500 }, (_, i) => builder.add(learnerCredential(i % 7)));
    expect(builder.size).to.equal(1500);
    expect(salted.map((s) => s.index)).to.deep.equal([...Array(1500).keys()]);
    const { root, size } = builder.finalize();
    expect(size).to.equal(1500);
    expect(root).to.equal(buildMerkleTree(salted.map((s) => s.digest)).root);
    expect(() => builder.add(learnerCredential(1))).to.throw(InvalidArgumentError, /finalized/);
    for (const i of [0, 1, 777, 1499]) {
      const credential = builder.anchor(salted[i]!);
      expect(checkIntegrity(credential).ok).to.equal(true);
      expect(credentialDigest(credential)).to.equal(salted[i]!.digest);
    }
  });

  it('refuses to finalize an empty batch', () => {
    expect(() => new BatchBuilder({ issuer: ISSUER.address, registry: REGISTRY }).finalize()).to.throw(InvalidArgumentError, /at least one/);
  });
});

describe('batch: anchors', () => {
  const [credential] = buildBatch([learnerCredential(1)], { issuer: ISSUER.address, registry: REGISTRY }).credentials;

  it('adds anchors once each, outside the digest', () => {
    const once = addAnchor(credential!, { chain: ANCHOR.chain, registry: ANCHOR.registry.toLowerCase() as `0x${string}` });
    const twice = addAnchor(addAnchor(once, ANCHOR), { chain: 'eip155:11155111', registry: ANCHOR.registry });
    expect(anchorProofOf(twice)!.anchors).to.deep.equal([ANCHOR, { chain: 'eip155:11155111', registry: ANCHOR.registry }]);
    expect(anchorProofOf(credential!)!.anchors).to.deep.equal([]);
    expect(checkIntegrity(twice).ok).to.equal(true);
    expect(credentialDigest(twice)).to.equal(credentialDigest(credential!));
  });

  it('refuses malformed anchors', () => {
    expect(() => addAnchor(credential!, { chain: '31337', registry: ANCHOR.registry })).to.throw(InvalidArgumentError, /CAIP-2/);
    expect(() => addAnchor(credential!, { chain: ANCHOR.chain, registry: '0x12' })).to.throw(InvalidArgumentError, /registry/);
  });
});
