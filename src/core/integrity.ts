import type { Address, Hex } from 'viem';
import type { AnchoredCredential } from './batch/types.js';
import { issuerAddress } from './credential/issuer.js';
import { validateCredential } from './credential/validate.js';
import { digestOf } from './disclosure/digest.js';
import { BaseError, CredentialValidationError, DisclosureError, type ValidationIssue, andMore } from './errors.js';
import { standardLeaf } from './merkle/leaf.js';
import { processProof } from './merkle/verify.js';

/**
 * The offline checks, in order:
 * - `schema`: an OpenBadgeCredential with a proof entry of a format this version reads;
 * - `issuer`: the proof's issuer address is the one the credential's issuer profile names;
 * - `disclosure`: shown fields, salts and hidden commitments fit together;
 * - `digest`: the digest can be computed (canonical JSON exists for every value);
 * - `leaf`: the leaf of (index, digest);
 * - `root`: the Merkle path leads from that leaf to the proof's root.
 * A field changed anywhere the digest covers shows up at `root`: its digest, and so its leaf, differ.
 */
export type IntegrityStep = 'schema' | 'issuer' | 'disclosure' | 'digest' | 'leaf' | 'root';

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
  /** The issuing address the credential names (checksummed), once `schema` passed. */
  issuer?: Address;
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
  if (!credential.proof) return fail('schema', 'The credential has no proof entry: it was never anchored in a batch.');
  result.credential = credential;
  pass('schema', 'Well-formed OpenBadgeCredential with a microcred-anchor-v1 proof.');

  const named = issuerAddress(credential);
  result.issuer = named;
  if (named.toLowerCase() !== credential.proof.issuer.toLowerCase()) {
    return fail('issuer', `The credential names issuer ${named} but its proof is for ${credential.proof.issuer}.`);
  }
  pass('issuer', `Issued by ${named}.`);

  const { salts, hidden, index, path, root } = credential.proof;
  try {
    result.digest = digestOf(credential, { salts, hidden });
  } catch (error) {
    const step = error instanceof DisclosureError ? 'disclosure' : 'digest';
    return fail(step, error instanceof BaseError ? error.shortMessage : String(error));
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
  return { ...result, ok: true, message: 'Intact: digest, leaf and Merkle path lead to the proof\'s root.', checks };
}
