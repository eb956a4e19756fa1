import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { PathwayValidationError, parseStrictJson, validatePathway } from '../../core/index.js';
import type { Pathway } from '../../core/pathway/index.js';
import { anchoringAccounts } from '../../core/did/document.js';
import { toCaip2 } from '../../chain/caip.js';
import type { IssueRosterReturnType } from '../../node/issuer/issueRoster.js';
import { issueStacked } from '../../node/issuer/stackPathway.js';
import { trustedAccreditors, trustedIssuers } from '../../verifier/trust.js';
import { type PathwayVerdict, verifyPathway } from '../../verifier/verifyPathway.js';
import { loadCliIdentity } from '../identity.js';
import { type NetworkOptions, connectNetwork } from '../network.js';
import { collect, collectList } from '../options.js';
import { readDidDocuments } from '../didDocuments.js';
import { CliError, emit } from '../output.js';
import { withNetworkOptions } from '../session.js';
import { openCliStore } from '../store.js';

interface StackOptions extends NetworkOptions {
  challenge?: string;
  domain?: string;
  trust?: string[];
  accreditor?: string[];
  didDocument?: string[];
  out: string;
  issuerName?: string;
  at?: string;
  json?: boolean;
}

/**
 * `microcred stack <pathway> <passports...>`: for each learner's passport, verifies it, evaluates the
 * pathway's rules and says which are met by which credential; everyone who meets them gets the stacked
 * credential, all in one batch of this issuer's store (anchor it with `microcred anchor`). A passport that
 * doesn't meet them gets nothing, with what is missing, and the command exits 1.
 */
export function registerStack(program: Command): void {
  const command = program
    .command('stack')
    .description("issue a pathway's stacked credential to each learner whose passport meets its rules (one batch; then `microcred anchor`)")
    .argument('<pathway>', 'the pathway document (see docs/pathways.md, examples/pathway.json)')
    .argument('<passports...>', "learners' passports: signed presentations (`passport build`) or lists of credentials")
    .option('--challenge <text>', 'the challenge you gave the learners: a signed passport must be signed over it')
    .option('--domain <text>', 'your domain, which a signed passport must name, likewise')
    .option('--trust <issuer>', 'an issuer you trust besides those the pathway names (domain, DID or account; repeatable)', collectList)
    .option('--accreditor <accreditor>', 'an accreditor whose accreditation you accept (domain, DID or account; repeatable)', collectList)
    .option('--did-document <file>', "an issuer's DID document to use when its website can't be reached (accepted only if its hash is the one recorded on chain; repeatable)", collect, [])
    .option('--out <dir>', 'folder the batch folder is created in', 'credentials')
    .option('--issuer-name <name>', 'issuer name printed on the credentials (default: your domain)')
    .option('--at <iso-time>', 'evaluate at this time instead of now (validity, maximum age)')
    .option('--json', 'print the outcome as JSON');
  withNetworkOptions(command).action(async (pathwayFile: string, passportFiles: string[], options: StackOptions) => {
    const pathway = readPathway(pathwayFile);
    const passports = passportFiles.map((file) => ({ file, value: readJson(file, 'passport') }));
    const now = options.at ? new Date(options.at) : new Date();
    if (Number.isNaN(now.getTime())) throw new CliError(`--at: ${options.at} is not a date-time`, 1, undefined, { code: 'usage' });
    let trust;
    try {
      trust = { ...trustedIssuers(options.trust ?? []), accreditors: trustedAccreditors(options.accreditor ?? []) };
    } catch (error) {
      throw new CliError((error as Error).message, 1, undefined, { code: 'usage' });
    }
    const didDocuments = readDidDocuments(options.didDocument ?? []);
    const identity = await loadCliIdentity();
    if (!identity) throw new CliError('no issuer identity in this folder: run `microcred issuer init --domain <your domain>` first (a stacked credential is signed)', 1, undefined, { code: 'identity' });
    if (identity.did !== pathway.issuer) throw new CliError(`${pathwayFile} is awarded by ${pathway.issuer}, not by you (${identity.did})`, 1, undefined, { code: 'usage' });

    const connection = await connectNetwork(options);
    let verdicts: { file: string; verdict: PathwayVerdict }[];
    let issuer;
    try {
      issuer = connection.wallet?.account.address;
      const chain = toCaip2(connection.chainId);
      const client = (asked: string) => (asked === chain ? connection.publicClient : undefined);
      verdicts = [];
      for (const { file, value } of passports) {
        verdicts.push({ file, verdict: await verifyPathway(pathway, value, { client, chains: [chain], trust, didDocuments, challenge: options.challenge, domain: options.domain, now }) });
      }
    } finally {
      await connection.close();
    }
    if (!issuer || !anchoringAccounts(identity.document).includes(issuer)) {
      throw new CliError(`the signing account ${issuer ?? '(none)'} is not one your DID document (${identity.did}) lists as anchoring for you`, 1, undefined, { code: 'identity' });
    }

    const met = verdicts.filter(({ verdict }) => verdict.met);
    const store = openCliStore();
    let batch: IssueRosterReturnType | undefined;
    try {
      if (met.length > 0) {
        batch = await issueStacked({
          store,
          pathway,
          learners: met.map(({ verdict }) => verdict.learner!),
          rosterDir: path.join(path.dirname(store.file), 'stacks'),
          issuer: { address: issuer, did: identity.did, name: options.issuerName ?? issuerName(identity.did) },
          signer: identity.signer,
          outDir: options.out,
          now,
        });
      }
    } finally {
      store.close();
    }
    emit(options, { pathway: pathway.id, passports: verdicts.map(({ file, verdict }) => ({ file, met: verdict.met, message: verdict.message, rules: verdict.evaluation?.rules ?? [] })), batch: batch ?? null }, () =>
      [
        ...verdicts.map(({ file, verdict }) => renderVerdict(file, verdict)),
        batch ? `Issued ${batch.size} stacked credential(s): batch ${batch.batchId} (${batch.dir}); next: microcred anchor ${batch.batchId}` : 'Nothing issued: no passport meets the pathway.',
      ].join('\n\n'),
    );
    if (met.length < verdicts.length) process.exitCode = 1;
  });
}

