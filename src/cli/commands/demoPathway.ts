import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Account, type Address, type Chain, type Transport, type WalletClient, createWalletClient, custom, getAddress } from 'viem';
import type { RegistryWriter } from '../../chain/writes.js';
import { accreditIssuer } from '../../chain/writes.js';
import { toCaip2 } from '../../chain/caip.js';
import { buildIssuerDidDocument, didWeb, didWebDocumentUrl } from '../../core/did/index.js';
import { validatePathway } from '../../core/pathway/index.js';
import { buildPresentation, generateHolderKey, holderSigner, signPresentation } from '../../core/presentation/index.js';
import { generateIssuerKey, issuerSigner } from '../../core/signature/index.js';
import { anchorStoredBatch } from '../../node/issuer/anchorStoredBatch.js';
import { issueRoster } from '../../node/issuer/issueRoster.js';
import { ensureIssuerProfile } from '../../node/issuer/issuerProfile.js';
import { issueStacked } from '../../node/issuer/stackPathway.js';
import { type IssuerStore, openStore } from '../../node/store/index.js';
import { checkComponents } from '../../verifier/components.js';
import { verifyCredentials } from '../../verifier/verifyCredentials.js';
import { verifyPassport } from '../../verifier/verifyPassport.js';
import { verifyPathway } from '../../verifier/verifyPathway.js';
import type { ChainConnection } from '../network.js';
import { PACKAGE_ROOT } from '../network.js';
import { CliError } from '../output.js';
import { renderVerdict } from './stack.js';

/** What the first half of the demo made: the chain, the university (its store, identity, website) and the stand-in web. */
export interface DemoUniversity {
  dir: string;
  say: (line?: string) => void;
  connection: ChainConnection;
  writer: RegistryWriter;
  store: IssuerStore;
  did: string;
  signingKey: Awaited<ReturnType<typeof generateIssuerKey>>;
  /** Publishes a DID document on the stand-in web (served to verifiers as https://<domain>/.well-known/did.json). */
  publish: (domain: string, document: unknown) => void;
  fetch: typeof fetch;
}

export const PLATFORM_DOMAIN = 'learn.example.com';
export const ACCREDITOR_DOMAIN = 'quality.example.org';

/** The platform's course, one of the pathway's components (see examples/pathway.json). */
const SQL_FOUNDATIONS = {
  id: 'https://learn.example.com/courses/sql-foundations',
  name: 'SQL Foundations',
  description: 'Writes correct, efficient SQL queries over relational data: joins, aggregation, window functions.',
  criteria: { narrative: 'Passed all graded exercises and the final project on a public data set.' },
  achievementType: 'Course',
  creditsAvailable: 2,
  alignment: [{ targetName: 'SQL', targetUrl: 'https://learn.example.com/skills/sql', targetFramework: 'Learn Example Skills' }],
};

/**
 * The demo's second half (issue 13): a second issuer (a platform with its own did:web), an accreditor
 * named by domain, a learner holding credentials of both issuers in a signed passport, the passport's
 * summary, and the stacked credential the learner earns from them, verified alone and beside its components.
 */
