import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { type Address, getAddress, isAddress } from 'viem';
import { CredentialValidationError, StrictJsonError, parseStrictJson, validateAchievementTemplate } from '../../core/index.js';
import { andMore } from '../../core/errors.js';
import { issueRoster } from '../../node/issuer/issueRoster.js';
import { DEFAULT_ROSTER_ENCODING, RosterError, RosterStream, formatRosterIssue } from '../../node/roster/index.js';
import { type NetworkOptions, signingAccount } from '../network.js';
import { CliError, emit, progress } from '../output.js';
import { withNetworkOptions } from '../session.js';
import { loadCliIdentity } from '../identity.js';
import { anchoringAccounts } from '../../core/did/document.js';
import { openCliStore } from '../store.js';

interface IssueOptions extends NetworkOptions {
  achievement: string;
  issuer?: string;
  issuerName: string;
  out: string;
  encoding?: string;
  again?: boolean;
  json?: boolean;
}

/**
 * `microcred issue <roster> --achievement <file>`: validates every row, then writes one credential file per
 * learner and records the batch in the store, all or nothing. Anchoring is a separate step (`anchor`).
 */
export function registerIssue(program: Command): void {
  const command = program
    .command('issue')
    .description('turn a roster (.csv or .jsonl) into a batch of Open Badges 3.0 credentials, one JSON file per learner')
    .argument('<roster>', 'roster file: .csv (header row) or .jsonl; see examples/roster.csv')
    .requiredOption('--achievement <file>', 'achievement template JSON (see examples/achievement.json)')
    .option('--issuer-name <name>', 'issuer name printed on the credentials', 'Example University')
    .option('--issuer <address>', "issuing address (default: the network's signing account)")
    .option('--out <dir>', 'folder the batch folder is created in', 'credentials')
    .option('--encoding <label>', "the roster's text encoding when not UTF-8: latin1 (Excel on Windows), utf-16le, windows-1252, ...")
    .option('--again', 'issue even to learners who already have a credential for this achievement in this store')
    .option('--json', 'print the result as JSON');
  withNetworkOptions(command).action(async (roster: string, options: IssueOptions) => {
      // Everything the issuer typed is checked before any chain is asked (a bad roster with the node down
      // must report the roster, at once): the template, then every row of the roster.
      const template = await readJson(options.achievement);
      try {
        validateAchievementTemplate(template);
        await checkRoster(roster, options);
      } catch (error) {
        throw explain(error, options.achievement);
      }
      const identity = await loadCliIdentity();
      const issuer = options.issuer ? checkedAddress(options.issuer) : await signingAccount(options, '--issuer');
      if (identity && !anchoringAccounts(identity.document).includes(issuer)) {
        throw new CliError(`account ${issuer} is not one your DID document (${identity.did}) lists as anchoring for you`, 1, [
          `it lists: ${anchoringAccounts(identity.document).join(', ')}; pass --issuer <one of them>, or sign with one (--account)`,
        ], { code: 'identity' });
      }
      const store = openCliStore();
      const reading = progress('building credentials', options, { percent: true });
      const bar = progress('writing credentials', options);
      let copy: string | undefined;
      try {
        copy = await utf8Copy(roster, options.encoding, path.dirname(store.file));
        const batch = await issueRoster({
          store,
          rosterPath: copy ?? roster,
          template,
          issuer: { address: issuer, name: options.issuerName, ...(identity ? { did: identity.did } : {}) },
          ...(identity ? { signer: identity.signer } : {}),
          outDir: options.out,
          again: options.again === true,
          onReading: (read, total) => reading.update(read, total),
          onProgress: (done, total) => {
            reading.stop();
            bar.update(done, total);
          },
        });
        copy = undefined; // the batch's record names it: it stays
        reading.stop();
        bar.stop();
        emit(options, batch, () =>
          [
            `Issued batch ${batch.batchId}: ${batch.size} credentials by ${identity ? `${identity.did} (signed; anchoring account ${batch.issuer})` : batch.issuer}`,
            ...(batch.reissued > 0 ? [`re-issued: ${batch.reissued} of them already had a credential for this achievement (--again)`] : []),
            `root  ${batch.root}`,
            `files ${batch.dir}`,
            `next  microcred anchor ${batch.batchId}`,
          ].join('\n'),
        );
      } catch (error) {
        reading.stop();
        bar.stop();
        if (copy) rmSync(copy, { force: true });
        throw explain(error, options.achievement);
      } finally {
        store.close();
      }
    });
}

