import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import fc from 'fast-check';
import { type Address, type PublicClient } from 'viem';
import { type RegistryWriter, accreditIssuer, anchorBatch, revokeCredentials } from '../../src/chain/writes.js';
import { type AnchoredCredential, type LearnerRecord, addAnchor, buildBatch, buildCredential, redact } from '../../src/core/index.js';
import { sameLearner } from '../../src/verifier/summary.js';
import { verifyPassport } from '../../src/verifier/verifyPassport.js';
import { REGISTRY } from '../helpers/credentials.js';
import { inProcessChain } from '../helpers/chain.js';

const CHAIN = 'eip155:31337';
const template = JSON.parse(readFileSync('examples/achievement.json', 'utf8'));
const second = {
  id: 'https://platform.example/courses/sql-foundations',
  name: 'SQL Foundations',
  description: 'Writes correct, efficient SQL queries over relational data.',
  criteria: { narrative: 'Passed all graded exercises.' },
  creditsAvailable: 2,
  alignment: [{ targetName: 'SQL', targetUrl: 'https://platform.example/skills/sql', targetFramework: 'Platform Skills' }],
};

describe('verifier: skills passports (one verdict, one summary)', () => {
  let client: PublicClient;
  let accounts: Address[];
  let writers: RegistryWriter[];
  let registry: Address;
  const options = () => ({ client: (chain: string) => (chain === CHAIN ? client : undefined) });

  before(async () => {
    ({ client, accounts, writers, registry: { address: registry } } = await inProcessChain());
  });

  async function issue(by: number, achievement: unknown, learners: LearnerRecord[], validUntil?: string): Promise<AnchoredCredential[]> {
    const drafts = learners.map((learner) =>
      buildCredential(learner, achievement as never, { issuer: { address: accounts[by]!, name: `Issuer ${by}` }, validFrom: '2025-01-01T00:00:00Z', validUntil }),
    );
    const batch = buildBatch(drafts, { issuer: accounts[by]!, registry: REGISTRY });
    await anchorBatch(writers[by]!, accounts[by]!, batch.root, batch.size);
    return batch.credentials.map((c) => addAnchor(c, { chain: CHAIN, registry }));
  }

  const ada = { id: 'S1', name: 'Ada Lovelace', email: 'ada@example.org' };

  it('counts credits and skills from the valid credentials only, lists every one with its status, and names the issuers', async () => {
    const [university] = await issue(0, template, [ada, { id: 'S2', name: 'Someone Else' }]);
    const [platform, revoked] = await issue(1, second, [{ id: 'P-77', name: 'Ada Lovelace' }, { id: 'P-78', name: 'Ada Lovelace', email: 'ada@example.org' }]);
    await revokeCredentials(writers[1]!, accounts[1]!, (revoked!.proof as { root: `0x${string}` }[]).at(-1)!.root, [1], 3);
    const [expired] = await issue(0, second, [ada], '2025-06-01T00:00:00Z');
    await accreditIssuer(writers[2]!, accounts[0]!);

    const verdict = await verifyPassport([university, platform, revoked, expired], { ...options(), trust: { accreditors: [accounts[2]!] } });
    // The university is accredited by an accreditor the verifier trusts; the platform is not.
    expect(verdict.verdicts.map((v) => v.status)).to.deep.equal(['valid', 'untrusted-issuer', 'revoked', 'expired']);
    const trusted = await verifyPassport([university, platform, revoked, expired], { ...options(), trust: { issuers: [accounts[1]!], accreditors: [accounts[2]!] } });
    expect(trusted.verdicts.map((v) => v.status)).to.deep.equal(['valid', 'valid', 'revoked', 'expired']);
    expect(trusted.holder).to.include({ outcome: 'pass', binding: 'identifiers' });
    expect(trusted.holder.message).to.match(/weaker binding/);
    const { summary } = trusted;
    expect(summary.totalCredits).to.equal(5 + 2); // the revoked (2) and the expired (2) don't count
    expect(summary.achievements.map((a) => [a.achievement, a.credits, a.status])).to.deep.equal([
      ['Data Analysis with Python', 5, 'valid'],
      ['SQL Foundations', 2, 'valid'],
      ['SQL Foundations', 2, 'revoked'],
      ['SQL Foundations', 2, 'expired'],
    ]);
    expect(summary.learner.names).to.deep.equal(['Ada Lovelace']);
    const issuers = summary.issuers.map((i) => ({ label: i.label.toLowerCase(), verified: i.verified, accreditedBy: i.accreditedBy.map((a) => a.toLowerCase()) }));
    expect(issuers).to.deep.equal([
      { label: `account ${accounts[0]}`, verified: false, accreditedBy: [accounts[2]] },
      { label: `account ${accounts[1]}`, verified: false, accreditedBy: [] },
    ]);
    expect(summary.skills).to.deep.equal([
      {
        framework: 'Example University Skills Framework',
        skills: [
          { name: 'Data analysis', url: 'https://credentials.example.edu/skills/data-analysis' },
          { name: 'Python (computer programming)', url: 'https://credentials.example.edu/skills/python-programming' },
        ],
      },
      { framework: 'Platform Skills', skills: [{ name: 'SQL', url: 'https://platform.example/skills/sql' }] },
    ]);
    expect(trusted.ok).to.equal(false); // not every credential is valid
    expect(trusted.message).to.match(/^2 of 4 credentials valid, 7 credits, from /);
  });

  it('counts a credential shown twice (full and redacted) once', async () => {
    const [full] = await issue(0, template, [ada]);
    const shared = redact(full!, ['credentialSubject.identifier.2']);
    const verdict = await verifyPassport([full, shared], options());
    expect(verdict.verdicts.map((v) => v.status)).to.deep.equal(['valid', 'valid']);
    expect(verdict.summary.totalCredits).to.equal(5);
  });

  it('refuses a passport of two different learners\' credentials, with the reason', async () => {
    const [a, b] = await issue(0, template, [ada, { id: 'S9', name: 'Grace Hopper', email: 'grace@example.org' }]);
    const verdict = await verifyPassport([a, b], options());
    expect(verdict.holder).to.include({ outcome: 'fail' });
    expect(verdict.ok).to.equal(false);
    expect(verdict.message).to.match(/Not one learner's passport: .*no learner in common/);
  });

  it('links credentials into one learner exactly when a chain of shared emails or names connects them all (property)', () => {
    const learner = fc.record({ name: fc.constantFrom('Ada', 'Grace', 'Alan'), email: fc.option(fc.constantFrom('a@x.org', 'g@x.org'), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(learner, { minLength: 1, maxLength: 6 }), (people) => {
        const credentials = people.map((p) => ({
          credentialSubject: { identifier: [{ identityType: 'name', identityHash: p.name }, ...(p.email ? [{ identityType: 'emailAddress', identityHash: p.email }] : [])] },
        }));
        // Reference: connected components by brute force.
        const linked = (i: number, j: number) => people[i]!.name === people[j]!.name || (people[i]!.email !== undefined && people[i]!.email === people[j]!.email);
        const seen = new Set([0]);
        for (let grew = true; grew; ) {
          grew = false;
          for (let i = 0; i < people.length; i++) if (!seen.has(i) && [...seen].some((j) => linked(i, j))) (seen.add(i), (grew = true));
        }
        expect(sameLearner(credentials).binding === 'different').to.equal(seen.size !== people.length);
      }),
    );
  });
});
