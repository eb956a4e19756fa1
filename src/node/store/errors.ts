import { MicrocredError } from '../../core/errors.js';

/** Errors of the issuer store: the file, its schema, or a record a caller asked for. */
export class StoreError extends MicrocredError {
  override name = 'StoreError';
}

/** `openStore(dir, { create: false })` found no store file: the command ran in a folder that issued nothing. */
export class StoreMissingError extends StoreError {
  override name = 'StoreMissingError';
  constructor(readonly dir: string, readonly file: string) {
    super(`No microcred store in ${dir} (no ${file}).`);
  }
}

/** The store was written by a newer microcred whose schema this version doesn't know. */
export class StoreVersionError extends StoreError {
  override name = 'StoreVersionError';
  constructor(readonly found: number, readonly known: number) {
    super(`The store has schema version ${found}, but this microcred knows versions up to ${known}: upgrade microcred.`);
  }
}

/**
 * SQLite refused a write (a constraint: an unknown batch or credential, a reason code out of range, a
 * second live anchor of a batch on one registry). `cause` is the driver's error, whose message names the
 * constraint.
 */
export class StoreWriteError extends StoreError {
  override name = 'StoreWriteError';
  constructor(what: string, cause: unknown) {
    super(`The store refused to record ${what}.`, { cause });
  }
}

/**
 * A journal step asked of entries that are not in the state it moves them from (recording a hash for a
 * confirmed write, confirming an entry that does not exist...): a bug in the caller, or another process
 * that settled the entries first. Nothing was changed.
 */
export class JournalError extends StoreError {
  override name = 'JournalError';
  readonly ids: readonly number[];
  constructor(step: string, refused: readonly { id: number; state: string | undefined }[], expected: string) {
    super(`Cannot ${step}: ${refused.map(({ id, state }) => `journal entry ${id} is ${state ?? 'missing'}`).join(', ')}, not ${expected}.`);
    this.ids = refused.map(({ id }) => id);
  }
}
