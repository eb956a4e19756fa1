import { readFileSync, readdirSync } from 'node:fs';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { expect } from 'chai';
import {
  type AnchoredCredential,
  type DidDocument,
  buildMerkleTree,
  checkIntegrity,
  credentialDigest,
  signatureProofsOf,
  standardLeaf,
  verifyCredentialSignature,
  verifyProof,
} from '../../src/core/index.js';
import { anchorProofOf } from '../../src/core/credential/format.js';
import { checkDataIntegritySignature, checkOpenBadgeCredential } from '../standards/conformance.js';

/**
 * Credentials and a batch made by earlier versions of each format (test/fixtures/v1 and v2, each written
 * once by test/fixtures/generate.ts). Holders keep credentials for decades: whatever changes in this code,
 * these must keep verifying, byte for byte as they were issued.
 */
const FORMATS = [
  { format: 'v1', anchor: { chain: 'eip155:31337', registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3' }, hiddenDescription: true },
  { format: 'v2', anchor: { chain: 'eip155:31337', registry: '0xd5EE96bfc08DceE8A50C2CBfa7c3392908F8FA12' }, hiddenDescription: false },
] as const;

for (const { format, anchor, hiddenDescription } of FORMATS) {
  const dir = new URL(`../fixtures/${format}/`, import.meta.url);
  const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
  const batch: { format: string; root: `0x${string}`; size: number; digests: `0x${string}`[] } = read('batch.json');
  const files = readdirSync(dir).filter((name) => name.startsWith('credential-'));

  describe(`fixtures: format ${format} credentials made by an earlier version`, () => {
    it('has the committed batch of 4 and its 5 credential files', () => {
      expect(batch).to.include({ format: `microcred-anchor-${format}`, size: 4 });
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
        expect(result.format).to.equal(format);
        const { index, root, path } = anchorProofOf(credential)!;
        expect(root).to.equal(batch.root);
        expect(credentialDigest(credential)).to.equal(batch.digests[index]);
        expect(verifyProof(root, standardLeaf(index, batch.digests[index]!), path)).to.equal(true);
        expect(StandardMerkleTree.verify(root, ['uint256', 'bytes32'], [index, batch.digests[index]!], path)).to.equal(true);
        expect(anchorProofOf(credential)!.anchors).to.deep.equal([anchor]);
      });
    }

    it('keeps the redacted fixture free of what it hides', () => {
      const text = readFileSync(new URL('credential-1-redacted.json', dir), 'utf8');
      const full: AnchoredCredential = read('credential-1.json');
      const hidden = ['S2025-0002', 'lucia.garcia@students.example.edu', 'Data analysis'];
      if (hiddenDescription) hidden.push(full.credentialSubject.achievement.description!);
      for (const value of hidden) expect(text).not.to.contain(value);
      expect(text).to.contain('Lucía'); // the name stays shown
    });
  });
}

describe('fixtures: format v2 is signed, and Open Badges 3.0 by the official validators', () => {
  const dir = new URL('../fixtures/v2/', import.meta.url);
  const read = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
  const document: DidDocument = read('did.json');
  const full = ['credential-0.json', 'credential-1.json', 'credential-2.json', 'credential-3.json'];

  for (const file of full) {
    it(`${file}: its eddsa-rdfc-2022 signature verifies, by microcred and by @digitalbazaar/vc alone`, async () => {
      const credential = read(file);
      expect(await verifyCredentialSignature(credential, { resolveDid: async (did) => (did === document.id ? document : undefined) })).to.include({ verified: true });
      expect(await checkDataIntegritySignature(credential, document)).to.deep.equal([]);
    });
  }

  for (const file of [...full, 'credential-1-redacted.json']) {
    it(`${file}: passes the OB 3.0 JSON Schema and JSON-LD safe mode`, async () => {
      expect(await checkOpenBadgeCredential(read(file))).to.deep.equal({ schema: [], jsonld: [] });
    });
  }

  it('the redacted copy carries no signature (hiding a field would break it)', () => {
    expect(signatureProofsOf(read('credential-1-redacted.json'))).to.deep.equal([]);
    expect(signatureProofsOf(read('credential-1.json'))).to.have.length(1);
  });
});
