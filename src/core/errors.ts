/**
 * Errors of the core, shaped like viem's: `shortMessage` is one sentence a person can act on, `details`
 * the specifics, `cause` the error underneath. Like @openzeppelin/merkle-tree, a caller's mistake
 * (`InvalidArgumentError`) is kept apart from a broken internal promise (`InvariantError`), so a verifier
 * can tell "this input is bad" from "this library has a bug".
 */
export interface MicrocredErrorParameters {
  /** The specifics; left out, the cause's message; `null` for none even with a cause. */
  details?: string | null | undefined;
  cause?: unknown;
  metaMessages?: string[] | undefined;
}

/**
 * The one root of every error microcred throws, from the core to the CLI: `instanceof MicrocredError`
 * tells ours from a dependency's, and `walk()` finds the error that matters in a chain of causes (viem's
 * shape, so code that handles viem's errors handles ours the same way).
 */
export class MicrocredError extends Error {
  override name = 'MicrocredError';
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly metaMessages: string[] | undefined;

  constructor(shortMessage: string, args: MicrocredErrorParameters = {}) {
    const details = args.details === null ? undefined : (args.details ?? (args.cause instanceof Error ? args.cause.message : undefined));
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

  /**
   * Follows `cause` from this error down: the first error `matches` accepts, or the deepest one when no
   * predicate is given (null when a predicate accepts none). Stops at a cycle.
   */
  walk(matches?: (error: unknown) => boolean): unknown {
    return walkCauses(this, matches);
  }
}

/** `MicrocredError.walk` for any thrown value, ours or not. */
export function walkCauses(error: unknown, matches?: (error: unknown) => boolean): unknown {
  const seen = new Set<unknown>();
  let deepest: unknown = error;
  for (let e: unknown = error; e !== undefined && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    if (matches?.(e)) return e;
    deepest = e;
    if (typeof e !== 'object') break;
  }
  return matches ? null : deepest;
}

/** The caller passed something the core cannot work with (wrong length, index out of range, ...). */
export class InvalidArgumentError extends MicrocredError {
  override name = 'InvalidArgumentError';
}

/** Something the core guarantees did not hold: a bug here, never the caller's fault. */
export class InvariantError extends MicrocredError {
  override name = 'InvariantError';
}

export interface ValidationIssue {
  /** Dotted path of the bad field, array elements by position: `credentialSubject.identifier.0.identityType`. */
  path: string;
  message: string;
}

/**
 * How many problems an error carries and lists. Hostile input can hold tens of thousands: listing every
 * one made a 7 MB message, and nobody fixes a file from more than the first screenful anyway. The count
 * says how many there were in all.
 */
export const LISTED_PROBLEMS = 20;

/** The last line of a bounded list: `… and 29980 more`, or nothing when every problem is listed. */
export function andMore(listed: number, count: number): string[] {
  return count > listed ? [`… and ${count - listed} more`] : [];
}

/**
 * A value that is not a valid credential (or template). Carries the first `LISTED_PROBLEMS` problems, each
 * with the path of its field, and `count`, how many there were in all.
 */
export class CredentialValidationError extends InvalidArgumentError {
  override name = 'CredentialValidationError';
  /** The first problems (at most `LISTED_PROBLEMS`), in the order they were found. */
  readonly issues: readonly ValidationIssue[];
  /** How many problems there were in all (at least `issues.length`). */
  readonly count: number;

  /** `count` is the total when `issues` is already only the first few of them. */
  constructor(what: string, issues: readonly ValidationIssue[], count = issues.length) {
    const listed = issues.slice(0, LISTED_PROBLEMS);
    const total = Math.max(count, issues.length);
    const lines = listed.map(({ path, message }) => `- ${path || '(root)'}: ${message}`);
    super(`${what} has ${total === 1 ? '1 problem' : `${total} problems`}.`, { metaMessages: [...lines, ...andMore(listed.length, total).map((line) => `- ${line}`)] });
    this.issues = listed;
    this.count = total;
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
