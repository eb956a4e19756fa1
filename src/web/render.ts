import type { VerifiablePresentation } from '../core/index.js';
import { type PassportEntry, type PassportVerdict, type Verdict, holderCheck, judgePassport } from '../verifier/index.js';
import { element } from './dom.js';
import { qrCode } from './qrCode.js';
import { shareLink } from './shareLink.js';
import { verdictCard } from './verdictCard.js';
import type { Tone } from './verdictWords.js';

/** A credential as the page loaded it (with the signed passport it came in, if any), and what the verifier said of it. */
export interface VerifiedItem {
  source: string;
  credential: unknown;
  presentation?: VerifiablePresentation | undefined;
  /** Its place in a passport file, for a passport's entry. */
  entry?: PassportEntry | undefined;
  verdict: Verdict;
}

export interface RenderContext {
  /** When the check ran, in words. */
  checkedAt: string;
  /** When and why, for the revoked and suspended items, by position. */
}

/** Share links and QR codes are made for the first this many cards; a bigger passport is shared as a file. */
export const MAX_SHARED_CARDS = 200;

/**
 * Writes one card per verdict, and the tally above them, then gives each card its share link and QR code
 * (made asynchronously: compressing a credential is a stream). Credential files are untrusted input:
 * everything taken from them goes into the page as text, never as markup.
 */
export async function renderVerdicts(container: HTMLElement, tally: HTMLElement, items: readonly VerifiedItem[], context: RenderContext): Promise<void> {
  const valid = items.filter((item) => item.verdict.ok).length;
  tally.textContent = `${valid} of ${items.length} valid`;
  // Through a fragment, not `replaceChildren(...cards)`: spreading 200,000 cards as arguments overflowed the call stack.
  const fragment = document.createDocumentFragment();
  const cards = items.map((item) => verdictCard(item, { checkedAt: context.checkedAt }));
  for (const card of cards) fragment.append(card);
  container.replaceChildren(fragment);
  for (const [i, card] of cards.slice(0, MAX_SHARED_CARDS).entries()) card.append(...(await sharing(items[i]!.credential)));
}

/**
 * The card's actions (copy its share link, print it) and, for the print view, the link as a QR code. The
 * link holds the credential in its fragment: opening it checks the same credential again, in the opener's
 * browser, with the opener's settings.
 */
async function sharing(credential: unknown): Promise<HTMLElement[]> {
  const link = await shareLink(credential);
  const actions = element('div', undefined, 'actions');
  const copy = element('button', 'Copy share link', 'copy-link');
  copy.type = 'button';
  const print = element('button', 'Print this one', 'print-one');
  print.type = 'button';
  const said = element('span', '', 'copied');
  said.setAttribute('role', 'status');
  copy.dataset.link = link;
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(link).then(
      () => (said.textContent = 'Link copied: it holds the credential, so share it only with whom you would show the credential.'),
      () => (said.textContent = 'Could not copy: your browser refused the clipboard.'),
    );
  });
  print.addEventListener('click', () => printOnly(print.closest('article')!));
  actions.append(copy, print, said);

  const printed = element('div', undefined, 'print-only share-qr');
  const code = qrCode(link, 'QR code of a link that checks this credential again');
  if (code) printed.append(code, element('p', 'Scan to check this credential again. The credential is inside the link itself: nothing is uploaded.'));
  else printed.append(element('p', 'The link that checks this credential again is too long for a QR code: use "Copy share link" on the page.'));
  return [actions, printed];
}

/** Prints `card` alone: the print style hides the other cards while `body.print-one` is set. */
function printOnly(card: Element): void {
  document.body.classList.add('print-one');
  card.classList.add('printing');
  const done = () => {
    document.body.classList.remove('print-one');
    card.classList.remove('printing');
  };
  window.addEventListener('afterprint', done, { once: true });
  window.print();
}

/**
 * One card per passport among the items (the entries of a file holding a list of credentials), above
 * the per-credential cards: whose it is, how strongly that is known, the total credits of the valid
 * credentials, the issuers and the skills, under a banner like a credential's. Everything from the files
 * goes in as text.
 */
export async function renderPassports(container: HTMLElement, items: readonly VerifiedItem[]): Promise<void> {
  const byFile = new Map<string, VerifiedItem[]>();
  for (const item of items) {
    if (item.entry === undefined) continue;
    const group = byFile.get(item.entry.passport);
    if (group) group.push(item);
    else byFile.set(item.entry.passport, [item]);
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
  const [word, tone]: [string, Tone] =
    holder.outcome === 'fail' ? ["Not one learner's", 'bad'] : verdict.ok ? ['All valid', 'ok'] : ['Not all valid', 'warn'];
  const card = element('article', undefined, `passport ${tone} ${holder.outcome === 'pass' ? 'one-learner' : 'refused'}`);
  card.dataset.source = file;
  const learner = summary.learner.names.join(' / ') || summary.learner.did || 'an unnamed learner';
  const banner = element('div', undefined, 'banner');
  banner.append(element('h3', word, 'verdict-word'), element('span', `skills passport of ${learner}`, 'status'), element('p', verdict.message, 'passport-message'));
  card.append(banner, element('p', holder.message, 'holder'));
  const facts = element('dl', undefined, 'facts');
  const fact = (term: string, value: string) => facts.append(element('dt', term), element('dd', value));
  fact('File', file);
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
