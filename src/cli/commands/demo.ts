import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { connectRegistry } from '../../chain/connect.js';
import { deployRegistry } from '../../chain/deploy.js';
import { anchorStoredBatch } from '../../node/issuer/anchorStoredBatch.js';
import { revokeStoredCredentials, suspendStoredCredentials } from '../../node/issuer/changeStatus.js';
import { issueRoster } from '../../node/issuer/issueRoster.js';
import { ensureIssuerProfile } from '../../node/issuer/issuerProfile.js';
import { buildIssuerDidDocument, didWeb, didWebDocumentUrl } from '../../core/did/index.js';
import { generateIssuerKey, issuerSigner } from '../../core/signature/index.js';
import { openStore } from '../../node/store/index.js';
import { verifyCredentials } from '../../verifier/verifyCredentials.js';
import { PACKAGE_ROOT, connectNetwork } from '../network.js';
import { CliError, table } from '../output.js';
import { reasonCodes } from '../reasons.js';
import { runPathwayDemo } from './demoPathway.js';

const MARKER = '.microcred-demo';

/**
 * `microcred demo`: the whole job in one process, on the in-process chain by default:
 * deploy → make the issuer's did:web identity → issue the example roster, signed → anchor → verify all →
 * revoke one, suspend one → verify again; then a second issuer and an accreditor, a learner's signed
 * passport with credentials of both, its summary, and the stacked credential earned from them.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole flow (deploy, issue, anchor, verify, revoke, suspend, verify; a passport and a stacked credential) on an in-process chain')
    .option('--dir <dir>', 'working folder for the demo (replaced on each run)', 'microcred-demo')
    .option('--network <name>', 'Hardhat network to run on', 'hardhat')
    .option('--roster <file>', 'roster to issue', path.join(PACKAGE_ROOT, 'examples/roster.csv'))
    .option('--achievement <file>', 'achievement template', path.join(PACKAGE_ROOT, 'examples/achievement.json'))
    .option('--json', 'tell the story on stderr; stdout holds only an error, as JSON')
    .action(async (options: { dir: string; network: string; roster: string; achievement: string; json?: boolean }) => {
      const dir = path.resolve(options.dir);
      prepareFolder(dir);
      // With --json, stdout is kept for the one JSON error a script may parse.
      const say = (line = '') => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
      const connection = await connectNetwork({ network: options.network });
      const store = openStore(dir);
      try {
        if (!connection.wallet) throw new CliError(`network ${options.network} offers no account`);
        const issuer = connection.wallet.account.address;
        say(`microcred demo on ${options.network} (chain ${connection.chainId}); issuer ${issuer}\n`);

        const deployed = await deployRegistry(connection.publicClient, connection.wallet);
        say(`1. Deployed registry release ${deployed.release.version} at ${deployed.address}, its address on every chain (gas ${deployed.gasUsed}).`);
        const registry = await connectRegistry({ client: connection.publicClient, address: deployed.address, expectedChainId: connection.chainId });
        const writer = { registry, wallet: connection.wallet };

        // The issuer's identity: a did:web whose document the demo publishes on its own stand-in website
        // (a folder, served to the verifier as https://<domain>/ by the fetch below), and records on chain.
        const did = didWeb(DEMO_DOMAIN);
        const key = await generateIssuerKey();
        const document = buildIssuerDidDocument({ did, signingKey: key, accounts: [issuer] });
        const site = path.join(dir, 'website');
        mkdirSync(path.join(site, '.well-known'), { recursive: true });
        writeFileSync(path.join(site, '.well-known', 'did.json'), `${JSON.stringify(document, null, 2)}\n`);
        const profile = await ensureIssuerProfile(writer, document, issuer);
        say(`2. Issuer identity ${did}: signing key made, DID document published at ${didWebDocumentUrl(did)}`);
        say(`   (served from ${site}), and recorded on chain as account ${issuer}'s issuer profile (${profile.outcome}).`);

        const template = JSON.parse(readFileSync(options.achievement, 'utf8')) as unknown;
        const batch = await issueRoster({
          store,
          rosterPath: options.roster,
          template,
          issuer: { address: issuer, did, name: 'Example University' },
          signer: await issuerSigner({ did, ...key }),
          outDir: path.join(dir, 'credentials'),
        });
        say(`3. Issued ${batch.size} signed credentials from ${path.basename(options.roster)}: batch ${batch.batchId}, root ${batch.root}.`);

        const anchored = await anchorStoredBatch({ store, batchId: batch.batchId, writer });
        say(`4. Anchored the root in one transaction: gas ${anchored.gasUsed} (${anchored.txHash}).`);

        const files = batch.credentials.map((c) => c.file);
        const client = () => connection.publicClient;
        // The stand-in web: each domain's folder (the university's, then the platform's and the accreditor's).
        const sites = new Map([[DEMO_DOMAIN, site]]);
        const web = serveSites(sites);
        const verifying = { client, fetch: web, trust: { domains: [DEMO_DOMAIN] } };
        const first = await verifyCredentials(files.map(readJson), verifying);
        say(`5. Verified every credential (signature, anchor, issuer ${DEMO_DOMAIN}): ${summarise(first.map((v) => v.status))}.`);

        const [toRevoke, toSuspend] = [batch.credentials[2]!, batch.credentials[3]!];
        const revoked = await revokeStoredCredentials({ store, writer, credentials: [toRevoke.file], reason: reasonCodes['issued-in-error'] });
        const suspended = await suspendStoredCredentials({ store, writer, credentials: [toSuspend.file], reason: reasonCodes['under-review'] });
        say(`6. Revoked ${toRevoke.learnerId} (gas ${revoked.gasUsed}) and suspended ${toSuspend.learnerId} (gas ${suspended.gasUsed}).`);

        const second = await verifyCredentials(files.map(readJson), verifying);
        say(`7. Verified again: ${summarise(second.map((v) => v.status))}.\n`);
        say(
          table(
            ['learner', 'issuer', 'status', 'why'],
            second.map((v, i) => [batch.credentials[i]!.learnerId, v.issuerIdentity?.verified ? (v.issuerIdentity.domain ?? v.issuerIdentity.did) : 'NOT verified', v.status.toUpperCase(), v.summary]),
          ),
        );
        if (second.filter((v) => !v.ok).length < 2) throw new CliError('the demo expected the revoked and suspended credentials to fail verification');

        const publish = (domain: string, published: unknown) => {
          const folder = path.join(dir, 'websites', domain);
          mkdirSync(path.join(folder, '.well-known'), { recursive: true });
          writeFileSync(path.join(folder, '.well-known', 'did.json'), `${JSON.stringify(published, null, 2)}\n`);
          sites.set(domain, folder);
        };
        await runPathwayDemo({ dir, say, connection, writer, store, did, signingKey: key, publish, fetch: web }, 8);

        say(`\nCredential files: ${batch.dir} (and the learner's, the stacked one: ${path.join(dir, 'credentials')}; the platform's: ${path.join(dir, 'platform', 'credentials')})`);
        say(`Issuer stores:    ${store.file}, ${path.join(dir, 'platform', '.microcred', 'store.db')}`);
        // In a clone the CLI is ./bin/microcred (run from the sources); an installed package's is `npx microcred`.
        const cli = import.meta.url.endsWith('.ts') ? './bin/microcred' : 'npx microcred';
        say(`Try: ${cli} verify --help, or see README.md for running against \`${cli} chain\`.`);
      } finally {
        store.close();
        await connection.close();
      }
    });
}

/** The demo issuer's domain (`.example`: reserved, nobody's real site). */
const DEMO_DOMAIN = 'credentials.example.edu';

/**
 * A fetch that serves each folder of `sites` as https://<its domain>/ and refuses everything else: the
 * demo's stand-in for the issuers' websites, so verification resolves did:web exactly as against real
 * sites, offline. Sites added to the map later are served too.
 */
function serveSites(sites: ReadonlyMap<string, string>): typeof fetch {
  return async (input) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const folder = sites.get(url.host);
    const file = folder && path.join(folder, ...url.pathname.split('/').filter(Boolean));
    if (url.protocol !== 'https:' || !folder || !file || !file.startsWith(folder + path.sep) || !existsSync(file)) {
      return new Response('not found', { status: 404 });
    }
    return new Response(readFileSync(file), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function summarise(statuses: string[]): string {
  const counts = new Map<string, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

// The demo owns its folder: it replaces one it made before, and refuses to touch anything else.
function prepareFolder(dir: string): void {
  if (existsSync(dir)) {
    if (!existsSync(path.join(dir, MARKER)) && readdirSync(dir).length > 0) {
      throw new CliError(`${dir} exists and was not made by the demo; pass --dir <another folder>`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, MARKER), 'Made by `microcred demo`, which replaces this folder on each run.\n');
}