/**
 * Checks every row of the roster, reading it chunk by chunk (a million rows take seconds, and no more
 * memory than a chunk and the learner ids), with a bar from the first second.
 */
async function checkRoster(roster: string, options: IssueOptions): Promise<void> {
  const bar = progress('checking roster', options, { percent: true });
  try {
    for await (const _learners of new RosterStream(roster, { encoding: options.encoding, onRead: (read, total) => bar.update(read, total) }).learners()) {
      // only the checks matter here
    }
  } finally {
    bar.stop();
  }
}

/**
 * A roster in another encoding than UTF-8, as a UTF-8 copy in the store's folder, or undefined for a UTF-8
 * roster. `issueRoster` reads its roster by path, as UTF-8; until it takes an encoding itself, this copy
 * is what it reads and what the batch's record names: the roster exactly as issued. Converted chunk by
 * chunk (the roster was checked in this encoding already).
 */
async function utf8Copy(roster: string, encoding: string | undefined, storeDir: string): Promise<string | undefined> {
  if (encoding === undefined || new TextDecoder(encoding).encoding === DEFAULT_ROSTER_ENCODING) return undefined;
  const decoder = new TextDecoder(encoding, { fatal: true });
  const hash = createHash('sha256');
  const dir = path.join(storeDir, 'rosters');
  mkdirSync(dir, { recursive: true });
  const partial = path.join(dir, `.${path.basename(roster)}.${process.pid}.microcred-tmp`);
  const out = openSync(partial, 'w');
  try {
    for await (const chunk of createReadStream(roster)) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      hash.update(text);
      writeSync(out, text);
    }
    const rest = decoder.decode();
    hash.update(rest);
    writeSync(out, rest);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    closeSync(out);
  }
  const extension = path.extname(roster);
  const copy = path.join(dir, `${path.basename(roster, extension)}.${hash.digest('hex').slice(0, 12)}.utf-8${extension}`);
  renameSync(partial, copy);
  return copy;
}

function explain(error: unknown, achievementFile: string): unknown {
  if (error instanceof RosterError) {
    // `file:row column c: message`; a problem of the whole file (its encoding, say) has no row.
    const lines = error.issues.map((i) => (i.row === undefined ? `${i.file}: ${formatRosterIssue(i)}` : `${i.file}:${i.row}${i.column ? ` column ${i.column}` : ''}: ${i.message}`));
    return new CliError(`${error.count} problem(s) in ${error.file}; nothing was issued`, 1, [...lines, ...andMore(lines.length, error.count)], { cause: error });
  }
  if (error instanceof CredentialValidationError) {
    const lines = error.issues.map((i) => `${achievementFile}: ${i.path}: ${i.message}`);
    return new CliError(`${achievementFile} is not a valid achievement template; nothing was issued`, 1, [...lines, ...andMore(lines.length, error.count)], {
      cause: error,
    });
  }
  return error;
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError(`${file}: cannot read the file`, 1, undefined, { code: 'input-unreadable' });
  }
  try {
    // Strictly: a key given twice in a template would issue whichever value JSON.parse keeps.
    return parseStrictJson(text);
  } catch (error) {
    if (error instanceof StrictJsonError) throw new CliError(`${file}: ${error.shortMessage}`, 1, undefined, { cause: error });
    throw error;
  }
}

function checkedAddress(value: string): Address {
  if (!isAddress(value, { strict: false })) throw new CliError(`--issuer: ${value} is not an Ethereum address`, 1, undefined, { code: 'usage' });
  return getAddress(value);
}

