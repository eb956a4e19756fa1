import type { VerifiablePresentation } from '../src/core/index.js';
import { type PassportVerdict, type Verdict, describeCredential, holderCheck, judgePassport } from '../src/verifier/index.js';

/** A credential as the page loaded it (with the signed passport it came in, if any), and what the verifier said of it. */
export interface VerifiedItem {
  source: string;
  credential: unknown;
  presentation?: VerifiablePresentation | undefined;
  verdict: Verdict;
}

/**
 * Writes one table row per verdict, and the tally above the table. Credential files are untrusted input:
 * everything taken from them goes into the page as text (`textContent`), never as markup.
 */
export function renderVerdicts(rows: HTMLElement, tally: HTMLElement, items: readonly VerifiedItem[]): void {
  const valid = items.filter((item) => item.verdict.ok).length;
  tally.textContent = `${valid} of ${items.length} valid`;
  // Through a fragment, not `replaceChildren(...rows)`: spreading 200,000 rows as arguments overflowed the call stack.
  const fragment = document.createDocumentFragment();
  for (const item of items) fragment.append(verdictRow(item));
  rows.replaceChildren(fragment);
}

/**
 * One card per passport among the items (a file holding a list of credentials: sources `file[i]`), above
 * the per-credential rows: whose it is, how strongly that is known, the total credits of the valid
 * credentials, the issuers and the skills. Everything from the files goes in as text.
 */
export async function renderPassports(container: HTMLElement, items: readonly VerifiedItem[]): Promise<void> {
  const byFile = new Map<string, VerifiedItem[]>();
  for (const item of items) {
    const entry = /^(.*)\[\d+\]$/.exec(item.source);
    if (entry) byFile.set(entry[1]!, [...(byFile.get(entry[1]!) ?? []), item]);
  }
  const fragment = document.createDocumentFragment();
  for (const [file, group] of byFile) {
    const credentials = group.map((item) => item.credential);
    // A signed passport (a presentation) is checked for its holder's signature; a list, for one learner.
    const holder = await holderCheck(credentials, group[0]!.presentation, { client: () => undefined });
    fragment.append(passportCard(file, judgePassport(credentials, group.map((item) => item.verdict), holder)));
  }
  container.replaceChildren(fragment);
}

function passportCard(file: string, verdict: PassportVerdict): HTMLElement {
  const { summary, holder } = verdict;
  const card = element('article', undefined, `passport ${holder.outcome === 'pass' ? 'one-learner' : 'refused'}`);
  card.dataset.source = file;
  const learner = summary.learner.names.join(' / ') || summary.learner.did || 'an unnamed learner';
  card.append(element('h3', `Skills passport of ${learner}`), element('p', verdict.message, 'passport-message'), element('p', holder.message, 'holder'));
  const facts = element('dl');
  const fact = (term: string, value: string) => facts.append(element('dt', term), element('dd', value));
  fact('Credits (valid credentials)', String(summary.totalCredits));
  fact('Issuers', summary.issuers.map((issuer) => `${issuer.label}${issuer.verified ? ' (verified)' : ' (not identified)'}${issuer.accreditedBy.length ? `, accredited by ${issuer.accreditedBy.join(', ')}` : ''}`).join('; ') || 'none valid');
  for (const { framework, skills } of summary.skills) fact(framework, skills.map((skill) => skill.name).join(', '));
  card.append(facts);
  const list = element('ul', undefined, 'achievements');
  for (const line of summary.achievements) {
    const item = element('li', `${line.achievement ?? '(unnamed)'} from ${line.issuer}${line.date ? `, ${line.date.slice(0, 10)}` : ''}${line.credits === undefined ? '' : `, ${line.credits} credits`}: ${line.status.replaceAll('-', ' ')}`);
    item.dataset.status = line.status;
    list.append(item);
  }
  card.append(list);
  return card;
}

function verdictRow({ source, credential, verdict }: VerifiedItem): HTMLTableRowElement {
  const row = element('tr');
  row.dataset.status = verdict.status;
  row.dataset.source = source;

  const what = describeCredential(credential);
  const whatCell = element('td');
  whatCell.append(element('strong', what.achievement ?? '(no achievement name)'));
  if (what.learner) whatCell.append(element('br'), what.learner);
  whatCell.append(element('br'), issuerLine(verdict, what.issuer));

  const statusCell = element('td');
  statusCell.append(element('span', verdict.status.replaceAll('-', ' '), `status ${verdict.status}`));

  const whyCell = element('td');
  whyCell.append(element('span', verdict.summary, 'summary'), details(verdict));

  row.append(element('td', source, 'source'), whatCell, statusCell, whyCell);
  return row;
}

/**
 * Who issued it, as far as it was verified: a verified domain stands alone; a name the credential merely
 * claims is shown as a claim, beside the account that really anchored it.
 */
function issuerLine(verdict: Verdict, claimedName: string | undefined): HTMLElement {
  const identity = verdict.issuerIdentity;
  if (identity?.verified) return element('small', `issued by ${identity.domain ?? identity.did} (verified)`, 'issuer verified');
  const claim = claimedName ? `claims to be “${claimedName}”, ` : '';
  if (!identity) return element('small', claimedName ? `${claim}not checked` : '', 'issuer');
  const who = identity.did.startsWith('did:pkh:') ? `account ${verdict.issuer}` : identity.domain ?? identity.did;
  return element('small', `${claim}issuer not identified: ${who}`, 'issuer unverified');
}

/** Every check and every anchor, folded away under the summary. */
function details(verdict: Verdict): HTMLDetailsElement {
  const box = element('details');
  box.append(element('summary', 'Checks'));
  const checks = element('ul');
  for (const check of verdict.checks) {
    const item = element('li');
    item.dataset.check = check.name;
    item.dataset.outcome = check.outcome;
    item.append(element('span', `${check.name}: ${check.outcome}`, `outcome ${check.outcome}`), ` — ${check.message}`);
    checks.append(item);
  }
  box.append(checks);
  if (verdict.anchors.length > 0) {
    const anchors = element('ul');
    for (const anchor of verdict.anchors) {
      const where = `${anchor.chain}, registry ${anchor.registry}`;
      anchors.append(element('li', anchor.anchoredAt ? `anchored on ${where} at ${anchor.anchoredAt}` : `${where}: ${anchor.error ?? 'not anchored there'}`));
    }
    box.append(element('p', 'Anchors:'), anchors);
  }
  return box;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}
