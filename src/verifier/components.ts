import type { Hex } from 'viem';
import { type ComponentEvidence, checkIntegrity, componentEvidenceOf } from '../core/index.js';
import { type Check, type Verdict, toVerdict } from './verdict.js';

/**
 * Re-checks the components of every stacked credential among `credentials` (`verdicts[i]` judges
 * `credentials[i]`, as `verifyCredentials` returns them) against the other credentials given with it:
 * each evidence entry's digest must be that of a supplied credential, which must be valid, be the batch
 * entry the evidence names, and be about the same learner. The stacked credential's verdict gains a
 * `components` check: `pass` (every component re-checked and valid), `fail` (one is not:
 * `components-invalid`), or `skipped` naming the components that were not supplied, so a verdict never
 * implies they were checked. Other verdicts are returned as they are; every field a verdict carries
 * besides its checks and status (a `source`, say) is kept.
 *
 * @example
 * const verdicts = checkComponents(files, await verifyCredentials(files, options))
 */
export function checkComponents<verdict extends Verdict>(credentials: readonly unknown[], verdicts: readonly verdict[]): verdict[] {
  const stacked = credentials.map((credential) => componentEvidenceOf(credential));
  if (stacked.every((evidence) => evidence.length === 0)) return [...verdicts];
  const digests = new Map<Hex, number[]>();
  credentials.forEach((credential, position) => {
    const digest = checkIntegrity(credential).digest?.toLowerCase() as Hex | undefined;
    if (digest !== undefined) digests.set(digest, [...(digests.get(digest) ?? []), position]);
  });
  return verdicts.map((verdict, position) => {
    const evidence = stacked[position]!;
    if (evidence.length === 0) return verdict;
    const check = componentsCheck(evidence, subjectOf(credentials[position]), (entry) => (digests.get(entry.digest.toLowerCase() as Hex) ?? []).filter((p) => p !== position), credentials, verdicts);
    const { status: _status, ok: _ok, checks, summary, ...base } = verdict;
    return { ...verdict, ...toVerdict([...checks, check], base, verdict.ok ? `${summary} ${check.message}` : summary) };
  });
}

function componentsCheck(evidence: readonly ComponentEvidence[], subject: string | undefined, supplied: (entry: ComponentEvidence) => number[], credentials: readonly unknown[], verdicts: readonly Verdict[]): Check {
  const problems: string[] = [];
  const missing: string[] = [];
  let valid = 0;
  for (const entry of evidence) {
    const label = `${entry.name ?? entry.id} (${entry.id})`;
    const positions = supplied(entry);
    if (positions.length === 0) {
      missing.push(label);
      continue;
    }
    // Any copy that is valid will do (a full copy and a redacted one share their digest).
    const good = positions.find((p) => verdicts[p]!.ok && sameEntry(credentials[p], entry) && subjectOf(credentials[p]) === subject);
    if (good !== undefined) {
      valid++;
      continue;
    }
    const p = positions[0]!;
    if (!verdicts[p]!.ok) problems.push(`${label} is ${verdicts[p]!.status}: ${verdicts[p]!.summary}`);
    else if (!sameEntry(credentials[p], entry)) problems.push(`${label} is not the batch entry the evidence names`);
    else problems.push(`${label} is about ${subjectOf(credentials[p]) ?? 'no learner DID'}, not ${subject ?? 'the learner of this credential'}`);
  }
  if (problems.length > 0) {
    return { name: 'components', outcome: 'fail', status: 'components-invalid', message: `A component it was stacked from is not valid: ${problems.join('; ')}.` };
  }
  if (missing.length > 0) {
    const checked = valid > 0 ? `${valid} of ${evidence.length} components re-checked and valid; the others were` : `Its ${evidence.length === 1 ? 'component was' : `${evidence.length} components were`}`;
    return { name: 'components', outcome: 'skipped', message: `${checked} not re-checked (not supplied beside it): ${missing.join(', ')}.` };
  }
  return { name: 'components', outcome: 'pass', message: `All ${evidence.length} components it was stacked from were re-checked and are valid.` };
}

/** Whether a supplied credential is the batch entry (anchoring account, root, index) the evidence names. */
function sameEntry(credential: unknown, entry: ComponentEvidence): boolean {
  const integrity = checkIntegrity(credential);
  const proof = integrity.anchorProof;
  return (
    integrity.ok &&
    proof !== undefined &&
    typeof entry.anchor === 'object' &&
    entry.anchor !== null &&
    String(entry.anchor.issuer).toLowerCase() === integrity.issuer!.toLowerCase() &&
    String(entry.anchor.root).toLowerCase() === proof.root.toLowerCase() &&
    entry.anchor.index === proof.index
  );
}

function subjectOf(credential: unknown): string | undefined {
  const id = (credential as { credentialSubject?: { id?: unknown } } | null)?.credentialSubject?.id;
  return typeof id === 'string' ? id : undefined;
}
