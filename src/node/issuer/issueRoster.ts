import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Address, Hex } from 'viem';
import { registryReleases } from '../../abi/releases.js';
import { saltForBatch } from '../../core/batch/BatchBuilder.js';
import { BatchBuilder, type BuildCredentialOptions, CredentialValidationError, type OpenBadgeCredential, buildCredential, validateAchievementTemplate } from '../../core/index.js';
import { InvalidArgumentError, InvariantError, LISTED_PROBLEMS } from '../../core/errors.js';
import { credentialTextsSigner } from '../../core/signature/batch.js';
import type { IssuerSigner } from '../../core/signature/index.js';
import { NodeIssuerSigner } from '../keys/nodeSigner.js';
import { RosterError, type RosterIssue, type RosterLearner, RosterStream } from '../roster/index.js';
import { type IssuerStore, type NewCredential, type StoreTransaction, canonicalPath } from '../store/index.js';
import { syncFolder } from './atomicFiles.js';
import { publishFolder, recoverBatchFolders, tempFolderOf } from './batchFolder.js';
import { AlreadyIssuedError, OutputExistsError } from './errors.js';
import { failpoint } from './failpoint.js';
import { renderPart } from './credentialFile.js';
import { CredentialFileWriteError, IssuingPool, type PackedFile, type SaltedPart } from './issuingPool.js';
import { CredentialSpool, type SpoolRange, type SpooledCredential, type SpooledRecord, readSpoolTexts } from './spool.js';

/** The core's objections to a learner's credential, as `BuildProblems` records them. */
type SaltedProblem = Pick<CredentialValidationError, 'issues' | 'count'>;

export interface IssueRosterParameters {
  store: IssuerStore;
  /** A `.csv`, `.jsonl` or `.ndjson` roster (columns in `src/node/roster/learner.ts`). */
  rosterPath: string;
  /** The achievement every learner of the roster earned (validated before anything else happens). */
  template: unknown;
  /**
   * Who issues: the account that anchors (`address`, the key itself or whose operators do), the name printed
   * as issuer, and the issuer's DID when it has one (`did:web`; else the credentials name a did:pkh).
   */
  issuer: BuildCredentialOptions['issuer'] & { address: Address };
  /** The registry the status entries point at (default: the latest microcred release, one address on every chain). */
  registry?: Address;
  /**
   * The issuer's signing key (see `loadIssuerIdentity`): every credential then carries its eddsa-rdfc-2022
   * signature beside the anchor proof. Its DID must be `issuer.did`. A `NodeIssuerSigner` (what
   * `loadIssuerIdentity` gives) signs on worker threads while the files are written; any other signer
   * signs on this thread.
   */
  signer?: IssuerSigner;
  /** The batch's folder is created inside it, named after the batch. */
  outDir: string;
  /** Called as the roster is read, checked and its credentials built (the first pass), with bytes read of the roster's size. */
  onReading?: (bytesRead: number, bytesTotal: number) => void;
  /** Called as credential files are written. */
  onProgress?: (done: number, total: number) => void;
  /** Issuance time: the credentials' `validFrom` unless a learner has one (default: now). */
  now?: Date;
  /**
   * Issue even to learners who already hold a credential of this store for the same achievement (template
   * `id`); without it, that is refused (`AlreadyIssuedError`) before anything is written.
   */
  again?: boolean;
  /** Adds a learner's own fields (a stacked credential's evidence) to its credential, before it is salted and signed. */
  extendCredential?: (credential: OpenBadgeCredential, learner: RosterLearner) => OpenBadgeCredential;
  /**
   * Credentials handled together when writing (default 256): each part is signed as one job of a signing
   * thread, its files written and its rows inserted together. Memory grows with it, not with the roster.
   */
  partSize?: number;
}

export interface IssuedCredential {
  id: string;
  index: number;
  learnerId: string;
  file: string;
}

export interface IssueRosterReturnType {
  batchId: string;
  issuer: Address;
  root: Hex;
  size: number;
  /** The folder holding one `<learner id>.json` per learner. */
  dir: string;
  /**
   * Every credential issued, in batch order (`store.credentials.byBatch(batchId)` gives the same rows). Made
   * when first asked for from each credential's id and learner id, the only per-credential data a run keeps
   * (about 100 bytes each, where these objects take about 300: a million-credential run must stay under 1 GB).
   */
  credentials: IssuedCredential[];
  /** Learners of the roster who already had a credential for this achievement (issued again: `again`). */
  reissued: number;
}

