import type { Command } from 'commander';
import { type PublicClient, createPublicClient, custom } from 'viem';
import type { DidDocument } from '../../core/did/types.js';
import { connectEndpoints } from '../../chain/endpoints.js';
import { isUnreachable } from '../../chain/errors.js';
import { toCaip2 } from '../../chain/caip.js';
import { checkComponents } from '../../verifier/components.js';
import { describeCredential } from '../../verifier/describe.js';
import type { Verdict } from '../../verifier/verdict.js';
import { type SourcedVerdict, verifySourcedCredentials } from '../../verifier/verifyCredentials.js';
import { type PassportVerdict, holderCheck, judgePassport } from '../../verifier/verifyPassport.js';
import type { VerifiablePresentation } from '../../core/presentation/types.js';
import { type TrustedIssuers, trustedAccreditors, trustedIssuers } from '../../verifier/trust.js';
import { type ChainConnection, connectNetwork } from '../network.js';
import { type CredentialInput, readCredentialInputs, unreadableReason } from '../credentialFiles.js';
import { CredentialTextError } from '../../verifier/passport.js';
import { MIN_POOLED_CREDENTIALS, type OfflineWorkerPool } from '../../verifier/workers/pool.js';
import { addressOptions, collect, collectList } from '../options.js';
import { CliError, emit, table } from '../output.js';
import { paint, shortHex, statusTone } from '../terminal.js';
import { readDidDocuments } from '../didDocuments.js';

interface VerifyCommandOptions {
  network?: string;
  rpcUrl: string[];
  json?: boolean;
  trust?: string[];
  didDocument?: string[];
  accreditor?: string[];
  registry?: string[];
  requireEveryAnchor?: boolean;
  at?: string;
  challenge?: string;
  domain?: string;
}

