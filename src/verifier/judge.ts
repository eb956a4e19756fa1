import { InvariantError } from '../core/errors.js';
import type { PlainSignatureVerdict } from './signatures.js';
import { findAnchors, statusChangeOf } from './anchorFindings.js';
import type { CredentialFacts } from './chainFacts.js';
import { type AnchorPolicy, anchoredCheck, registryCheck } from './checks/anchors.js';
import { identityCheck, issuerIdentityOf, profileCheck } from './checks/identity.js';
import { integrityCheck, issuerCheck } from './checks/offline.js';
import { signatureCheck } from './checks/signature.js';
import { revokedCheck, suspendedCheck, validityCheck } from './checks/status.js';
import { trustedCheck, validSummary } from './checks/trusted.js';
import { reasonOf } from './statusChange.js';
import type { OfflineResult } from './offline.js';
import { type Check, type CheckName, type StatusChange, type Verdict, toVerdict } from './verdict.js';
import type { TrustPolicy } from './verifyCredentials.js';

/** What the verifier judges a credential by, besides what it read. */
export interface JudgingPolicy extends AnchorPolicy {
  trust?: TrustPolicy | undefined;
  /** The time validity is judged at. */
  now: Date;
}

export interface JudgeInput {
  offline: OfflineResult;
  /** What the chains said about it; undefined when the offline checks refused it (nothing was read). */
  facts: CredentialFacts | undefined;
  /** Its issuer signature, verified, when it carries one and the issuer's DID document was obtained. */
  signature: PlainSignatureVerdict | undefined;
  policy: JudgingPolicy;
}

/**
 * A credential's verdict, from what was read about it: a pure function. Each check decides its own outcome
 * and status (`checks/`); this only runs them in their order and stops, with the later checks skipped,
 * where nothing after could be read or believed: after a refused offline check, and after a `registry` or
 * `anchored` check that did not pass (a bad signature still lets the rest be reported).
 */
export function judgeCredential({ offline, facts, signature, policy }: JudgeInput): Verdict {
  const base = { id: offline.id, issuer: offline.ref?.issuer, root: offline.ref?.root, index: offline.ref?.index };
  if (!offline.ok) {
    // The proof naming another issuer than the credential is a mismatch, not tampering: the issuer check says so.
    const checks =
      offline.status === 'issuer-mismatch'
        ? [integrityCheck(offline), ...skipped(['signature', 'registry', 'anchored'], 'issuer'), issuerCheck(offline), ...skippedAfter('issuer')]
        : [integrityCheck(offline), ...skippedAfter('integrity')];
    return toVerdict(checks, { ...base, anchors: [] });
  }
  if (facts === undefined) throw new InvariantError('judgeCredential: a credential that passed the offline checks was judged without its chain facts');

  const findings = findAnchors(facts.anchors, offline.ref.index);
  const checks: Check[] = [
    integrityCheck(offline),
    signatureCheck(offline, facts.did, signature),
    registryCheck(offline, findings, policy),
    anchoredCheck(offline, findings, policy),
  ];
  const stop = checks.find((check) => (check.name === 'registry' || check.name === 'anchored') && (check.outcome === 'fail' || check.outcome === 'error'));
  if (stop) return toVerdict([...checks, ...skippedAfter('anchored', stop.name)], { ...base, anchors: findings.sightings });

  const change = withEvent(statusChangeOf(findings.holding), facts);
  const account = offline.ref.issuer;
  const identity = identityCheck(offline.issuerDid, account, facts.did);
  const profile = profileCheck(offline.issuerDid, account, facts.did, facts.profile);
  const issuerIdentity = issuerIdentityOf(offline.issuerDid, facts.did, { identity, profile });
  const trusted = trustedCheck(account, issuerIdentity, policy.trust, facts.accreditedBy);
  checks.push(
    issuerCheck(offline),
    revokedCheck(change),
    suspendedCheck(findings.holding.find((holding) => holding.state.suspended), change),
    validityCheck(offline, policy.now),
    identity,
    profile,
    trusted.check,
  );
  const accreditedBy = facts.accreditedBy.map(({ account }) => account);
  const recognisedBy = [...new Set(facts.accreditedBy.map(({ name }) => name))];
  return toVerdict(
    checks,
    { ...base, issuerIdentity, ...(accreditedBy.length > 0 ? { accreditedBy, recognisedBy } : {}), anchors: findings.sightings, ...(change ? { statusChange: change } : {}) },
    validSummary(account, issuerIdentity, trusted),
  );
}

/** The status change with when and why from its event, when the registry's events gave them. */
function withEvent(change: StatusChange | undefined, facts: CredentialFacts): StatusChange | undefined {
  const event = facts.statusEvent;
  if (change === undefined || change.scope !== 'credential' || event === undefined) return change;
  return { ...change, at: event.at, transactionHash: event.transactionHash, ...reasonOf(event.reasonCode) };
}

const CHECK_ORDER: readonly CheckName[] = ['integrity', 'signature', 'registry', 'anchored', 'issuer', 'revoked', 'suspended', 'validity', 'identity', 'profile', 'trusted'];

/** `names`, skipped because `failed` failed. */
function skipped(names: readonly CheckName[], failed: CheckName): Check[] {
  return names.map((name) => ({ name, outcome: 'skipped', message: `Not checked: the ${failed} check failed.` }));
}

/** The checks after `last`, skipped because `failed` failed. */
function skippedAfter(last: CheckName, failed: CheckName = last): Check[] {
  return skipped(CHECK_ORDER.slice(CHECK_ORDER.indexOf(last) + 1), failed);
}
