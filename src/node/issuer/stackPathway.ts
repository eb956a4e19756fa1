import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keccak256, toHex } from 'viem';
import { type ComponentEvidence, type Pathway, withComponentEvidence } from '../../core/index.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { type IssueRosterParameters, type IssueRosterReturnType, issueRoster } from './issueRoster.js';

/** A learner who met a pathway: the stacked credential's subject, and the components it rests on. */
export interface StackedLearner {
  /** The learner's DID (the passport's holder), written as `credentialSubject.id`. */
  holder: string;
  /** The learner's name, as their components show it. */
  name: string;
  /** One evidence entry per component credential that met the rules (see `componentEvidence`). */
  evidence: readonly ComponentEvidence[];
}

export interface IssueStackedParameters extends Omit<IssueRosterParameters, 'rosterPath' | 'template' | 'extendCredential'> {
  /** A validated pathway (`validatePathway`) of this issuer: its achievement is the one awarded. */
  pathway: Pathway;
  /** Everyone who met it: one stacked credential each, all in one batch. */
  learners: readonly StackedLearner[];
  /** Where the roster of the stacked learners is written (the batch's record names it, like any roster). */
  rosterDir: string;
}

/**
 * Issues the stacked credentials of a pathway as one batch, like any roster: the pathway's achievement,
 * to each learner's DID, with `evidence` listing the components. The learners are written as a roster
 * (JSONL: id, name, holder) that the batch's record names; a learner's id at the issuer is derived from
 * their DID. Anchored afterwards like every batch (`anchorStoredBatch`, `microcred anchor`).
 *
 * @throws InvalidArgumentError when the pathway is another issuer's, a learner is listed twice or has no
 *   component; and whatever `issueRoster` throws (AlreadyIssuedError for a learner stacked before)
 */
export async function issueStacked(parameters: IssueStackedParameters): Promise<IssueRosterReturnType> {
  const { pathway, learners, rosterDir, ...rest } = parameters;
  if (parameters.issuer.did !== pathway.issuer) {
    throw new InvalidArgumentError(`The pathway ${pathway.id} is awarded by ${pathway.issuer}, not by this issuer (${parameters.issuer.did ?? 'no DID'}).`);
  }
  if (learners.length === 0) throw new InvalidArgumentError('Nobody to stack a credential for.');
  const byId = new Map<string, StackedLearner>();
  for (const learner of learners) {
    const id = stackedLearnerId(learner.holder);
    if (byId.has(id)) throw new InvalidArgumentError(`${learner.holder} is listed twice${byId.get(id)!.holder === learner.holder ? '' : ` (its learner id ${id} is also ${byId.get(id)!.holder}'s)`}.`);
    if (learner.evidence.length === 0) throw new InvalidArgumentError(`${learner.holder} has no component to stack.`);
    byId.set(id, learner);
  }
  mkdirSync(rosterDir, { recursive: true });
  const stamp = (parameters.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const rosterPath = path.join(rosterDir, `stack-${stamp}-${keccak256(toHex(pathway.id)).slice(2, 10)}.jsonl`);
  writeFileSync(rosterPath, [...byId].map(([id, learner]) => JSON.stringify({ id, name: learner.name, holder: learner.holder })).join('\n') + '\n', { flag: 'wx' });
  return issueRoster({
    ...rest,
    rosterPath,
    template: pathway.achievement,
    extendCredential: (credential, learner) => withComponentEvidence(credential, byId.get(learner.id)!.evidence),
  });
}

// The roster's learner ids: letters, digits and . _ - @ +, at most 128, not starting with . or -.
const LEARNER_ID = /^[A-Za-z0-9@+_][A-Za-z0-9.@+_-]{0,127}$/;

/**
 * The learner id a stacked credential gives a learner known by DID: the DID with `:` (and anything else
 * a file name can't hold) as `_` (`did_key_z6Mk…`), or, when that won't do, a hash of it.
 */
export function stackedLearnerId(did: string): string {
  const readable = did.replace(/[^A-Za-z0-9.@+_-]/g, '_');
  return LEARNER_ID.test(readable) ? readable : `did-${keccak256(toHex(did)).slice(2, 34)}`;
}
