import type { Address, Hex } from 'viem';
import type { AnchorProof } from './anchorProof.js';
import type { AnchoredCredential } from './batch/types.js';
import { type CredentialFormat, anchorProofOf, credentialFormat, signatureProofsOf, statusEntryMismatch } from './credential/format.js';
import { checksummed, didPkhAddress } from './credential/issuer.js';
import { validateCredential } from './credential/validate.js';
import { digestOf } from './disclosure/digest.js';
import { MicrocredError, CredentialValidationError, DisclosureError, type ValidationIssue, andMore } from './errors.js';
import { standardLeaf } from './merkle/leaf.js';
import { processProof } from './merkle/verify.js';

/**
 * The offline checks, in order:
 * - `schema`: an OpenBadgeCredential with an anchor proof of a format this version reads (and in v2 a
 *   status entry that agrees with it);
 * - `issuer`: a did:pkh issuer names the anchor proof's account (any other DID is bound to the account
 *   by its DID document, which only the online checks can read);
 * - `disclosure`: shown fields, salts and hidden commitments fit together;
 * - `digest`: the digest can be computed (canonical JSON exists for every value);
 * - `leaf`: the leaf of (index, digest);
 * - `root`: the Merkle path leads from that leaf to the proof's root;
 * - `status` (v2): the status entry names the same issuer, root and index as the anchor proof.
 * A field changed anywhere the digest covers shows up at `root`: its digest, and so its leaf, differ.
 */
export type IntegrityStep = 'schema' | 'issuer' | 'disclosure' | 'digest' | 'leaf' | 'root' | 'status';

export interface IntegrityCheck {
  step: IntegrityStep;
  ok: boolean;
  message: string;
}

export interface IntegrityResult {
  ok: boolean;
  /** The step that failed, if one did; steps after it did not run. */
  failedStep?: IntegrityStep;
  /** One sentence: the failure, or a confirmation. */
  message: string;
  /** Every step that ran, in order. */
  checks: IntegrityCheck[];
  /** The first bad fields (at most 20), when `schema` failed. */
  issues?: readonly ValidationIssue[];
  /** Recomputed values, as far as the checks got. */
  digest?: Hex;
  leaf?: Hex;
  /** The root the path leads to (equal to `proof.root` when ok). */
  root?: Hex;
  /** The credential, typed, once `schema` passed. */
  credential?: AnchoredCredential;
  /** The account that anchored the batch (checksummed), once `schema` passed. */
  issuer?: Address;
  /** The credential's format, once `schema` passed. */
  format?: CredentialFormat;
  /** Its anchor proof, once `schema` passed. */
  anchorProof?: AnchorProof;
}

/**
 * Recomputes digest → leaf → root from the credential alone (no chain) and says which step failed.
 * Never throws for a bad credential: every outcome is in the result.
 *
 * @example
 * const result = checkIntegrity(JSON.parse(file))
 * if (!result.ok) console.log(result.failedStep, result.message)
 */
export function checkIntegrity(value: unknown): IntegrityResult {
  const checks: IntegrityCheck[] = [];
  const result: Omit<IntegrityResult, 'ok' | 'message' | 'checks'> = {};
  const pass = (step: IntegrityStep, message: string) => void checks.push({ step, ok: true, message });
  const fail = (step: IntegrityStep, message: string): IntegrityResult => {
    checks.push({ step, ok: false, message });
    return { ...result, ok: false, failedStep: step, message, checks };
  };

  let credential: AnchoredCredential;
  try {
    credential = validateCredential(value) as AnchoredCredential;
  } catch (error) {
    if (!(error instanceof CredentialValidationError)) throw error;
    result.issues = error.issues;
    const listed = [...error.issues.map((i) => `${i.path || '(root)'} ${i.message}`), ...andMore(error.issues.length, error.count)];
    return fail('schema', `Not a valid credential: ${listed.join('; ')}.`);
  }
  const proof = anchorProofOf(credential);
  if (!proof) return fail('schema', 'The credential has no anchor proof: it was never anchored in a batch.');
  result.credential = credential;
  result.format = credentialFormat(credential);
  result.anchorProof = proof;
  const signed = signatureProofsOf(credential).length > 0 ? ', signed' : '';
  pass('schema', `Well-formed OpenBadgeCredential, format ${result.format} (${proof.format}${signed}).`);

  const account = checksummed(proof.issuer);
  result.issuer = account;
  const named = didPkhAddress(credential.issuer.id);
  if (named !== undefined && named !== account) {
    return fail('issuer', `The credential names issuer ${named} but its proof is for ${account}.`);
  }
  pass('issuer', named ? `Issued by ${named}.` : `Issued by ${credential.issuer.id}, anchored by account ${account}.`);

  const { salts, hidden, index, path, root } = proof;
  try {
    result.digest = digestOf(credential, { salts, hidden });
  } catch (error) {
    const step = error instanceof DisclosureError ? 'disclosure' : 'digest';
    return fail(step, error instanceof MicrocredError ? error.shortMessage : String(error));
  }
  pass('disclosure', `${Object.keys(salts).length} disclosable fields shown, ${Object.keys(hidden).length} hidden.`);
  pass('digest', `Digest ${result.digest}.`);

  result.leaf = standardLeaf(index, result.digest);
  pass('leaf', `Leaf ${result.leaf} at index ${index}.`);

  result.root = processProof(result.leaf, path);
  if (result.root !== root.toLowerCase()) {
    return fail('root', 'The Merkle path does not lead to the proof\'s root: the credential, its index or its path was altered.');
  }
  pass('root', `The path leads to root ${root}.`);

  if (result.format === 'v2' && credential.credentialStatus) {
    const mismatch = statusEntryMismatch(credential.credentialStatus, proof);
    if (mismatch) return fail('status', `The credential was altered: ${mismatch}.`);
    pass('status', `Its status is bit ${index} of the batch in registry ${credential.credentialStatus.registry}.`);
  }
  return { ...result, ok: true, message: 'Intact: digest, leaf and Merkle path lead to the proof\'s root.', checks };
}
