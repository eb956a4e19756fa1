// Settings a link carries are someone else's proposal: a phishing link could otherwise point the page at
// an endpoint that lies, or trust the sender's own address. The page shows them, as text, beside the
// person's own, and applies them only when the person presses "Use these settings".
import { FIELD_LABELS, SETTINGS_FIELDS, type SettingsFields } from './settings.js';

export interface ProposalElements {
  /** Hidden until there is something to propose. */
  panel: HTMLElement;
  /** A `<dl>`: each proposed field's label and values. */
  values: HTMLElement;
  use: HTMLButtonElement;
  keep: HTMLButtonElement;
}

/**
 * Shows the fields `proposal` would change in `own` (nothing, when it changes none) and waits for the
 * person: "Use these settings" calls `onUse` with them; either button hides the panel and drops the link's
 * query from the address bar, so a reload starts from the person's settings without asking again.
 */
export function offerProposal(elements: ProposalElements, proposal: Partial<SettingsFields>, own: SettingsFields, onUse: (fields: Partial<SettingsFields>) => void): void {
  const changes: Partial<SettingsFields> = {};
  for (const field of SETTINGS_FIELDS) {
    const value = proposal[field];
    if (value !== undefined && !sameValues(field, value, own[field])) changes[field] = value;
  }
  const fields = SETTINGS_FIELDS.filter((field) => changes[field] !== undefined);
  if (fields.length === 0) return;

  // Text nodes only: a link's value such as `<img src=x onerror=…>` must show as those characters.
  elements.values.replaceChildren(
    ...fields.flatMap((field) => {
      const term = document.createElement('dt');
      term.textContent = FIELD_LABELS[field];
      const value = document.createElement('dd');
      value.dataset.field = field;
      value.textContent = changes[field] || '(none)';
      return [term, value];
    }),
  );
  const close = () => {
    elements.panel.hidden = true;
    history.replaceState(history.state, '', `${location.pathname}${location.hash}`);
  };
  elements.use.onclick = () => {
    onUse(changes);
    close();
  };
  elements.keep.onclick = close;
  elements.panel.hidden = false;
}

/** Whether two texts of a field list the same values (order kept; spacing, blank lines and address case aside). */
function sameValues(field: keyof SettingsFields, a: string, b: string): boolean {
  const values = (text: string) => {
    const tokens = text.split(field === 'rpc' ? /\s+/ : /[\s,]+/).filter(Boolean);
    return (field === 'rpc' ? tokens : tokens.map((token) => token.toLowerCase())).join('\n');
  };
  return values(a) === values(b);
}
