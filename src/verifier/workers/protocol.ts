import type { DidDocument } from '../../core/did/types.js';
import type { OfflineResult } from '../offline.js';
import type { PlainSignatureVerdict } from '../signatures.js';
import type { PackedTexts } from './packedTexts.js';

/**
 * What the pool sends a worker. Credentials go as their JSON text, packed into one moved buffer a chunk
 * (`PackedTexts`: a parsed object would be structured-cloned, which costs about as much as checking it,
 * and even strings cost the sender a copy each), and the signed ones stay in the worker that parsed them
 * until their job's signature step.
 */
export type ToWorker =
  /** Check the credentials at positions `first`, `first + 1`, … of job `job`, from their texts. */
  | { kind: 'check'; job: number; first: number; texts: PackedTexts }
  /** Check the signatures of the job's signed credentials this worker holds whose issuer has a document, then forget the job. */
  | { kind: 'signatures'; job: number; documents: Map<string, DidDocument> }
  /** Forget the job's credentials: no signature step will come. */
  | { kind: 'forget'; job: number };

/** What a worker answers: small plain parts of verdicts. */
export type FromWorker =
  /** Sent once, when the worker has loaded what checking needs. */
  | { kind: 'ready' }
  /** `spare`: the chunk's text buffer, given back for a later chunk. */
  | { kind: 'checked'; job: number; first: number; results: OfflineResult[]; spare?: ArrayBuffer }
  /** The text at `position` is not strict JSON: the input, not the worker, is at fault. */
  | { kind: 'unreadable'; job: number; first: number; position: number; problem: string }
  | { kind: 'signed'; job: number; verdicts: [number, PlainSignatureVerdict][] }
  /** A step threw (a bug): the job can't be finished. */
  | { kind: 'failed'; job: number; first?: number; message: string };
