import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { addAnchor, buildBatch, checkIntegrity, componentEvidence, validatePathway } from '../../src/core/index.js';
import { AlreadyIssuedError, issueStacked, stackedLearnerId } from '../../src/node/issuer/index.js';
import { REGISTRY, learnerCredential } from '../helpers/credentials.js';
import { REPO_ROOT } from '../helpers/chain.js';
import { type TempStore, tempStore } from '../helpers/store.js';

const pathway = validatePathway(JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/pathway.json'), 'utf8')));
const ISSUER = { address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', did: pathway.issuer, name: 'Example University' } as const;
const AMARA = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const KOFI = 'did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH';

describe('issuer: issueStacked (a batch of stacked credentials)', function () {
  this.timeout(30_000);
  let temp: TempStore;
  beforeEach(() => {
    temp = tempStore();
  });
  afterEach(() => temp.cleanup());

  const components = buildBatch([learnerCredential(1), learnerCredential(2)], { issuer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', registry: REGISTRY }).credentials.map((c) =>
    addAnchor(c, { chain: 'eip155:31337', registry: REGISTRY }),
  );
  const stack = (learners: { holder: string; name: string }[], issuer: { address: `0x${string}`; did: string; name: string } = ISSUER) =>
    issueStacked({
      store: temp.store,
      pathway,
      learners: learners.map((learner, i) => ({ ...learner, evidence: [componentEvidence(components[i]!)] })),
      rosterDir: path.join(temp.dir, '.microcred', 'stacks'),
      issuer,
      outDir: path.join(temp.dir, 'credentials'),
    });

  it('issues one batch for many learners: the target achievement, each learner\'s DID, its own evidence; the roster it wrote is recorded', async () => {
    const batch = await stack([{ holder: AMARA, name: 'Amara Okafor' }, { holder: KOFI, name: 'Kofi Mensah' }]);
    expect(batch.size).to.equal(2);
    const [amara, kofi] = batch.credentials.map((c) => JSON.parse(readFileSync(c.file, 'utf8')));
    for (const [credential, holder, component] of [[amara, AMARA, components[0]!], [kofi, KOFI, components[1]!]] as const) {
      expect(checkIntegrity(credential).ok).to.equal(true);
      expect(credential.credentialSubject.id).to.equal(holder);
      expect(credential.credentialSubject.achievement.id).to.equal(pathway.achievement.id);
      expect(credential.evidence).to.have.length(1);
      expect(credential.evidence[0]).to.include({ id: component.id, digest: checkIntegrity(component).digest });
    }
    expect(batch.credentials.map((c) => c.learnerId)).to.deep.equal([stackedLearnerId(AMARA), stackedLearnerId(KOFI)]);
    const roster = temp.store.batches.list()[0]!.roster!;
    expect(readFileSync(roster, 'utf8').trim().split('\n').map((line) => JSON.parse(line).holder)).to.deep.equal([AMARA, KOFI]);
  });

  it('refuses another issuer\'s pathway, and a learner stacked before (like any roster)', async () => {
    let refused: unknown;
    try {
      await stack([{ holder: AMARA, name: 'Amara Okafor' }], { ...ISSUER, did: 'did:web:elsewhere.example' });
    } catch (error) {
      refused = error;
    }
    expect(String(refused)).to.match(/is awarded by did:web:credentials\.example\.edu, not by this issuer \(did:web:elsewhere\.example\)/);
    await stack([{ holder: AMARA, name: 'Amara Okafor' }]);
    let again: unknown;
    try {
      await stack([{ holder: AMARA, name: 'Amara Okafor' }]);
    } catch (error) {
      again = error;
    }
    expect(again).to.be.instanceOf(AlreadyIssuedError);
  });

  it('derives a learner id a file can be named by from any DID', () => {
    expect(stackedLearnerId(AMARA)).to.equal(`did_key_${AMARA.slice('did:key:'.length)}`);
    expect(stackedLearnerId(`did:web:${'a'.repeat(200)}.example`)).to.match(/^did-[0-9a-f]{32}$/);
  });
});