/**
 * Turns a roster into a batch, streaming: the roster is read twice in parts, never held whole.
 *
 * 1. Every row is checked and every credential built, salted and digested (`BatchBuilder` keeps 32 bytes
 *    per credential for the Merkle tree); the salted credentials wait in a spool folder in the store's
 *    folder. A bad row anywhere (file, row and column), a template the core refuses, or learners who already
 *    hold this achievement end the run here: no credential file, no store row.
 * 2. The root names the batch; the spooled credentials come back part by part and get their anchor proof;
 *    worker threads sign them (when the issuer signs) and write their files into a temp folder, while
 *    this thread reads on and their rows go into one open store transaction. The files are flushed, then
 *    the transaction commits, then the folder moves into place: a failure at any point leaves neither
 *    files nor rows (a crash, at worst, a temp folder the next run clears; see `batchFolder.ts`).
 *
 * The files are byte for byte what `BatchBuilder.anchor` then `signCredentials` give, rendered as
 * `JSON.stringify(credential, null, 2)` and a newline. Nothing is sent to a chain: `anchorStoredBatch` does that.
 *
 * @throws RosterError (every bad row, with file, row and column), CredentialValidationError (the
 *   template), AlreadyIssuedError, OutputExistsError, and file-system or store errors
 * @example
 * const batch = await issueRoster({ store, rosterPath: 'roster.csv', template, issuer, outDir: 'credentials' })
 */
