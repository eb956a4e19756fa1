// Revoke and suspend by file act on the credential the file is, by its digest, root and index, never on
// the `id` it claims: a learner who sends the registrar a file carrying another learner's id must not get
// that learner revoked.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { readCredentialStates } from '../../src/chain/reads.js';
import { type AnchoredCredential, hideFieldKinds } from '../../src/core/index.js';
import {
  CredentialEvidenceError,
  type IssueRosterReturnType,
  anchorStoredBatch,
  issueRoster,
  revokeStoredCredentials,
  suspendStoredCredentials,
} from '../../src/node/issuer/index.js';
import { REPO_ROOT, type TestChain, inProcessChain } from '../helpers/chain.js';
import { type TempStore, tempStore } from '../helpers/store.js';
import { anchorProofOf } from '../../src/core/credential/format.js';

const TEMPLATE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples/achievement.json'), 'utf8')) as unknown;
const ROSTER = path.join(REPO_ROOT, 'examples/roster.csv');

describe('issuer: credential files are found by evidence, not by the id they claim', function () {
  this.timeout(60_000);
  let chain: TestChain;
  let temp: TempStore;
  let issued: IssueRosterReturnType;
  let inbox: string;

  beforeEach(async () => {
    chain = await inProcessChain();
    temp = tempStore();
    issued = await issueRoster({
      store: temp.store,
      rosterPath: ROSTER,
      template: TEMPLATE,
      issuer: { address: chain.accounts[0]!, name: 'Example University' },
      outDir: path.join(temp.dir, 'credentials'),
    });
    await anchorStoredBatch({ store: temp.store, batchId: issued.batchId, writer: chain.writer });
    // Where a registrar saves what learners send: not the path the store wrote the file to.
    inbox = path.join(temp.dir, 'inbox');
    mkdirSync(inbox);
  });
  afterEach(() => temp.cleanup());

  const credentialOf = (index: number) => JSON.parse(readFileSync(issued.credentials[index]!.file, 'utf8')) as AnchoredCredential;
  const save = (name: string, credential: unknown) => {
    const file = path.join(inbox, name);
    writeFileSync(file, JSON.stringify(credential, null, 2));
    return file;
  };
  const states = (indexes: number[]) =>
    readCredentialStates(chain.registry, indexes.map((index) => ({ issuer: issued.issuer, root: issued.root, index })));
  const actionsFor = (indexes: number[]) => indexes.flatMap((index) => temp.store.actions.forCredential(issued.credentials[index]!.id));

  async function expectRefused(run: Promise<unknown>, reason: RegExp): Promise<CredentialEvidenceError> {
    const error = await run.then(
      () => expect.fail('expected the file to be refused'),
      (caught: unknown) => caught,
    );
    expect(error, String(error)).to.be.instanceOf(CredentialEvidenceError);
    expect((error as CredentialEvidenceError).message).to.match(reason).and.match(/Nothing was changed/);
    return error as CredentialEvidenceError;
  }

  it('refuses a copy of one learner\'s file whose id was changed to another learner\'s, and revokes no one', async () => {
    const forged = credentialOf(3);
    forged.id = issued.credentials[5]!.id;
    const file = save('from-learner-3.json', forged);
    // The same forgery with the proof's index moved to the other learner's too.
    const moved = structuredClone(forged);
    anchorProofOf(moved)!.index = 5;
    const movedFile = save('from-learner-3-index-5.json', moved);

    const error = await expectRefused(
      revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [file, movedFile], reason: 1 }),
      /does not match any credential this store issued/,
    );
    expect(error.reasons).to.have.length(2);
    expect(error.reasons[0]).to.equal(
      `${file} does not match any credential this store issued: its digest differs from credential 3 of batch ${issued.batchId} ` +
        `(${issued.credentials[3]!.id}, learner S2025-0004); it may have been altered.`,
    );
    expect(error.reasons[1]).to.match(/its digest differs from credential 5 of batch/);
    expect((await states([3, 5])).map((s) => s.revoked)).to.deep.equal([false, false]);
    expect(actionsFor([3, 5])).to.deep.equal([]);
  });

  it('refuses a file of another issuer\'s store that carries one of this store\'s ids, and sends nothing', async () => {
    const other = tempStore('microcred-other-issuer-');
    try {
      const elsewhere = await issueRoster({
        store: other.store,
        rosterPath: ROSTER,
        template: TEMPLATE,
        issuer: { address: chain.accounts[1]!, name: 'Other College' },
        outDir: path.join(other.dir, 'credentials'),
      });
      const foreign = JSON.parse(readFileSync(elsewhere.credentials[2]!.file, 'utf8')) as AnchoredCredential;
      const asIs = save('other-college.json', foreign);
      foreign.id = issued.credentials[2]!.id;
      const withOurId = save('other-college-with-our-id.json', foreign);
      const before = await chain.client.getBlockNumber({ cacheTime: 0 });

      const error = await expectRefused(
        suspendStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [withOurId] }),
        new RegExp(`no batch of issuer ${chain.accounts[1]!} here has root ${elsewhere.root}; it was issued elsewhere`, 'i'),
      );
      expect(error.reasons).to.have.length(1);
      await expectRefused(
        suspendStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [asIs] }),
        /other-college\.json does not match any credential this store issued: no batch of issuer/,
      );
      expect(await chain.client.getBlockNumber({ cacheTime: 0 }), 'no transaction sent').to.equal(before);
      expect((await states([2])).map((s) => s.suspended)).to.deep.equal([false]);
      expect(actionsFor([2])).to.deep.equal([]);
    } finally {
      other.cleanup();
    }
  });

  it('refuses the whole request when one file of several is not genuine: the genuine ones are not acted on either', async () => {
    const forged = credentialOf(8);
    forged.id = issued.credentials[9]!.id;
    await expectRefused(
      revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [issued.credentials[7]!.file, save('forged.json', forged)] }),
      /forged\.json does not match any credential this store issued/,
    );
    expect((await states([7, 8, 9])).map((s) => s.revoked)).to.deep.equal([false, false, false]);
  });

  it('revokes the right credential from a genuine copy the holder redacted, and from the file where the store wrote it, once each', async () => {
    const redacted = hideFieldKinds(credentialOf(4), ['emailAddress', 'sourcedId']);
    expect(Object.keys(anchorProofOf(redacted)!.hidden)).to.have.length.greaterThan(0);
    const file = save('redacted-by-holder.json', redacted);

    const result = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [file, issued.credentials[6]!.file, issued.credentials[4]!.id], reason: 1 });
    expect(result.changes.map((c) => [c.credentialId, c.index, c.outcome])).to.deep.equal([
      [issued.credentials[4]!.id, 4, 'changed'],
      [issued.credentials[6]!.id, 6, 'changed'],
    ]);
    expect((await states([3, 4, 5, 6])).map((s) => s.revoked)).to.deep.equal([false, true, false, true]);
  });

  it('says what is wrong with a file that is not a credential at all', async () => {
    const notJson = path.join(inbox, 'notes.json');
    writeFileSync(notJson, '{ "id": ');
    const passport = save('passport.json', [credentialOf(1), credentialOf(2)]);
    const error = await expectRefused(
      revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: [notJson, passport] }),
      /notes\.json is not a credential file: not valid JSON/,
    );
    expect(error.reasons[1]).to.equal(`${passport} holds 2 credentials (a passport); name the one credential file to act on.`);
  });
});
