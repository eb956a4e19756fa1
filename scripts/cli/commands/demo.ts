import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { connectRegistry } from '../../../src/chain/connect.js';
import { deployRegistry } from '../../../src/chain/deploy.js';
import { anchorStoredBatch } from '../../../src/node/issuer/anchorStoredBatch.js';
import { revokeStoredCredentials, suspendStoredCredentials } from '../../../src/node/issuer/changeStatus.js';
import { issueRoster } from '../../../src/node/issuer/issueRoster.js';
import { openStore } from '../../../src/node/store/index.js';
import { verifyCredentials } from '../../../src/verifier/verifyCredentials.js';
import { PACKAGE_ROOT, connectNetwork } from '../network.js';
import { CliError, table } from '../output.js';
import { reasonCodes } from '../reasons.js';

const MARKER = '.microcred-demo';

/**
 * `microcred demo`: the whole job in one process, on the in-process chain by default:
 * deploy → issue the example roster → anchor → verify all → revoke one, suspend one → verify again.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the whole flow (deploy, issue, anchor, verify, revoke, suspend, verify) on an in-process chain')
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

        const template = JSON.parse(readFileSync(options.achievement, 'utf8')) as unknown;
        const batch = await issueRoster({
          store,
          rosterPath: options.roster,
          template,
          issuer: { address: issuer, name: 'Example University' },
          outDir: path.join(dir, 'credentials'),
        });
        say(`2. Issued ${batch.size} credentials from ${path.basename(options.roster)}: batch ${batch.batchId}, root ${batch.root}.`);

        const anchored = await anchorStoredBatch({ store, batchId: batch.batchId, writer });
        say(`3. Anchored the root in one transaction: gas ${anchored.gasUsed} (${anchored.txHash}).`);

        const files = batch.credentials.map((c) => c.file);
        const client = () => connection.publicClient;
        const first = await verifyCredentials(files.map(readJson), { client, trust: { issuers: [issuer] } });
        say(`4. Verified every credential: ${summarise(first.map((v) => v.status))}.`);

        const [toRevoke, toSuspend] = [batch.credentials[2]!, batch.credentials[3]!];
        const revoked = await revokeStoredCredentials({ store, writer, credentials: [toRevoke.file], reason: reasonCodes['issued-in-error'] });
        const suspended = await suspendStoredCredentials({ store, writer, credentials: [toSuspend.file], reason: reasonCodes['under-review'] });
        say(`5. Revoked ${toRevoke.learnerId} (gas ${revoked.gasUsed}) and suspended ${toSuspend.learnerId} (gas ${suspended.gasUsed}).`);

        const second = await verifyCredentials(files.map(readJson), { client, trust: { issuers: [issuer] } });
        say(`6. Verified again: ${summarise(second.map((v) => v.status))}.\n`);
        say(table(['learner', 'status', 'why'], second.map((v, i) => [batch.credentials[i]!.learnerId, v.status.toUpperCase(), v.summary])));
        say(`\nCredential files: ${batch.dir}`);
        say(`Issuer store:     ${store.file}`);
        say(`Try: ./bin/microcred verify --help, or see README.md for running against \`microcred chain\`.`);
        if (second.filter((v) => !v.ok).length < 2) throw new CliError('the demo expected the revoked and suspended credentials to fail verification');
      } finally {
        store.close();
        await connection.close();
      }
    });
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
