import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Address, Hex } from 'viem';
import { registryReleases } from '../../abi/releases.js';
import {
  type AnchoredCredential,
  BatchBuilder,
  type BuildCredentialOptions,
  CredentialValidationError,
  type OpenBadgeCredential,
  buildCredential,
  validateAchievementTemplate,
} from '../../core/index.js';
import type { AnchorProof } from '../../core/anchorProof.js';
import { InvalidArgumentError, LISTED_PROBLEMS } from '../../core/errors.js';
import { type IssuerSigner, signCredentials } from '../../core/signature/index.js';
import { RosterError, type RosterIssue, type RosterLearner, readRoster } from '../roster/index.js';
import { type IssuerStore, type NewCredential, canonicalPath } from '../store/index.js';
import { publishFolder, recoverBatchFolders, tempFolderOf, writeTempFolder } from './batchFolder.js';
import { AlreadyIssuedError, OutputExistsError } from './errors.js';
import { failpoint } from './failpoint.js';

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
   * signature beside the anchor proof. Its DID must be `issuer.did`.
   */
  signer?: IssuerSigner;
  /** The batch's folder is created inside it, named after the batch. */
  outDir: string;
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
  credentials: IssuedCredential[];
  /** Learners of the roster who already had a credential for this achievement (issued again: `again`). */
  reissued: number;
}

/**
 * Turns a roster into a batch: every row is validated and every credential built before anything is
 * written; then one credential file per learner appears in a new folder, and the batch and its
 * credentials are recorded in the store, together: a failure at any point leaves neither files nor rows
 * (a crash, at worst, leaves a temp folder the next run clears; see `batchFolder.ts`). Nothing is sent to
 * a chain: `anchorStoredBatch` does that.
 *
 * @throws RosterError (every bad row, with file, row and column), CredentialValidationError (the
 *   template), AlreadyIssuedError, OutputExistsError, and file-system or store errors
 * @example
 * const batch = await issueRoster({ store, rosterPath: 'roster.csv', template, issuer, outDir: 'credentials' })
 */
