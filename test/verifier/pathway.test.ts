import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { type Address, type Hex, type PublicClient } from 'viem';
import { type RegistryWriter, accreditIssuer, anchorBatch, revokeCredentials, setIssuerProfile } from '../../src/chain/writes.js';
import {
  type AnchoredCredential,
  type LearnerRecord,
  type Pathway,
  addAnchor,
  buildBatch,
  buildCredential,
  buildIssuerDidDocument,
  componentEvidence,
  didDocumentHash,
  didWeb,
  generateIssuerKey,
  validatePathway,
  withComponentEvidence,
} from '../../src/core/index.js';
import { checkComponents } from '../../src/verifier/components.js';
import type { Verdict } from '../../src/verifier/verdict.js';
import { verifyCredentials } from '../../src/verifier/verifyCredentials.js';
import { verifyPathway } from '../../src/verifier/verifyPathway.js';
import { REGISTRY } from '../helpers/credentials.js';
import { inProcessChain } from '../helpers/chain.js';

const CHAIN = 'eip155:31337';
const HOLDER = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const template = JSON.parse(readFileSync('examples/achievement.json', 'utf8'));
const sql = {
  id: 'https://learn.example.com/courses/sql-foundations',
  name: 'SQL Foundations',
  description: 'Writes correct SQL queries over relational data.',
  criteria: { narrative: 'Passed all graded exercises.' },
  creditsAvailable: 2,
};
const checkOf = (verdict: Verdict, name: string) => verdict.checks.find((check) => check.name === name);