export async function runPathwayDemo(u: DemoUniversity, firstStep: number): Promise<void> {
  const { dir, say, connection } = u;
  let step = firstStep;
  const accounts = ((await connection.publicClient.request({ method: 'eth_accounts' } as never)) as Address[]).map((a) => getAddress(a));
  if (accounts.length < 3) throw new CliError('the demo needs three accounts (university, platform, accreditor)');
  const writerFor = (account: Address): RegistryWriter => ({ registry: u.writer.registry, wallet: walletOf(connection, account) });

  // The platform: its own account, signing key and did:web, published and recorded on chain like the university's.
  const platformDid = didWeb(PLATFORM_DOMAIN);
  const platformKey = await generateIssuerKey();
  const platformDocument = buildIssuerDidDocument({ did: platformDid, signingKey: platformKey, accounts: [accounts[1]!] });
  u.publish(PLATFORM_DOMAIN, platformDocument);
  const platformWriter = writerFor(accounts[1]!);
  await ensureIssuerProfile(platformWriter, platformDocument, accounts[1]!);
  // The accreditor: a quality agency known by its domain, which accredits the university on chain.
  const accreditorKey = await generateIssuerKey();
  const accreditorDocument = buildIssuerDidDocument({ did: didWeb(ACCREDITOR_DOMAIN), signingKey: accreditorKey, accounts: [accounts[2]!] });
  u.publish(ACCREDITOR_DOMAIN, accreditorDocument);
  const accreditorWriter = writerFor(accounts[2]!);
  await ensureIssuerProfile(accreditorWriter, accreditorDocument, accounts[2]!);
  await accreditIssuer(accreditorWriter, u.writer.wallet.account.address);
  say(`\n${step++}. A second issuer, ${platformDid} (account ${accounts[1]}), published at ${didWebDocumentUrl(platformDid)};`);
  say(`   and an accreditor, ${didWeb(ACCREDITOR_DOMAIN)} (account ${accounts[2]}), which accredits ${u.did} on chain.`);

  // The learner: a did:key of their own; each issuer issues to that DID.
  const learner = await generateHolderKey();
  const rosters = path.join(dir, 'learner');
  mkdirSync(rosters, { recursive: true });
  const universityRoster = path.join(rosters, 'university-roster.csv');
  writeFileSync(universityRoster, `id,name,email,holder\nS2025-0100,Kofi Mensah,kofi.mensah@students.example.edu,${learner.did}\n`);
  const platformRoster = path.join(rosters, 'platform-roster.csv');
  writeFileSync(platformRoster, `id,name,holder,result\nL-4471,Kofi Mensah,${learner.did},Distinction\n`);
  const template = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'examples/achievement.json'), 'utf8')) as unknown;
  const fromUniversity = await issueRoster({
    store: u.store,
    rosterPath: universityRoster,
    template,
    issuer: { address: u.writer.wallet.account.address, did: u.did, name: 'Example University' },
    signer: await issuerSigner({ did: u.did, ...u.signingKey }),
    outDir: path.join(dir, 'credentials'),
  });
  await anchorStoredBatch({ store: u.store, batchId: fromUniversity.batchId, writer: u.writer });
  const platformStore = openStore(path.join(dir, 'platform'));
  let fromPlatform;
  try {
    fromPlatform = await issueRoster({
      store: platformStore,
      rosterPath: platformRoster,
      template: SQL_FOUNDATIONS,
      issuer: { address: accounts[1]!, did: platformDid, name: 'Learn Example' },
      signer: await issuerSigner({ did: platformDid, ...platformKey }),
      outDir: path.join(dir, 'platform', 'credentials'),
    });
    await anchorStoredBatch({ store: platformStore, batchId: fromPlatform.batchId, writer: platformWriter });
  } finally {
    platformStore.close();
  }
  say(`${step++}. Learner ${learner.did.slice(0, 24)}… (Kofi Mensah) holds "Data Analysis with Python" from ${u.did} and "${SQL_FOUNDATIONS.name}" from ${platformDid}, both anchored.`);

  // The passport: both credentials, signed by the learner over the employer's challenge.
  const components = [fromUniversity.credentials[0]!.file, fromPlatform.credentials[0]!.file].map((file) => JSON.parse(readFileSync(file, 'utf8')) as object);
  const challenge = 'demo-job-4711';
  const domain = 'hiring.example';
  const passport = await signPresentation(buildPresentation({ holder: learner.did, credentials: components }), await holderSigner(learner), { challenge, domain });
  const passportFile = path.join(rosters, 'passport.json');
  writeFileSync(passportFile, `${JSON.stringify(passport, null, 2)}\n`);
  const chain = toCaip2(connection.chainId);
  const verifying = {
    client: (asked: string) => (asked === chain ? connection.publicClient : undefined),
    chains: [chain],
    fetch: u.fetch,
    // The employer trusts the platform by name, and the university through the accreditor it names by domain.
    trust: { domains: [PLATFORM_DOMAIN], accreditors: [ACCREDITOR_DOMAIN] },
  };
  const verdict = await verifyPassport(passport, { ...verifying, challenge, domain });
  const { summary } = verdict;
  say(`${step++}. The learner signs a passport for ${domain} (challenge ${challenge}): ${passportFile}. The employer's summary:`);
  say(`   ${verdict.message}`);
  say(`   holder:  ${verdict.holder.message}`);
  for (const issuer of summary.issuers) say(`   issuer:  ${issuer.label}${issuer.verified ? ' (verified)' : ' (not identified)'}${issuer.accreditedBy.length > 0 ? `, accredited by ${issuer.accreditedBy.join(', ')}` : ''}`);
  for (const line of summary.achievements) say(`   ${line.status === 'valid' ? 'earned: ' : `${line.status}:`.padEnd(9)}${line.achievement} from ${line.issuer}${line.credits === undefined ? '' : `, ${line.credits} credits`}`);
  say(`   credits: ${summary.totalCredits}; skills: ${summary.skills.map(({ framework, skills }) => `${framework}: ${skills.map((s) => s.name).join(', ')}`).join('; ')}`);
  if (!verdict.ok) throw new CliError(`the demo expected the passport to verify: ${verdict.message}`);

  // The stacked credential: the university's pathway, met by the passport, issued and anchored as a batch.
  const pathway = validatePathway(JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'examples/pathway.json'), 'utf8')));
  const stack = await verifyPathway(pathway, passport, { ...verifying, challenge, domain });
  say(`${step++}. ${pathway.achievement.name} (examples/pathway.json):`);
  say(renderVerdict('   the passport', stack).split('\n').map((line, i) => (i === 0 ? line : `   ${line}`)).join('\n'));
  if (!stack.met) throw new CliError(`the demo expected the passport to meet the pathway: ${stack.message}`);
  const stacked = await issueStacked({
    store: u.store,
    pathway,
    learners: [stack.learner!],
    rosterDir: path.join(dir, 'stacks'),
    issuer: { address: u.writer.wallet.account.address, did: u.did, name: 'Example University' },
    signer: await issuerSigner({ did: u.did, ...u.signingKey }),
    outDir: path.join(dir, 'credentials'),
  });
  const anchored = await anchorStoredBatch({ store: u.store, batchId: stacked.batchId, writer: u.writer });
  say(`${step++}. Issued the stacked credential (evidence: ${stack.learner!.evidence.length} components) as batch ${stacked.batchId}, anchored (gas ${anchored.gasUsed}): ${stacked.credentials[0]!.file}`);

  const stackedCredential = JSON.parse(readFileSync(stacked.credentials[0]!.file, 'utf8')) as unknown;
  const [alone] = checkComponents([stackedCredential], await verifyCredentials([stackedCredential], verifying));
  const [beside] = checkComponents([stackedCredential, ...components], await verifyCredentials([stackedCredential, ...components], verifying));
  say(`${step++}. Verified alone: ${alone!.status.toUpperCase()}. ${alone!.summary}`);
  say(`   Beside its components: ${beside!.status.toUpperCase()}. ${beside!.checks.find((check) => check.name === 'components')!.message}`);
  if (!alone!.ok || beside!.checks.find((check) => check.name === 'components')!.outcome !== 'pass') throw new CliError('the demo expected the stacked credential and its components to verify');
}

/** A wallet for another account of the demo's chain, over the same connection. */
function walletOf(connection: ChainConnection, account: Address): WalletClient<Transport, Chain | undefined, Account> {
  return createWalletClient({ account, transport: custom({ request: (args) => connection.publicClient.request(args as never) }) }) as WalletClient<Transport, Chain | undefined, Account>;
}