/** `microcred verify <files...>`: one verdict per credential; exit 1 if any is not valid. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('verify credential files (or passports: JSON arrays of credentials); exits 1 if any is not valid')
    .argument('<files...>', 'credential JSON files')
    .option('--trust <issuer>', 'an issuer you trust: its domain (northfield.edu), its DID, or its Ethereum account (repeat it, or separate by commas)', collectList)
    .option('--did-document <file>', "an issuer's DID document to use when its website can't be reached (accepted only if its hash is the one recorded on chain; repeatable)", collect, [])
    .option('--accreditor <accreditor>', 'an accreditor whose on-chain accreditation of the issuer you accept: its domain, its DID (verified like an issuer\'s) or its account (repeatable, or comma-separated)', collectList)
    .option('--registry <address>', 'a registry you accept besides released microcred registries, your own deployment (repeatable, or comma-separated)', collectList)
    .option('--require-every-anchor', 'every anchor a credential lists must be read, not just one')
    .option('--at <iso-time>', 'judge the validity window at this time instead of now')
    .option('--challenge <text>', 'the challenge you gave the learner: a signed passport must be signed over it (no replay)')
    .option('--domain <text>', 'your domain, which a signed passport must name, likewise')
    .option('--network <name>', 'Hardhat network: localhost (`microcred chain`), sepolia, hardhat (in-process)', 'localhost')
    .option('--rpc-url <url>', 'a JSON-RPC endpoint instead of --network; repeat it for credentials anchored on several chains', collect, [])
    .option('--json', 'print verdicts as JSON')
    .action(async (files: string[], options: VerifyCommandOptions) => {
      // The command line first: a mistyped option is reported as such, whatever the files hold.
      const trust = { ...trustOptions(options.trust), accreditors: accreditorOptions(options.accreditor) };
      const didDocuments = readDidDocuments(options.didDocument ?? []);
      const registries = addressOptions(options.registry, '--registry');
      const now = options.at ? new Date(options.at) : undefined;
      if (now && Number.isNaN(now.getTime())) throw new CliError(`--at: ${options.at} is not a date-time`, 1, undefined, { code: 'usage' });
      // A passport list large enough for the worker threads is kept as its entries' texts, for them to parse.
      const inputs = await readCredentialInputs(files, { textListsFrom: MIN_POOLED_CREDENTIALS });
      let read = inputs.filter((input) => input.kind === 'credential');
      // Nothing at all to verify ([] or files with no credential) is a mistake, not "all valid".
      if (read.length === 0 && inputs.every((input) => input.kind === 'unreadable' && input.empty)) {
        throw new CliError(`nothing to verify: ${files.length === 1 ? `${files[0]} holds` : 'the files hold'} no credential`, 1, undefined, { code: 'input-empty' });
      }
      let verdicts: SourcedVerdict<ReadInput>[] = [];
      // Only unreadable files: their rows say it all, and no chain needs asking.
      if (read.length > 0) {
        // A large passport's entries are checked offline by worker threads, started now so that they load
        // while the chains are connected (until one is ready, this thread checks). One credential starts none.
        const workers = read.filter((input) => input.text !== undefined).length >= MIN_POOLED_CREDENTIALS ? await startWorkers() : undefined;
        try {
          const chains = await openChains(options);
          try {
            const verify = () =>
              verifySourcedCredentials(
                read.map((input) => (input.text === undefined ? { credential: input.credential, source: input } : { text: input.text, source: input })),
                { client: chains.client, chains: chains.served, trust, registries, requireEveryAnchor: options.requireEveryAnchor, now, didDocuments, workers },
              );
            let verified: SourcedVerdict<ReadInput>[] | undefined;
            while (verified === undefined) {
              try {
                verified = await verify();
              } catch (error) {
                // A passport entry that is not strict JSON makes its whole file unreadable, as it would
                // have been read whole; the other files are verified again without it.
                if (!(error instanceof CredentialTextError) || error.position === undefined) throw error;
                read = dropUnreadablePassport(inputs, read[error.position]!);
                if (read.length === 0) verified = [];
              }
            }
            // A stacked credential's components given beside it (in any file) are re-checked.
            verdicts = checkComponents(read.map(({ credential }) => credential), verified);
          } finally {
            await chains.close();
          }
        } finally {
          workers?.close();
          // For tests and people measuring: where the offline checks ran.
          if (workers && process.env.MICROCRED_DEBUG_WORKERS) process.stderr.write(`offline checks: ${workers.checked.workers} in worker threads, ${workers.checked.here} on the main thread\n`);
        }
      }
      const rows = toRows(inputs, verdicts);
      const passports = await passportsOf(rows, { ...options, didDocuments });
      printRows(rows, passports, options);
      // A passport of several learners' credentials is refused even when each credential is valid.
      if (rows.some((row) => !row.verdict.ok) || passports.some((p) => p.verdict.holder.outcome === 'fail')) process.exitCode = 1;
    });
}

/** Two worker threads for the offline checks (loaded with the command only when a large input needs them). */
async function startWorkers(): Promise<OfflineWorkerPool> {
  const { startNodeWorkerPool } = await import('../../verifier/workers/node.js');
  return startNodeWorkerPool();
}

/**
 * Replaces the entries of `bad`'s passport in `inputs` by one unreadable row saying why (in the words
 * `credentialsFromText` gives for the whole file), and returns the credentials left to verify.
 */
function dropUnreadablePassport(inputs: CredentialInput[], bad: ReadInput): ReadInput[] {
  const file = bad.entry!.passport;
  const first = inputs.findIndex((input) => input.kind === 'credential' && input.entry?.passport === file);
  const kept = inputs.filter((input) => !(input.kind === 'credential' && input.entry?.passport === file));
  kept.splice(first, 0, { kind: 'unreadable', file, reason: unreadableReason(bad), empty: false });
  inputs.length = 0;
  for (const input of kept) inputs.push(input); // one at a time: 100,000 spread arguments overflow the stack
  return inputs.filter((input) => input.kind === 'credential');
}

/**
 * Where each chain is read: the `--rpc-url` endpoints (each serving the chain it says it does), or `--network`;
 * `served` lists the chains that answered, on which the released registry is read too.
 */
