/**
 * Errors of the issuer workflows. Each says what the issuer asked for and why it can't be done, in a
 * sentence the CLI can print as is.
 */
export class IssuerError extends Error {
  override name = 'IssuerError';
}

export class BatchNotFoundError extends IssuerError {
  override name = 'BatchNotFoundError';
  constructor(readonly batchId: string) {
    super(`No batch "${batchId}" in this store.`);
  }
}

export class CredentialNotFoundError extends IssuerError {
  override name = 'CredentialNotFoundError';
  constructor(readonly refs: readonly string[]) {
    super(`Not a credential issued from this store: ${refs.map((ref) => `"${ref}"`).join(', ')}.`);
  }
}

/**
 * Credential files that are not, by their content, a credential this store issued (another store's, or
 * altered: another learner's id written in, say). Nothing was done for any of the credentials named.
 */
export class CredentialEvidenceError extends IssuerError {
  override name = 'CredentialEvidenceError';
  constructor(readonly reasons: readonly string[]) {
    super([...reasons, 'Nothing was changed: name credentials by files this store issued (a redacted copy is fine), or by credential id.'].join('\n'));
  }
}

/** Learner ids that name several credentials (one per batch the learner is in): the issuer must pick. */
export class AmbiguousCredentialError extends IssuerError {
  override name = 'AmbiguousCredentialError';
  constructor(readonly refs: readonly { ref: string; candidates: readonly { id: string; batchId: string; file: string }[] }[]) {
    super(
      [
        'A learner id names more than one credential; name the one you mean by credential id or file:',
        ...refs.flatMap(({ ref, candidates }) => [
          `  "${ref}":`,
          ...candidates.map((candidate) => `    ${candidate.id} (batch ${candidate.batchId}, ${candidate.file})`),
        ]),
      ].join('\n'),
    );
  }
}

export class BatchNotAnchoredError extends IssuerError {
  override name = 'BatchNotAnchoredError';
  constructor(readonly batchId: string, readonly chain: string, readonly registry: string) {
    super(`Batch ${batchId} is not anchored on ${chain} at ${registry}; anchor it before changing its credentials' status.`);
  }
}

/** Another process is working on the same batch right now. */
export class BatchBusyError extends IssuerError {
  override name = 'BatchBusyError';
  constructor(readonly batchId: string, readonly pid: number) {
    super(`Batch ${batchId} is being worked on by process ${pid}; wait for it to finish.`);
  }
}

/** The chain holds something for this batch that contradicts the store. */
export class AnchorConflictError extends IssuerError {
  override name = 'AnchorConflictError';
}

/** Earlier transactions of the signer are still pending, so it is not yet safe to decide whether to send. */
export class PendingTransactionsError extends IssuerError {
  override name = 'PendingTransactionsError';
  constructor(readonly account: string, readonly pending: number) {
    super(`${pending} earlier transaction(s) from ${account} are still pending; run the command again once they are mined.`);
  }
}

/** Credential files that are missing or no longer hold the credential the store recorded there. */
export class CredentialFilesError extends IssuerError {
  override name = 'CredentialFilesError';
  constructor(readonly problems: readonly { file: string; message: string }[]) {
    super(
      [`${problems.length} credential file(s) could not be updated:`, ...problems.map(({ file, message }) => `  ${file}: ${message}`)].join('\n'),
    );
  }
}

/** A batch folder for this batch already exists where the new one would go. */
export class OutputExistsError extends IssuerError {
  override name = 'OutputExistsError';
  constructor(readonly dir: string) {
    super(`${dir} already exists; nothing was issued.`);
  }
}
