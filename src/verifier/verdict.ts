import { InvariantError } from '../core/errors.js';
import type { Address, Hex } from 'viem';
import type { IssuerIdentity } from './issuerIdentity.js';

/** Every check a verifier runs on a credential, in the order they are reported. */
export type CheckName =
  | 'integrity'
  | 'signature'
  | 'registry'
  | 'anchored'
  | 'issuer'
  | 'revoked'
  | 'suspended'
  | 'validity'
  | 'identity'
  | 'profile'
  | 'trusted'
  /** A stacked credential's components, re-checked when they are supplied beside it (see `checkComponents`). */
  | 'components';

/**
 * - `pass` / `fail`: the check ran and had an answer.
 * - `error`: the check could not run (chain unreachable, wrong chain, no registry): not a judgement.
 * - `skipped`: not applicable (an earlier check failed, or no trust policy was given).
 */
export type CheckOutcome = 'pass' | 'fail' | 'error' | 'skipped';

export interface Check {
  name: CheckName;
  outcome: CheckOutcome;
  /** What this check's failure makes the verdict: set on `fail` and `error` outcomes. */
  status?: VerdictStatus;
  /** One plain sentence a person can act on. */
  message: string;
}

/**
 * The overall status: the first failing check, in this order of precedence. `valid` only when every
 * check passed (`trusted` may be skipped when no trust policy was given).
 */
export type VerdictStatus =
  | 'valid'
  | 'malformed'
  | 'tampered'
  | 'unreachable'
  | 'chain-mismatch'
  | 'registry-not-found'
  | 'unknown-registry'
  | 'not-anchored'
  | 'issuer-mismatch'
  | 'revoked'
  | 'suspended'
  | 'expired'
  | 'not-yet-valid'
  /** The issuer's DID document could not be obtained: who issued it is unknown (the anchor checks still stand). */
  | 'issuer-unresolved'
  /** The issuer's DID and the anchoring account don't vouch for each other, or a key it doesn't list signed. */
  | 'issuer-unverified'
  | 'untrusted-issuer'
  /** A stacked credential whose components, supplied beside it, are not all valid (one was revoked, say). */
  | 'components-invalid';

/** Where and when a credential's batch was found anchored. */
export interface AnchorSighting {
  chain: string;
  registry: Address;
  /** ISO time of the anchoring block; absent when the batch was not found on this anchor. */
  anchoredAt?: string;
  /** What went wrong reading this anchor, if anything. */
  error?: string;
  /**
   * Not listed by the credential: the released registry on a chain the verifier has an endpoint for, read
   * because a revocation there counts too.
   */
  unlisted?: boolean;
}

/**
 * A revocation or suspension as the registry recorded it: where, and, when its event or batch record could
 * be read, when and why. Only on a `revoked` or `suspended` verdict.
 */
export interface StatusChange {
  status: 'revoked' | 'suspended';
  /** One credential, or its whole batch (`revokeBatch`). */
  scope: 'credential' | 'batch';
  chain: string;
  registry: Address;
  /** ISO time of the block that recorded it. */
  at?: string;
  /** The issuer's reason code, and the reason in words (see `statusReasonInWords`). */
  reasonCode?: number;
  reason?: string;
  /** The transaction that made the change (credential scope). */
  transactionHash?: Hex;
}

export interface Verdict {
  status: VerdictStatus;
  /** `status === 'valid'`. */
  ok: boolean;
  /** The credential's `id`, when it has one. */
  id?: string;
  /** The account that anchored the credential's batch. */
  issuer?: Address;
  /** Who the issuer verifiably is (its DID; its domain for did:web; whether DID and account vouch for each other). */
  issuerIdentity?: IssuerIdentity;
  /** The accreditors of your trust policy that accredit the issuer's account on a genuine registry. */
  accreditedBy?: Address[];
  /** The same accreditors in words: each one's verified domain (or DID) when named so in the policy, else its account. */
  recognisedBy?: string[];
  root?: Hex;
  index?: number;
  checks: Check[];
  anchors: AnchorSighting[];
  /** On a revoked or suspended verdict: when, why and where. */
  statusChange?: StatusChange;
  /** The first failing check's sentence, or a one-line confirmation. */
  summary: string;
}

/**
 * Builds the verdict from the checks: the first check that failed (or errored) decides the status.
 * `validSummary` is the sentence of a valid verdict (who the issuer is).
 */
export function toVerdict(checks: Check[], base: Omit<Verdict, 'status' | 'ok' | 'checks' | 'summary'>, validSummary = 'Valid: every check passed.'): Verdict {
  const failed = checks.find((check) => check.outcome === 'fail' || check.outcome === 'error');
  if (!failed) {
    return { ...base, status: 'valid', ok: true, checks, summary: validSummary };
  }
  if (!failed.status) throw new InvariantError(`check ${failed.name} failed without saying what it makes the verdict`);
  return { ...base, status: failed.status, ok: false, checks, summary: failed.message };
}