async function openChains(
  options: VerifyCommandOptions,
): Promise<{ client: (chain: string) => PublicClient | undefined; served: string[]; close(): Promise<void> }> {
  if (options.rpcUrl.length > 0) {
    const endpoints = await connectEndpoints(options.rpcUrl);
    // With one endpoint its verdicts say it all; with several, say which one is left out and why.
    if (options.rpcUrl.length > 1 && !options.json) for (const { message } of endpoints.problems) process.stderr.write(`warning: ${message}\n`);
    return { client: endpoints.client, served: [...endpoints.chains.keys()], close: async () => {} };
  }
  let connection: ChainConnection | undefined;
  let unreachable: unknown;
  try {
    connection = await connectNetwork({ network: options.network });
  } catch (error) {
    // An endpoint that doesn't answer is a verdict ("could not reach chain X"), not a crash: the
    // offline checks still run and every anchor on that chain reports the failure.
    if (!isUnreachable(error)) throw error;
    unreachable = error;
  }
  const failing = createPublicClient({ transport: custom({ request: () => Promise.reject(unreachable) }, { retryCount: 0 }) }) as PublicClient;
  return {
    client: (chain) => (connection ? (chain === toCaip2(connection.chainId) ? connection.publicClient : undefined) : failing),
    served: connection ? [toCaip2(connection.chainId)] : [],
    close: async () => connection?.close(),
  };
}

/** A file that gave no credential, shaped as a verdict so a script reads every row the same way. */
export interface UnreadableVerdict {
  status: 'unreadable';
  ok: false;
  checks: [];
  anchors: [];
  summary: string;
}

type ReadInput = Extract<CredentialInput, { kind: 'credential' }>;

interface Row {
  file: string;
  /** The credential read, and where it was read from. */
  input?: ReadInput;
  verdict: Verdict | UnreadableVerdict;
}

/** One row per input, in the order given: each credential's verdict (found by the input it carries), each unreadable file's reason. */
function toRows(inputs: readonly CredentialInput[], verdicts: readonly SourcedVerdict<ReadInput>[]): Row[] {
  const verdictOf = new Map(verdicts.map(({ source, ...verdict }) => [source, verdict]));
  return inputs.map((input) =>
    input.kind === 'credential'
      ? { file: input.source, input, verdict: verdictOf.get(input)! }
      : { file: input.file, verdict: { status: 'unreadable', ok: false, checks: [], anchors: [], summary: input.reason } },
  );
}

function printRows(rows: readonly Row[], passports: { file: string; verdict: PassportVerdict }[], options: { json?: boolean }): void {
  // A passport's rows carry its verdict as a whole (its holder check), so that a script sees why it failed.
  const passportOf = (file: string) => passports.find((p) => file.startsWith(`${p.file}[`));
  const json = rows.map(({ file, verdict }) => {
    const passport = passportOf(file);
    return { file, ...verdict, ...(passport ? { passport: { file: passport.file, ok: passport.verdict.ok, holder: passport.verdict.holder, message: passport.verdict.message } } : {}) };
  });
  emit(options, json, () => {
    // The learner as the credential names them (a tampered file can name anyone: the status says so).
    const labels = rows.map(({ input }) => (input === undefined ? {} : describeCredential(input.credential)));
    const lines = rows.map(({ file, verdict }, r) => [
      file,
      learnerLabel(labels[r]!),
      issuerLabel(verdict),
      labels[r]!.issued?.slice(0, 10) ?? '-',
      verdict.status.toUpperCase(),
      verdict.summary,
    ]);
    const grid = table(['credential', 'learner', 'issuer', 'issued', 'status', 'why'], lines, {
      shrink: [0],
      tone: (r, column) => (column === 4 ? statusTone(rows[r]!.verdict.status) : undefined),
    });
    return [`${grid}\n\n${tally(rows.map(({ verdict }) => verdict.status))}`, ...passports.map(renderPassport)].join('\n\n');
  });
}

/** The learner as a person finds them: name and id at the issuer, either alone if the other is hidden. */
function learnerLabel({ learner, learnerId }: { learner?: string; learnerId?: string }): string {
  if (learner && learnerId) return `${learner} (${learnerId})`;
  return learner ?? learnerId ?? '-';
}

/** The closing line: how many of each status, valid first ("22 valid, 1 revoked, 1 expired of 24"). */
function tally(statuses: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  const valid = counts.get('valid') ?? 0;
  counts.delete('valid');
  const parts = [`${valid} valid`, ...[...counts].map(([status, n]) => `${n} ${status}`)];
  const line = `${parts.join(', ')} of ${statuses.length} credential${statuses.length === 1 ? '' : 's'}`;
  return paint(valid === statuses.length ? 'good' : 'bad', line);
}

