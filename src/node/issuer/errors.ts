import { MicrocredError } from '../../core/errors.js';
/**
 * Errors of the issuer workflows. Each says what the issuer asked for and why it can't be done, in a
 * sentence the CLI can print as is.
 */
export class IssuerError extends MicrocredError {
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

/**
 * A transaction was not mined within the wait the issuer set, and replacing it (same nonce, fees raised by
 * at least the 10% nodes require) would offer more per gas than the issuer's ceiling. Nothing is lost: the
 * transaction stays in the mempool, and the journal keeps every hash sent with its nonce, so the next run
 * settles whichever is mined, or carries on raising the fees under a higher ceiling.
 */
export class StuckTransactionError extends IssuerError {
  override name = 'StuckTransactionError';
  constructor(
    readonly write: string,
    readonly account: string,
    readonly nonce: number,
    readonly hashes: readonly string[],
    readonly offered: string,
    readonly ceiling: string,
  ) {
    super(
      `The transaction ${write} (from ${account}, nonce ${nonce}) is still not mined, offering ${offered}; replacing it again would go above the ceiling of ${ceiling} (--max-fee-per-gas).`,
      {
        metaMessages: [
          `Sent as: ${hashes.join(', ')} (the last one is the one pending; the store keeps them all).`,
          'Run the same command again later: it finds whichever of them was mined and sends nothing twice. To get it mined sooner, run it with a higher --max-fee-per-gas.',
        ],
      },
    );
  }
}

/**
 * Another sender of the same key (a second machine of the issuer) kept taking the nonce of this write.
 * Each time, what its transactions did was read from the chain and recorded; what was still to do is not
 * sent, so nothing is duplicated.
 */
export class NonceCollisionError extends IssuerError {
  override name = 'NonceCollisionError';
  constructor(readonly account: string, readonly write: string, readonly collisions: number) {
    super(`Another sender of ${account} took the nonce of the transaction ${write} ${collisions} times; it was not sent.`, {
      metaMessages: ['Is the same key used on another machine right now? Let it finish, then run the command again: what was done is recorded, and the rest is sent once.'],
    });
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

/**
 * Learners of the roster already hold a credential of this store for the same achievement (template `id`).
 * Nothing was issued; `again` (CLI `--again`) issues them another one on purpose.
 */
export class AlreadyIssuedError extends IssuerError {
  override name = 'AlreadyIssuedError';
  constructor(
    readonly achievementId: string,
    /** How many learners of the roster already have one. */
    readonly count: number,
    /** A few of them, in roster order. */
    readonly learnerIds: readonly string[],
    /** The earlier batches they are in, oldest first. */
    readonly batchIds: readonly string[],
  ) {
    const more = count > learnerIds.length ? ` and ${count - learnerIds.length} more` : '';
    super(
      [
        `${count} learner(s) of the roster already have a credential for ${achievementId}: ${learnerIds.join(', ')}${more}.`,
        `Earlier batch(es): ${batchIds.join(', ')}.`,
        'Nothing was issued. To issue them another credential anyway, add --again; to undo a mistaken batch that was never anchored, `microcred discard <batch> --yes`.',
      ].join('\n'),
    );
  }
}

/** A batch with an anchor (even only an intent: it may be on chain) can't be discarded, only revoked. */
export class BatchAnchoredError extends IssuerError {
  override name = 'BatchAnchoredError';
  constructor(readonly batchId: string, readonly anchors: readonly { chain: string; registry: string; state: string }[]) {
    super(
      [
        `Batch ${batchId} can't be discarded: it has been anchored, or an anchor was started, so it may be on chain and its credentials may be in use. Revoke it instead: microcred revoke-batch ${batchId} --yes`,
        ...anchors.map((anchor) => `anchor on ${anchor.chain} at ${anchor.registry}: ${anchor.state}`),
      ].join('\n'),
    );
  }
}

/** The batch is being discarded (perhaps by a run a crash interrupted): it is never anchored. */
export class BatchDiscardedError extends IssuerError {
  override name = 'BatchDiscardedError';
  constructor(readonly batchId: string) {
    super(`Batch ${batchId} is being discarded; finish with \`microcred discard ${batchId} --yes\`. It won't be anchored.`);
  }
}

/**
 * One target of a bulk write needs more gas on its own than one transaction may use, so no split of the
 * write can carry it. Raised while the write's transactions are planned: none of them was sent.
 */
export class TransactionGasLimitError extends IssuerError {
  override name = 'TransactionGasLimitError';
  constructor(
    /** The target's write in words ("revoking credential urn:uuid:… (index 7 of batch b1)"). */
    readonly subject: string,
    /** The most gas one transaction may use. */
    readonly maxGas: bigint,
    /** The node's estimate, when it gave one; otherwise the node's refusal to estimate is the cause. */
    readonly estimate: bigint | undefined,
    cause?: unknown,
  ) {
    const needs = estimate === undefined ? 'more than the node allows in one transaction' : `${formatGas(estimate)} gas`;
    super(
      `${capitalise(subject)} needs ${needs} on its own, over the limit of ${formatGas(maxGas)} gas per transaction (--max-gas-per-transaction); nothing was sent for its batch.`,
      { cause },
    );
  }
}

function formatGas(gas: bigint): string {
  return gas.toLocaleString('en-US');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