describe('verifier: stackable pathways, stacked credentials, accreditors by name', () => {
  let client: PublicClient;
  let accounts: Address[];
  let writers: RegistryWriter[];
  let registry: Address;
  const site = new Map<string, unknown>();
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    return site.has(url) ? new Response(JSON.stringify(site.get(url)), { status: 200 }) : new Response('not found', { status: 404 });
  };
  const options = () => ({ client: (chain: string) => (chain === CHAIN ? client : undefined), fetch });
  const pkh = (account: Address) => `did:pkh:eip155:31337:${account}`;

  before(async () => {
    ({ client, accounts, writers, registry: { address: registry } } = await inProcessChain());
  });

  async function issue(by: number, achievement: unknown, learners: LearnerRecord[], extend = (c: ReturnType<typeof buildCredential>) => c): Promise<{ credentials: AnchoredCredential[]; root: Hex }> {
    const drafts = learners.map((learner) =>
      extend(buildCredential(learner, achievement as never, { issuer: { address: accounts[by]!, name: `Issuer ${by}` }, validFrom: '2026-01-01T00:00:00Z' })),
    );
    const batch = buildBatch(drafts, { issuer: accounts[by]!, registry: REGISTRY });
    await anchorBatch(writers[by]!, accounts[by]!, batch.root, batch.size);
    return { credentials: batch.credentials.map((c) => addAnchor(c, { chain: CHAIN, registry })), root: batch.root };
  }

  function pathwayOver(university: Address, platform: Address): Pathway {
    const example = JSON.parse(readFileSync('examples/pathway.json', 'utf8'));
    return validatePathway({
      ...example,
      rules: [
        { id: 'core', type: 'allOf', components: [{ achievement: template.id, issuer: pkh(university) }] },
        { id: 'sql', type: 'nOf', n: 1, components: [{ achievement: sql.id, issuer: pkh(platform) }] },
        { id: 'credits', type: 'minCredits', credits: 7 },
      ],
    });
  }

  it('a pathway is met by the holder\'s valid components, and not once a component is revoked', async () => {
    const amara = { id: 'S1', name: 'Amara Okafor', uri: HOLDER };
    const university = await issue(0, template, [amara]);
    const platform = await issue(1, sql, [{ ...amara, id: 'P1' }]);
    const passport = [university.credentials[0], platform.credentials[0]];
    const pathway = pathwayOver(accounts[0]!, accounts[1]!);

    const met = await verifyPathway(pathway, passport, options());
    expect(met.met, met.message).to.equal(true);
    expect(met.evaluation!.rules.map((rule) => [rule.id, rule.met])).to.deep.equal([['core', true], ['sql', true], ['credits', true]]);
    expect(met.learner!.holder).to.equal(HOLDER);
    expect(met.learner!.evidence.map((entry) => entry.id)).to.deep.equal([university.credentials[0]!.id, platform.credentials[0]!.id]);

    await revokeCredentials(writers[1]!, accounts[1]!, platform.root, [0], 3);
    const revoked = await verifyPathway(pathway, passport, options());
    expect(revoked.met).to.equal(false);
    expect(revoked.learner).to.equal(undefined);
    const sqlRule = revoked.evaluation!.rules.find((rule) => rule.id === 'sql')!;
    expect(sqlRule.met).to.equal(false);
    expect(sqlRule.message).to.match(/missing https:\/\/learn\.example\.com\/courses\/sql-foundations .*\(held, but revoked\)/);
    expect(revoked.evaluation!.rules.find((rule) => rule.id === 'credits')).to.deep.include({ met: false, credits: { earned: 5, required: 7 } });
  });

  it('refuses to evaluate a passport of two learners, and counts nothing about another DID', async () => {
    const university = await issue(0, template, [{ id: 'S2', name: 'Amara Okafor', uri: HOLDER }]);
    const platform = await issue(1, sql, [{ id: 'P2', name: 'Someone Else', uri: 'did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH' }]);
    const verdict = await verifyPathway(pathwayOver(accounts[0]!, accounts[1]!), [university.credentials[0], platform.credentials[0]], options());
    expect(verdict.met).to.equal(false);
    expect(verdict.evaluation).to.equal(undefined);
    expect(verdict.message).to.match(/^Passport refused: .*different learners/);
  });

  it('a stacked credential alone says its components were not re-checked; beside them, they are, and a revoked one is caught', async () => {
    const amara = { id: 'S3', name: 'Amara Okafor', uri: HOLDER };
    const university = await issue(0, template, [amara]);
    const platform = await issue(1, sql, [{ ...amara, id: 'P3' }]);
    const components = [university.credentials[0]!, platform.credentials[0]!];
    const target = JSON.parse(readFileSync('examples/pathway.json', 'utf8')).achievement;
    const stacked = await issue(0, target, [amara], (draft) => withComponentEvidence(draft, components.map((c) => componentEvidence(c))));
    const verify = async (list: unknown[]) => checkComponents(list, await verifyCredentials(list, options()));

    const [alone] = await verify([stacked.credentials[0]]);
    expect(alone!.status).to.equal('valid');
    expect(checkOf(alone!, 'components')).to.deep.include({ outcome: 'skipped' });
    expect(alone!.summary).to.match(/Its 2 components were not re-checked \(not supplied beside it\)/);

    const [beside] = await verify([stacked.credentials[0], ...components]);
    expect(checkOf(beside!, 'components')).to.deep.include({ outcome: 'pass', message: 'All 2 components it was stacked from were re-checked and are valid.' });
    expect(beside!.status).to.equal('valid');

    await revokeCredentials(writers[1]!, accounts[1]!, platform.root, [0], 3);
    const [afterRevocation, , revokedComponent] = await verify([stacked.credentials[0], ...components]);
    expect(revokedComponent!.status).to.equal('revoked');
    expect(afterRevocation!.status).to.equal('components-invalid');
    expect(afterRevocation!.summary).to.match(/^A component it was stacked from is not valid: SQL Foundations .* is revoked/);

    // A look-alike component (another credential, same achievement) does not pass for the one the evidence names.
    const [, , other] = (await issue(1, sql, [{ ...amara, id: 'P4' }, { ...amara, id: 'P5' }, { ...amara, id: 'P6' }])).credentials;
    const [notSupplied] = await verify([stacked.credentials[0], university.credentials[0], other]);
    expect(checkOf(notSupplied!, 'components')).to.deep.include({ outcome: 'skipped' });
    expect(checkOf(notSupplied!, 'components')!.message).to.match(/^1 of 2 components re-checked and valid; the others were not re-checked/);
  });

  it('recognises an issuer accredited by an accreditor named by domain, once the accreditor\'s identity is verified', async () => {
    const domain = 'quality.example.org';
    const key = await generateIssuerKey();
    const document = buildIssuerDidDocument({ did: didWeb(domain), signingKey: key, accounts: [accounts[2]!] });
    site.set(`https://${domain}/.well-known/did.json`, document);
    const { credentials } = await issue(0, template, [{ id: 'S7', name: 'Ada' }]);
    await accreditIssuer(writers[2]!, accounts[0]!);
    const trust = { accreditors: [domain] };

    // The document lists account 2, but nothing on chain ties account 2 to the domain yet: not recognised.
    const [before] = await verifyCredentials(credentials, { ...options(), trust });
    expect(before!.status).to.equal('untrusted-issuer');

    await setIssuerProfile(writers[2]!, didWeb(domain), didDocumentHash(document));
    const [after] = await verifyCredentials(credentials, { ...options(), trust });
    expect(after!.status).to.equal('valid');
    expect(after!.recognisedBy).to.deep.equal([domain]);
    expect(checkOf(after!, 'trusted')!.message).to.equal(`Issuer ${after!.issuer} is accredited by ${domain}.`);
    expect(after!.summary).to.match(new RegExp(`accredited by ${domain.replaceAll('.', '\\.')}\\.$`));

    // A DID the accreditor's document doesn't match (a domain nobody serves) recognises nobody.
    const [unknown] = await verifyCredentials(credentials, { ...options(), trust: { accreditors: ['nobody.example.org'] } });
    expect(unknown!.status).to.equal('untrusted-issuer');
  });
});
