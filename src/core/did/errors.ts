import { MicrocredError } from '../errors.js';

/** Why a DID could not be resolved. */
export type DidResolutionFailure = 'timeout' | 'http-status' | 'not-json' | 'id-mismatch' | 'unsupported-method' | 'too-large' | 'unreachable' | 'invalid-did';

/**
 * A DID that could not be resolved to a document. `reason` says why in a word a program can switch on;
 * the message says it in a sentence, naming the URL that was asked.
 */
export class DidResolutionError extends MicrocredError {
  override name = 'DidResolutionError';
  readonly did: string;
  readonly reason: DidResolutionFailure;
  readonly url: string | undefined;

  constructor(args: { did: string; reason: DidResolutionFailure; message: string; url?: string | undefined; details?: string | undefined; cause?: unknown }) {
    super(args.message, { details: args.details, cause: args.cause });
    this.did = args.did;
    this.reason = args.reason;
    this.url = args.url;
  }
}