/** One passport: met or not, each rule with the credential meeting it, or what is missing. */
export function renderVerdict(file: string, verdict: PathwayVerdict): string {
  const lines = [`${file}: ${verdict.met ? 'MEETS the pathway' : 'does NOT meet the pathway'}. ${verdict.message}`];
  const achievements = verdict.passport.summary.achievements;
  for (const rule of verdict.evaluation?.rules ?? []) {
    lines.push(`  ${rule.met ? 'met:    ' : 'NOT met:'} ${rule.message}`);
    for (const outcome of rule.components) {
      const by = outcome.met ? achievements[outcome.met.position] : undefined;
      if (outcome.met) lines.push(`           ${outcome.component.achievement}: ${by?.achievement ?? outcome.met.id} from ${by?.issuer ?? outcome.component.issuer}${by?.date ? ` (${by.date.slice(0, 10)})` : ''}`);
    }
  }
  return lines.join('\n');
}

/** The name printed as issuer: the domain of a did:web, else the DID. */
function issuerName(did: string): string {
  return did.startsWith('did:web:') ? did.slice('did:web:'.length).split(':')[0]!.replace(/%3A/i, ':') : did;
}

function readPathway(file: string): Pathway {
  try {
    return validatePathway(readJson(file, 'pathway'));
  } catch (error) {
    if (!(error instanceof PathwayValidationError)) throw error;
    throw new CliError(`${file} is not a valid pathway; nothing was issued`, 1, error.issues.map((issue) => `${file}: ${issue.path || '(root)'}: ${issue.message}`), { cause: error, code: 'usage' });
  }
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${file}: cannot read the ${what} file`, 1, undefined, { code: 'input-unreadable' });
  }
  try {
    return parseStrictJson(text);
  } catch (error) {
    throw new CliError(`${file}: not a readable JSON ${what} (${(error as Error).message})`, 1, undefined, { code: 'input-unreadable', cause: error });
  }
}