export async function issueRoster(parameters: IssueRosterParameters): Promise<IssueRosterReturnType> {
  const { store, rosterPath, issuer, onProgress } = parameters;
  const template = validateAchievementTemplate(parameters.template);
  const learners = await readRoster(rosterPath);
  const earlier = earlierCredentials(store, template.id, learners);
  if (earlier.learnerIds.length > 0 && !parameters.again) {
    throw new AlreadyIssuedError(template.id, earlier.learnerIds.length, earlier.learnerIds.slice(0, SHOWN_LEARNERS), earlier.batchIds);
  }
  const now = (parameters.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const { signer } = parameters;
  if (signer && !signer.id.startsWith(`${issuer.did}#`)) {
    throw new InvalidArgumentError(`The signing key ${signer.id} is not a key of the issuer ${issuer.did ?? '(no DID given)'}.`);
  }
  const extend = parameters.extendCredential ?? ((credential) => credential);
  const drafts = buildAll(rosterPath, learners, (learner) => extend(buildCredential(learner, template, { issuer, validFrom: now }), learner));

  const builder = new BatchBuilder({ issuer: issuer.address, registry: parameters.registry ?? registryReleases.at(-1)!.address });
  const salted = drafts.map((draft) => builder.add(draft));
  const { root, size } = builder.finalize();
  const batchId = `${now.slice(0, 10)}-${root.slice(2, 14)}`;

  const outDir = canonicalPath(parameters.outDir);
  mkdirSync(outDir, { recursive: true });
  recoverBatchFolders(store, outDir);
  const dir = path.join(outDir, batchId);
  if (existsSync(dir)) throw new OutputExistsError(dir);

  const fileOf = (learner: RosterLearner) => path.join(dir, `${learner.id}.json`);
  const rows: NewCredential[] = salted.map(({ index, digest, credential, disclosure }) => {
    const learner = learners[index]!;
    return {
      id: credential.id,
      batchId,
      index,
      learnerId: learner.id,
      learnerName: learner.name,
      ...(learner.email === undefined ? {} : { learnerEmail: learner.email }),
      digest,
      salts: disclosure.salts,
      file: fileOf(learner),
    };
  });

  const unsigned = salted.map((entry) => builder.anchor(entry));
  const signatures = signer ? await signCredentials(unsigned, signer, { created: now }) : undefined;
  const credentials = unsigned.map((credential, i) => (signatures ? { ...credential, proof: [signatures[i]!, ...(credential.proof as AnchorProof[])] } : credential));

  let temp: string | undefined;
  try {
    temp = writeTempFolder(
      dir,
      batchId,
      salted.map((entry): [string, string] => [path.basename(fileOf(learners[entry.index]!)), render(credentials[entry.index]!)]),
      (written) => {
        onProgress?.(written, size);
        if (written === Math.ceil(size / 2)) failpoint('issue-mid-files');
      },
    );
    store.transaction(() => {
      store.issuers.upsert({ address: builder.issuer, name: issuer.name });
      store.batches.insert({ id: batchId, issuer: builder.issuer, root, size, dir, roster: path.resolve(rosterPath), achievement: template.name, achievementId: template.id });
      store.credentials.insertMany(rows);
    });
  } catch (error) {
    rmSync(temp ?? tempFolderOf(dir, batchId), { recursive: true, force: true });
    throw error;
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
  return {
    batchId,
    issuer: builder.issuer,
    root,
    size,
    dir,
    credentials: rows.map(({ id, index, learnerId, file }) => ({ id, index, learnerId, file })),
    reissued: earlier.learnerIds.length,
  };
}

// Enough learner ids for the issuer to recognise the roster, few enough for one line.
const SHOWN_LEARNERS = 5;

/**
 * The roster's learners (in roster order) who already hold a credential of this store for `achievementId`,
 * and the batches those are in. Learner ids compare ignoring case, as the store looks them up.
 */
function earlierCredentials(store: IssuerStore, achievementId: string, learners: readonly RosterLearner[]): { learnerIds: string[]; batchIds: string[] } {
  const earlier = store.batches.credentialsForAchievement(achievementId);
  if (earlier.length === 0) return { learnerIds: [], batchIds: [] };
  const roster = new Set(learners.map((learner) => learner.id.toLowerCase()));
  const held = new Set<string>();
  const batchIds = new Set<string>(); // oldest first, as the store lists them
  for (const { learnerId, batchId } of earlier) {
    if (!roster.has(learnerId.toLowerCase())) continue;
    held.add(learnerId.toLowerCase());
    batchIds.add(batchId);
  }
  return { learnerIds: learners.filter((learner) => held.has(learner.id.toLowerCase())).map((learner) => learner.id), batchIds: [...batchIds] };
}

/** Builds every learner's credential, reporting the core's objections by roster row, all at once. */
function buildAll(
  file: string,
  learners: readonly RosterLearner[],
  build: (learner: RosterLearner) => OpenBadgeCredential,
): OpenBadgeCredential[] {
  const issues: RosterIssue[] = [];
  let count = 0;
  const built: OpenBadgeCredential[] = [];
  for (const learner of learners) {
    try {
      built.push(build(learner));
    } catch (error) {
      if (!(error instanceof CredentialValidationError)) throw error;
      count += error.count;
      // Only as many as the roster's error will carry.
      for (const issue of error.issues.slice(0, LISTED_PROBLEMS - issues.length)) {
        const column = COLUMN_OF_PATH[issue.path.split('.').slice(0, issue.path.startsWith('credentialSubject.') ? 2 : 1).join('.')];
        issues.push({ file, row: learner.row, ...(column ? { column } : {}), message: column ? issue.message : `${issue.path}: ${issue.message}` });
      }
    }
  }
  if (count > 0) throw new RosterError(file, issues, count);
  return built;
}

// Credential fields that come straight from one roster column, to point the issuer at the right cell.
const COLUMN_OF_PATH: Record<string, string> = {
  validFrom: 'valid_from',
  validUntil: 'valid_until',
  'credentialSubject.id': 'holder',
  'credentialSubject.result': 'result',
  'credentialSubject.creditsEarned': 'credits',
};

function render(credential: AnchoredCredential): string {
  return `${JSON.stringify(credential, null, 2)}\n`;
}
