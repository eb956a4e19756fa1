// One credential's verdict as an HR person reads it: a coloured banner with one word, the sentence why,
// then what the credential is (achievement, learner, issuer as verified, date issued, validity) and, for a
// revocation or suspension, when and why in words. The checks, anchors and chains are one click away.
// Everything taken from a credential is untrusted input and goes into the page as text.
import { type CredentialLabel, type Verdict, describeCredential } from '../verifier/index.js';
import { element } from './dom.js';
import { dateInWords, headlineOf } from './verdictWords.js';
import type { VerifiedItem } from './render.js';

/** What the page adds to the verdict. */
export interface CardContext {
  /** When the check ran, in words. */
  checkedAt: string;
}

/** Numbers the cards' headings, for their `aria-labelledby`. */
let cards = 0;

export function verdictCard({ source, credential, verdict }: VerifiedItem, context: CardContext): HTMLElement {
  const what = describeCredential(credential);
  const headline = headlineOf(verdict.status);
  const card = element('article', undefined, `verdict ${headline.tone}`);
  card.dataset.status = verdict.status;
  card.dataset.source = source;
  const title = `verdict-title-${++cards}`;
  card.setAttribute('aria-labelledby', title);

  const banner = element('div', undefined, 'banner');
  const word = element('h3', headline.word, 'verdict-word');
  word.id = title;
  // The precise status beside the word, unless it is the same word ("Revoked revoked").
  const status = element('span', verdict.status.replaceAll('-', ' '), `status ${verdict.status}`);
  status.hidden = status.textContent === headline.word.toLowerCase();
  banner.append(word, status, element('p', bannerSentence(verdict), 'summary'));
  card.append(banner);

  const genuine = headline.word !== 'Not genuine';
  if (!genuine) card.append(element('p', 'What the file claims (not vouched for: it is not what its issuer issued):', 'claims'));
  const facts = element('dl', undefined, 'facts');
  const fact = (term: string, value: string | Node, name: string) => {
    const dd = element('dd');
    dd.append(value);
    dd.dataset.fact = name;
    facts.append(element('dt', term), dd);
  };
  fact('Achievement', what.achievement ?? '(no achievement name)', 'achievement');
  fact('Learner', what.learner ?? '(name hidden by the holder)', 'learner');
  fact('Issuer', issuerLine(verdict, what), 'issuer');
  fact('Issued', what.issued ? dateInWords(what.issued) : '(no date)', 'issued');
  fact('Valid', validity(what, verdict), 'validity');
  const change = verdict.statusChange;
  if (change?.at) {
    const kind = change.status === 'revoked' ? 'Revoked' : 'Suspended';
    fact(`${kind} on`, `${dateInWords(change.at)}${change.scope === 'batch' ? ' (its whole batch)' : ''}`, 'status-date');
    if (change.reason) fact('Reason', change.reason, 'status-reason');
  }
  fact('Checked', context.checkedAt, 'checked');
  card.append(facts);

  card.append(detailsOf(source, verdict));
  return card;
}

/**
 * The one sentence under the word: the SDK's, except that a revocation or suspension says its date the way
 * the rest of the page does (the SDK's verdict carries when and why, read from the registry).
 */
function bannerSentence(verdict: Verdict): string {
  const change = verdict.statusChange;
  if (!change?.at) return verdict.summary;
  const kind = change.status === 'revoked' ? 'Revoked' : 'Suspended';
  const lifted = change.status === 'suspended' ? ' A suspension may be lifted later.' : '';
  const batch = change.scope === 'batch' ? ', with its whole batch,' : '';
  const why = change.reason === undefined ? '' : `: ${change.reason}`;
  return `${kind} by its issuer${batch} on ${dateInWords(change.at)}${why}.${lifted}`;
}

/**
 * Who issued it, as far as it was verified: a verified domain stands alone (with the issuer's logo when the
 * credential embeds one); a name the credential merely claims is shown as a claim, beside the account that
 * really anchored it.
 */
function issuerLine(verdict: Verdict, what: CredentialLabel): HTMLElement {
  const identity = verdict.issuerIdentity;
  if (identity?.verified) {
    const line = element('span', undefined, 'issuer verified');
    const logo = embeddedLogo(what.issuerImage, identity.domain ?? identity.did);
    if (logo) line.append(logo);
    line.append(`${identity.domain ?? identity.did} (verified)`);
    if (what.issuer) line.append(element('small', ` calls itself “${what.issuer}”`));
    return line;
  }
  const claim = what.issuer ? `claims to be “${what.issuer}”, ` : '';
  if (!identity) return element('span', claim ? `${claim}not checked` : 'not checked', 'issuer');
  const who = identity.did.startsWith('did:pkh:') ? `account ${verdict.issuer}` : (identity.domain ?? identity.did);
  return element('span', `${claim}issuer not identified: ${who}`, 'issuer unverified');
}

/** Raster images only (an SVG can carry its own links), small, embedded in the credential itself. */
const EMBEDDED_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
const MAX_LOGO_CHARS = 100_000;

/**
 * The issuer's logo, only when the credential embeds it as a data: URI: the page never fetches a URL a
 * credential names on its own (that would tell whoever runs it who is looking at which credential, when).
 * Shown only beside a verified identity, so a forger's copy of a university's logo never is.
 */
function embeddedLogo(image: string | undefined, who: string): HTMLImageElement | undefined {
  if (!image || image.length > MAX_LOGO_CHARS || !EMBEDDED_IMAGE.test(image)) return undefined;
  const img = element('img', undefined, 'logo');
  img.alt = `logo of ${who}`;
  img.src = image;
  return img;
}

function validity(what: CredentialLabel, verdict: Verdict): string {
  const from = what.issued ? `from ${dateInWords(what.issued)}` : '';
  if (!what.validUntil) return from ? `${from}, no expiry date` : 'no expiry date';
  const until = dateInWords(what.validUntil);
  if (verdict.status === 'expired') return `expired on ${until}`;
  return `${from}${from ? ' ' : ''}until ${until}`;
}

/** Every check and every anchor, folded away. */
function detailsOf(source: string, verdict: Verdict): HTMLDetailsElement {
  const box = element('details', undefined, 'checks');
  box.append(element('summary', 'Details: checks, anchors, chains'));
  box.append(element('p', `From ${source}.`, 'source'));
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