/**
 * The passports among the inputs (files holding a signed presentation or a list of credentials: their rows
 * are `file[i]`), judged whole: the holder check (the holder's signature, over --challenge and --domain)
 * and the summary.
 */
async function passportsOf(
  rows: readonly Row[],
  options: { challenge?: string; domain?: string; didDocuments: Record<string, DidDocument> },
): Promise<{ file: string; verdict: PassportVerdict }[]> {
  const byFile = new Map<string, { credentials: unknown[]; verdicts: Verdict[]; presentation?: VerifiablePresentation | undefined }>();
  for (const { input, verdict } of rows) {
    if (input?.entry === undefined || verdict.status === 'unreadable') continue;
    const { passport } = input.entry;
    let group = byFile.get(passport);
    if (!group) byFile.set(passport, (group = { credentials: [], verdicts: [], presentation: input.presentation }));
    group.credentials.push(input.credential);
    group.verdicts.push(verdict);
  }
  return Promise.all(
    [...byFile].map(async ([file, { credentials, verdicts, presentation }]) => ({
      file,
      verdict: judgePassport(credentials, verdicts, await holderCheck(credentials, presentation, { client: () => undefined, ...options })),
    })),
  );
}

/** What an employer reads about one passport: whose it is, the total, the issuers, the skills. */
function renderPassport({ file, verdict }: { file: string; verdict: PassportVerdict }): string {
  const { summary, holder } = verdict;
  const learner = summary.learner.names.join(' / ') || summary.learner.did || 'an unnamed learner';
  const lines = [`Passport ${file}: ${learner}. ${verdict.message}`, `  holder:  ${holder.outcome === 'pass' ? '' : 'REFUSED: '}${holder.message}`];
  for (const issuer of summary.issuers) {
    const recognised = issuer.accreditedBy.length > 0 ? `, accredited by ${issuer.accreditedBy.join(', ')}` : '';
    lines.push(`  issuer:  ${issuer.label}${issuer.verified ? ' (verified)' : ' (not identified)'}${recognised}`);
  }
  for (const line of summary.achievements) {
    const credits = line.credits === undefined ? '' : `, ${line.credits} credits`;
    lines.push(`  ${line.status === 'valid' ? 'earned: ' : `${line.status}:`.padEnd(9)}${line.achievement ?? '(unnamed)'} from ${line.issuer}${line.date ? ` on ${line.date.slice(0, 10)}` : ''}${credits}`);
  }
  lines.push(`  credits: ${summary.totalCredits} (valid credentials only)`);
  for (const { framework, skills } of summary.skills) lines.push(`  skills:  ${framework}: ${skills.map((skill) => skill.name).join(', ')}`);
  return lines.join('\n');
}

/**
 * Who issued, as far as it was verified: a verified domain or DID as is; anything else says it is not
 * verified. Accounts are shortened for the table (`--json` has them whole).
 */
function issuerLabel(verdict: Verdict | UnreadableVerdict): string {
  if (verdict.status === 'unreadable') return '-';
  const identity = verdict.issuerIdentity;
  if (!identity) return verdict.issuer ? shortHex(verdict.issuer) : '-';
  if (identity.verified) return identity.domain ?? identity.did;
  if (identity.did.startsWith('did:pkh:')) return `unidentified ${verdict.issuer ? shortHex(verdict.issuer) : 'account'}`;
  return `${identity.domain ?? identity.did} (NOT verified)`;
}

/** `--trust` values by kind: Ethereum accounts, DIDs, and did:web domains. */
function trustOptions(values: string[] | undefined): TrustedIssuers {
  try {
    return trustedIssuers(values ?? []);
  } catch (error) {
    throw new CliError(`--trust: ${(error as Error).message.replace(/\.$/, '')}`, 1, undefined, { code: 'usage' });
  }
}

/** `--accreditor` values: accounts, DIDs and did:web domains. */
function accreditorOptions(values: string[] | undefined): string[] {
  try {
    return trustedAccreditors(values ?? []);
  } catch (error) {
    throw new CliError(`--accreditor: ${(error as Error).message.replace(/\.$/, '')}`, 1, undefined, { code: 'usage' });
  }
}

