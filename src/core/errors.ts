/**
 * Errors of the core, shaped like viem's: `shortMessage` is one sentence a person can act on, `details`
 * the specifics, `cause` the error underneath. Like @openzeppelin/merkle-tree, a caller's mistake
 * (`InvalidArgumentError`) is kept apart from a broken internal promise (`InvariantError`), so a verifier
 * can tell "this input is bad" from "this library has a bug".
 */
export interface BaseErrorParameters {
  details?: string | undefined;
  cause?: unknown;
  metaMessages?: string[] | undefined;
}

export class BaseError extends Error {
  override name = 'BaseError';
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[] | undefined;

  constructor(shortMessage: string, args: BaseErrorParameters = {}) {
    const details = args.details ?? (args.cause instanceof Error ? args.cause.message : undefined);
    const message = [
      shortMessage,
      ...(args.metaMessages?.length ? ['', ...args.metaMessages] : []),
      ...(details ? ['', `Details: ${details}`] : []),
    ].join('\n');
    super(message, args.cause === undefined ? undefined : { cause: args.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = args.metaMessages;
  }
}

/** The caller passed something the core cannot work with (wrong length, index out of range, ...). */
export class InvalidArgumentError extends BaseError {
  override name = 'InvalidArgumentError';
}

/** Something the core guarantees did not hold: a bug here, never the caller's fault. */
export class InvariantError extends BaseError {
  override name = 'InvariantError';
}

export interface ValidationIssue {
  /** Dotted path of the bad field, array elements by position: `credentialSubject.identifier.0.identityType`. */
  path: string;
  message: string;
}

// The message lists the first problems only; `issues` keeps them all.
const LISTED = 20;

/** A value that is not a valid credential (or template). Every problem is listed, not just the first. */
export class CredentialValidationError extends InvalidArgumentError {
  override name = 'CredentialValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(what: string, issues: readonly ValidationIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    const lines = issues.slice(0, LISTED).map(({ path, message }) => `- ${path || '(root)'}: ${message}`);
    if (issues.length > LISTED) lines.push(`- … and ${issues.length - LISTED} more`);
    super(`${what} has ${count}.`, { metaMessages: lines });
    this.issues = issues;
  }
}

export function validateArgument(condition: unknown, message: string, details?: string): asserts condition {
  if (!condition) throw new InvalidArgumentError(message, { details });
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}

/**
 * A credential's shown fields, salts and hidden commitments do not fit together (a shown field without
 * its salt, a salt for a field that is not there, a field both shown and hidden): it was altered.
 */
export class DisclosureError extends InvalidArgumentError {
  override name = 'DisclosureError';
}
