import { InvalidArgumentError } from '../errors.js';

/** What made JSON text unacceptable. */
export type StrictJsonProblem = 'syntax' | 'duplicate-key' | 'too-deep' | 'too-many-entries';

/**
 * JSON text the core refuses to read: not JSON at all, or JSON that readers would disagree on (a key
 * given twice: `JSON.parse` keeps the last value, many viewers show the first) or that would drive later
 * steps into deep recursion. Says where: `path` (`credentialSubject.name`, `[3].issuer.id`) and `line`.
 */
export class StrictJsonError extends InvalidArgumentError {
  override name = 'StrictJsonError';
  readonly problem: StrictJsonProblem;
  /** Where in the value, as a dotted path with array positions in brackets; `''` is the top level. */
  readonly path: string | undefined;
  /** 1-based line of the text. */
  readonly line: number | undefined;

  constructor(problem: StrictJsonProblem, shortMessage: string, where: { path?: string; line?: number } = {}) {
    super(shortMessage);
    this.problem = problem;
    this.path = where.path;
    this.line = where.line;
  }
}
