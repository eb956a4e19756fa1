import type { AnchoredCredential } from '../core/batch/types.js';
import type { DidDocument } from '../core/did/types.js';
import { MAX_JSON_DEPTH, StrictJsonError, parseStrictJson } from '../core/json/index.js';
import { type OfflineResult, checkCredentialOffline } from './offline.js';
import { CredentialTextError } from './passport.js';
import { type PlainSignatureVerdict, verifySignaturesByIssuer } from './signatures.js';

/**
 * A credential for the offline checks: the value, or the JSON text it is to be read from (checked from its
 * text when it has one, its `credential` then left unread). A text is read strictly (`parseStrictJson`)
 * as a passport's entry is: one level of nesting less than a file may have.
 */
export interface OfflineInput {
  credential?: unknown;
  text?: string | undefined;
}

/**
 * The offline part of one verification: a result per credential, in order, then the signature check of
 * the signed ones once their issuers' DID documents are known (it needs the parsed credentials, which stay
 * where they were parsed: this thread, or the worker that checked them).
 */
export interface OfflineStage {
  readonly results: readonly OfflineResult[];
  /**
   * The signature verdict of every signed credential whose issuer's DID document is in `documents` (by
   * DID), by position. Ends the stage: what it held is freed.
   */
  verifySignatures(documents: ReadonlyMap<string, DidDocument>): Promise<Map<number, PlainSignatureVerdict>>;
  /** Frees what the stage holds without checking signatures (a verification that stopped early). */
  release(): void;
}

/**
 * Where offline checks can be sent: a pool of worker threads or Web Workers (`OfflineWorkerPool`).
 * `check` gives the same results as `checkInThread`.
 */
export interface OfflineWorkers {
  /** The fewest texts worth sending to the workers: an input with fewer is checked on the calling thread. */
  readonly minCredentials: number;
  /**
   * The offline checks of `inputs`. `onResults`, when given, is told each run of results as it is known
   * (positions `first`, `first + 1`, …), in whatever order the workers finish: the verifier starts its
   * chain reads from the first ones while the workers go on.
   */
  check(inputs: readonly OfflineInput[], onResults?: OnOfflineResults): Promise<OfflineStage>;
}

/** Told a run of offline results as soon as they are known: see `OfflineWorkers.check`. */
export type OnOfflineResults = (first: number, results: readonly OfflineResult[]) => void;

/** The offline checks of `inputs` on the calling thread. @throws CredentialTextError for a text that is not strict JSON */
export function checkInThread(inputs: readonly OfflineInput[]): OfflineStage {
  let held = new Map<number, AnchoredCredential>();
  const results = inputs.map((input, position) => {
    const { result, signedCredential } = checkCredentialOffline(input.text === undefined ? input.credential : readCredentialText(input.text, position));
    if (signedCredential !== undefined) held.set(position, signedCredential);
    return result;
  });
  return heldStage(results, () => {
    const credentials = held;
    held = new Map();
    return credentials;
  });
}

/** A stage whose signed credentials are all on this thread (`take` hands them over once). */
export function heldStage(results: readonly OfflineResult[], take: () => Map<number, AnchoredCredential>): OfflineStage {
  return {
    results,
    verifySignatures: (documents) => verifySignaturesByIssuer(take(), documents),
    release: () => void take(),
  };
}

/**
 * The credential a text holds, read strictly: one level of nesting less than `MAX_JSON_DEPTH`, the depth
 * it has inside the passport list it was cut from (`splitCredentialList`).
 *
 * @throws CredentialTextError naming `texts[position]`
 */
export function readCredentialText(text: string, position: number): unknown {
  try {
    return parseStrictJson(text, { maxDepth: MAX_JSON_DEPTH - 1 });
  } catch (error) {
    if (!(error instanceof StrictJsonError)) throw error;
    throw new CredentialTextError(`texts[${position}]`, error.shortMessage, { cause: error, position });
  }
}