export async function issueRoster(parameters: IssueRosterParameters): Promise<IssueRosterReturnType> {
  const { store, rosterPath, issuer, signer } = parameters;
  const template = validateAchievementTemplate(parameters.template);
  if (signer && !signer.id.startsWith(`${issuer.did}#`)) {
    throw new InvalidArgumentError(`The signing key ${signer.id} is not a key of the issuer ${issuer.did ?? '(no DID given)'}.`);
  }
  const now = (parameters.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const builder = new BatchBuilder({ issuer: issuer.address, registry: parameters.registry ?? registryReleases.at(-1)!.address });
  // A large roster is salted on threads (unless a caller's `extendCredential`, which can't go to a thread,
  // has a say), and its files written on them; a signer that can hand its key over signs on them too.
  const large = statSync(rosterPath).size >= THREADED_FROM_BYTES;
  const salting = large && !parameters.extendCredential ? { template, issuer, batchIssuer: builder.issuer } : undefined;
  const pool = large || signer instanceof NodeIssuerSigner ? new IssuingPool({ ...(signer instanceof NodeIssuerSigner ? { signer } : {}), created: now, salting }) : undefined;
  const spool = new CredentialSpool(path.dirname(store.file));
  try {
    const earlier = await saltRoster(parameters, template, now, builder, spool, salting && pool);
    const written = await writeBatch(parameters, template, now, builder, spool, credentialFiles(pool, signer, now));
    const { issued, ...batch } = written;
    let credentials: IssuedCredential[] | undefined;
    return {
      ...batch,
      reissued: earlier,
      get credentials() {
        return (credentials ??= issued.list(batch.dir));
      },
    };
  } finally {
    spool.remove();
    await pool?.close();
  }
}

// From this roster size (about 2,000 learners) issuing uses threads: below it their start (about 0.1 s
// each compiled, more through tsx) costs more than they save.
export const THREADED_FROM_BYTES = 256 * 1024;
// Learners a thread salts in one job: enough to make a message's cost small beside the work.
const SALT_JOB = 512;

type Template = ReturnType<typeof validateAchievementTemplate>;

/**
 * A learner's credential built, salted and digested on this thread, as an `IssuingPool` thread does it
 * (`issuingWorker.ts`), with the caller's `extendCredential` besides.
 */
function saltInThread(learner: RosterLearner, template: Template, parameters: IssueRosterParameters, now: string, builder: BatchBuilder): SpooledCredential | { problem: SaltedProblem } {
  let credential: OpenBadgeCredential;
  try {
    credential = buildCredential(learner, template, { issuer: parameters.issuer, validFrom: now });
    if (parameters.extendCredential) credential = parameters.extendCredential(credential, learner);
  } catch (error) {
    if (!(error instanceof CredentialValidationError)) throw error;
    return { problem: error };
  }
  // The file is this text with the status entry and proofs appended (see `renderCredentialFile`).
  if ('credentialStatus' in credential) throw new InvariantError('A credential to salt already has a status entry.');
  const { digest, disclosure } = saltForBatch(credential, builder.issuer, builder.size);
  return { learnerId: learner.id, learnerName: learner.name, learnerEmail: learner.email, id: credential.id, digest, salts: disclosure.salts, text: JSON.stringify(credential, null, 2) };
}

/**
 * Pass 1: reads and checks the roster, and salts every learner's credential into the spool and the
 * builder. Throws what refuses the roster, in this order: its rows' problems, learners already holding the
 * achievement (unless `again`), the core's objections to a learner's credential. Returns how many learners
 * already held it.
 */
async function saltRoster(parameters: IssueRosterParameters, template: Template, now: string, builder: BatchBuilder, spool: CredentialSpool, pool: IssuingPool | undefined): Promise<number> {
  const { store, rosterPath } = parameters;
  const roster = new RosterStream(rosterPath, { onRead: parameters.onReading });
  const earlier = new EarlierCredentials(store, template.id);
  const problems = new BuildProblems(rosterPath);
  // Once the run is sure to be refused, rows are only checked: salting would be wasted.
  const refused = () => roster.problems > 0 || (earlier.count > 0 && !parameters.again);
  const take = (learner: RosterLearner, salted: SpooledCredential | { problem: SaltedProblem }) => {
    if ('problem' in salted) return problems.add(learner, salted.problem);
    if (problems.count > 0) return;
    builder.addDigest(salted.digest);
    spool.append(salted);
  };
  // Jobs on the threads, taken back in roster order: their digests to the tree, their records to the spool.
  const salting: { learners: RosterLearner[]; salted: Promise<SaltedPart> }[] = [];
  const takeOldest = async () => {
    const { learners, salted } = salting.shift()!;
    const part = await salted;
    part.learners.forEach((result, i) => {
      if ('problem' in result) problems.add(learners[i]!, result.problem);
    });
    if (problems.count > 0) return;
    for (const result of part.learners) builder.addDigest((result as { digest: Hex }).digest);
    spool.appendEncoded(part.records, part.learners.length);
  };
  let next = 0;
  for await (const learners of roster.learners()) {
    for (const learner of learners) earlier.see(learner);
    if (refused()) continue;
    if (!pool) {
      for (const learner of learners) take(learner, saltInThread(learner, template, parameters, now, builder));
      continue;
    }
    for (let i = 0; i < learners.length; i += SALT_JOB) {
      const job = learners.slice(i, i + SALT_JOB);
      const salted = pool.salt(next, job);
      salted.catch(() => {}); // awaited in order by `takeOldest`; a failure meanwhile must not go unhandled
      salting.push({ learners: job, salted });
      next += job.length;
      if (salting.length > 2 * pool.threads) await takeOldest();
    }
  }
  if (!refused()) while (salting.length > 0) await takeOldest();
  if (earlier.count > 0 && !parameters.again) {
    throw new AlreadyIssuedError(template.id, earlier.count, earlier.shown, earlier.batchIds());
  }
  problems.throwIfAny();
  return earlier.count;
}

/** What the write pass gives: the return value but for the re-issue count, which the first pass knows, and the credentials, as `IssuedIds`. */
type WrittenBatch = Omit<IssueRosterReturnType, 'reissued' | 'credentials'> & { issued: IssuedIds };

/** A part of the batch on its way to disk: its credentials, and its files being written (and signed). */
interface Part {
  first: number;
  credentials: SpooledRecord[];
  written: Promise<void>;
}

/**
 * The ids and learner ids of a batch's credentials, in order, kept for `IssueRosterReturnType.credentials`
 * until someone asks for it: one JSON text a part, about 65 bytes a credential, where two arrays of
 * strings took about 110 (a million credentials: 65 MB against 110).
 */
class IssuedIds {
  readonly #parts: string[] = [];

  add(credentials: readonly SpooledRecord[]): void {
    this.#parts.push(JSON.stringify(credentials.map(({ id, learnerId }) => [id, learnerId])));
  }

  /** The list, with each credential's file in the batch folder `dir`. */
  list(dir: string): IssuedCredential[] {
    const list: IssuedCredential[] = [];
    for (const part of this.#parts) {
      for (const [id, learnerId] of JSON.parse(part) as [string, string][]) list.push({ id, index: list.length, learnerId, file: path.join(dir, `${learnerId}.json`) });
    }
    return list;
  }
}

/** Pass 2: the batch's files, in a temp folder, and its rows, in one transaction; then both at once. */
async function writeBatch(parameters: IssueRosterParameters, template: Template, now: string, builder: BatchBuilder, spool: CredentialSpool, files: CredentialFiles): Promise<WrittenBatch> {
  const { store, rosterPath, issuer, onProgress } = parameters;
  const partSize = parameters.partSize ?? 256;
  const { root, size } = builder.finalize();
  const batchId = `${now.slice(0, 10)}-${root.slice(2, 14)}`;
  const outDir = canonicalPath(parameters.outDir);
  mkdirSync(outDir, { recursive: true });
  recoverBatchFolders(store, outDir);
  const dir = path.join(outDir, batchId);
  if (existsSync(dir)) throw new OutputExistsError(dir);

  const temp = tempFolderOf(dir, batchId);
  const issued = new IssuedIds();
  let transaction: StoreTransaction | undefined;
  try {
    mkdirSync(temp);
    transaction = store.begin();
    store.issuers.upsert({ address: builder.issuer, name: issuer.name });
    store.batches.insert({ id: batchId, issuer: builder.issuer, root, size, dir, roster: path.resolve(rosterPath), achievement: template.name, achievementId: template.id });

    // Parts are written (and signed) on other threads, several at once, while this thread reads the
    // spool and anchors the next; a part's rows are recorded once its files are written, in batch order.
    const record = async ({ first, credentials, written }: Part) => {
      await written;
      const rows: NewCredential[] = [];
      for (let i = 0; i < credentials.length; i++) {
        const { learnerId, learnerName, learnerEmail, id, digest, salts } = credentials[i]!;
        const file = path.join(dir, `${learnerId}.json`);
        rows.push({ id, batchId, index: first + i, learnerId, learnerName, ...(learnerEmail === undefined ? {} : { learnerEmail }), digest, salts, file });
        onProgress?.(first + i + 1, size);
        if (first + i + 1 === Math.ceil(size / 2)) failpoint('issue-mid-files');
      }
      store.credentials.insertMany(rows);
      issued.add(credentials);
    };

    const writing: Part[] = [];
    let first = 0;
    for (const { records: credentials, texts } of spool.read(partSize)) {
      const contents = credentials.map(({ learnerId, salts, textLength }, i): PackedFile => ({
        name: `${learnerId}.json`,
        length: textLength,
        ...builder.anchoring(first + i, { salts, hidden: {} }),
      }));
      const written = files.write(temp, contents, texts);
      written.catch(() => {}); // awaited in order by `record`; a failure meanwhile must not go unhandled
      writing.push({ first, credentials, written });
      first += credentials.length;
      if (writing.length > files.depth) await record(writing.shift()!);
    }
    while (writing.length > 0) await record(writing.shift()!);
    if (first !== size) throw new InvariantError(`The spool gave back ${first} credentials of ${size}.`);
    spool.remove(); // read to the end: gone before the commit, so no run killed after it leaves one behind

    await files.close(); // every file written: nothing left to flush after this
    syncFolder(temp);
    transaction.commit();
  } catch (error) {
    transaction?.rollback();
    await files.close(); // no thread may write into the folder once it is removed
    rmSync(temp, { recursive: true, force: true });
    throw error;
  } finally {
    await files.close();
  }

  failpoint('issue-after-commit');
  try {
    publishFolder(temp, dir);
  } catch (error) {
    // The commit can still be undone: nothing has been anchored for this batch yet.
    store.batches.removeUnanchored(batchId);
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  return { batchId, issuer: builder.issuer, root, size, dir, issued };
}

interface CredentialFiles {
  /** Writes `files`, their texts back to back in `texts`. */
  write(folder: string, files: readonly PackedFile[], texts: SpoolRange): Promise<void>;
  /** How many parts to have in hand beyond the one whose rows are being recorded. */
  depth: number;
  close(): Promise<void>;
}

/**
 * Where a batch's files are written: on the pool's threads (signed there when the signer gave it its key),
 * or on this thread, by the same `credentialTextsSigner` and `renderPart`: a small unsigned batch,
 * or a signer that can't hand its key to threads (a key held elsewhere).
 */
function credentialFiles(pool: IssuingPool | undefined, signer: IssuerSigner | undefined, created: string): CredentialFiles {
  if (pool) return { write: (folder, files, texts) => pool.writeSpooled(folder, files, texts), depth: 2 * pool.threads, close: () => pool.close() };
  const sign = signer && credentialTextsSigner(signer, { created });
  return {
    write: async (folder, files, range) => {
      const rendered = await renderPart(files, readSpoolTexts(range), sign);
      files.forEach(({ name }, i) => {
        const file = path.join(folder, name);
        try {
          writeFileSync(file, rendered[i]!, { flag: 'wx' });
        } catch (error) {
          const { code, message } = error as NodeJS.ErrnoException;
          throw new CredentialFileWriteError(file, code, message);
        }
      });
    },
    depth: 0,
    close: async () => {},
  };
}

// Enough learner ids for the issuer to recognise the roster, few enough for one line.
const SHOWN_LEARNERS = 5;

/**
 * The roster's learners who already hold a credential of this store for `achievementId`, counted as the
 * roster is read, the first few by id as the roster spells them, and the batches they are in (oldest first,
 * as the store lists them). Learner ids compare ignoring case, as the store looks them up.
 */
class EarlierCredentials {
  readonly #earlier: { learnerId: string; batchId: string }[];
  readonly #holders: Set<string>;
  readonly #seen = new Set<string>();
  readonly shown: string[] = [];
  count = 0;

  constructor(store: IssuerStore, achievementId: string) {
    this.#earlier = store.batches.credentialsForAchievement(achievementId);
    this.#holders = new Set(this.#earlier.map(({ learnerId }) => learnerId.toLowerCase()));
  }

  see(learner: RosterLearner): void {
    const key = learner.id.toLowerCase();
    if (!this.#holders.has(key)) return;
    this.#seen.add(key);
    if (++this.count <= SHOWN_LEARNERS) this.shown.push(learner.id);
  }

  batchIds(): string[] {
    const batchIds = new Set<string>();
    for (const { learnerId, batchId } of this.#earlier) if (this.#seen.has(learnerId.toLowerCase())) batchIds.add(batchId);
    return [...batchIds];
  }
}

/** The core's objections to learners' credentials, by roster row, as one `RosterError`. */
class BuildProblems {
  readonly #file: string;
  readonly #issues: RosterIssue[] = [];
  count = 0;

  constructor(file: string) {
    this.#file = file;
  }

  add(learner: RosterLearner, error: Pick<CredentialValidationError, 'issues' | 'count'>): void {
    this.count += error.count;
    // Only as many as the roster's error will carry.
    for (const issue of error.issues.slice(0, LISTED_PROBLEMS - this.#issues.length)) {
      const column =
        COLUMN_OF_PATH[
          issue.path
            .split('.')
            .slice(0, issue.path.startsWith('credentialSubject.') ? 2 : 1)
            .join('.')
        ];
      this.#issues.push({ file: this.#file, row: learner.row, ...(column ? { column } : {}), message: column ? issue.message : `${issue.path}: ${issue.message}` });
    }
  }

  throwIfAny(): void {
    if (this.count > 0) throw new RosterError(this.#file, this.#issues, this.count);
  }
}

// Credential fields that come straight from one roster column, to point the issuer at the right cell.
const COLUMN_OF_PATH: Record<string, string> = {
  validFrom: 'valid_from',
  validUntil: 'valid_until',
  'credentialSubject.id': 'holder',
  'credentialSubject.result': 'result',
  'credentialSubject.creditsEarned': 'credits',
};
