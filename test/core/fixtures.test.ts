import { readFileSync, readdirSync } from 'node:fs';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { expect } from 'chai';
import { type AnchoredCredential, buildMerkleTree, checkIntegrity, credentialDigest, standardLeaf, verifyProof } from '../../src/core/index.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

/**
 * Credentials and a batch made by the first version of format microcred-anchor-v1 (test/fixtures/v1,
 * written once by test/fixtures/generate.ts). Holders keep credentials for decades: whatever changes in
 * this code, these must keep verifying, byte for byte as they were issued.
 */
const dir = new URL('../fixtures/v1/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const batch: { format: string; root: `0x${string}`; size: number; digests: `0x${string}`[] } = read('batch.json');
const files = readdirSync(dir).filter((name) => name.startsWith('credential-'));

describe('fixtures: microcred-anchor-v1 credentials made by an earlier version', () => {
  it('has the committed batch of 4 and its 5 credential files', () => {
    expect(batch).to.include({ format: 'microcred-anchor-v1', size: 4 });
    expect(files).to.have.members(['credential-0.json', 'credential-1.json', 'credential-2.json', 'credential-3.json', 'credential-1-redacted.json']);
  });

  it('rebuilds the batch root from the recorded digests, as ours and as OpenZeppelin', () => {
    expect(buildMerkleTree(batch.digests).root).to.equal(batch.root);
    expect(StandardMerkleTree.of(batch.digests.map((d, i) => [i, d]), ['uint256', 'bytes32']).root).to.equal(batch.root);
  });

  for (const file of files) {
    it(`verifies ${file}: same digest as issued, leaf and path to the batch root`, () => {
      const credential: AnchoredCredential = read(file);
      const result = checkIntegrity(credential);
      expect(result.ok, result.message).to.equal(true);
      const { index, root, path } = anchorProofOf(credential)!;
      expect(root).to.equal(batch.root);
      expect(credentialDigest(credential)).to.equal(batch.digests[index]);
      expect(verifyProof(root, standardLeaf(index, batch.digests[index]!), path)).to.equal(true);
      expect(StandardMerkleTree.verify(root, ['uint256', 'bytes32'], [index, batch.digests[index]!], path)).to.equal(true);
      expect(anchorProofOf(credential)!.anchors).to.deep.equal([{ chain: 'eip155:31337', registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3' }]);
    });
  }

  it('keeps the redacted fixture free of what it hides', () => {
    const text = readFileSync(new URL('credential-1-redacted.json', dir), 'utf8');
    const full: AnchoredCredential = read('credential-1.json');
    for (const hidden of ['S2025-0002', 'lucia.garcia@students.example.edu', full.credentialSubject.achievement.description!, 'Data analysis']) {
      expect(text).not.to.contain(hidden);
    }
    expect(text).to.contain('Lucía'); // the name stays shown
  });
});
