// The verifier page: credential files, a paste or a share link in, one verdict each out, all in the browser.
// The only requests leaving the page are the registry reads `verifyCredentials` makes (for a revocation or
// suspension, its events too) to the RPC endpoints in the settings (built in, typed, or accepted
// from a link: a link's own values are only proposed, see proposal.ts). A share link's credential is in
// the URL fragment, which no request carries.
import { connectEndpoints } from '../chain/endpoints.js';
import {
  CredentialTextError,
  PassportLimitError,
  type SourcedCredential,
  type SourcedVerdict,
  assertCredentialTextSize,
  assertPassportSize,
  MIN_POOLED_CREDENTIALS,
  OfflineWorkerError,
  OfflineWorkerPool,
  credentialsFromText,
  passportTextError,
  splitCredentialList,
  textCredential,
  verifySourcedCredentials,
  webWorkerChannel,
} from '../verifier/index.js';
import { renderPassports, renderVerdicts } from './render.js';
import { hideableKinds, kindLabel, sharedFile } from './share.js';
import { ShareLinkError, sharedText } from './shareLink.js';
import { offerProposal } from './proposal.js';
import { browserStorage, loadSavedFields, saveFields } from './savedSettings.js';
import { type PageSettings, SETTINGS_FIELDS, SettingsError, type SettingsFields, proposedFields, readSettings } from './settings.js';
import { PUBLIC_ENDPOINTS, builtInEndpointsText, localEndpoints } from './endpoints.js';
import { timeInWords } from './verdictWords.js';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const form = byId<HTMLFormElement>('verify-form');
const filesInput = byId<HTMLInputElement>('files');
const dropZone = byId<HTMLLabelElement>('drop-zone');
const fileList = byId<HTMLParagraphElement>('file-list');
const pasted = byId<HTMLTextAreaElement>('pasted');
const fields: Record<keyof SettingsFields, HTMLTextAreaElement> = {
  rpc: byId('rpc'),
  trust: byId('trust'),
  accreditors: byId('accreditors'),
  registries: byId('registries'),
};
const formError = byId<HTMLParagraphElement>('form-error');
const endpointProblems = byId<HTMLParagraphElement>('endpoint-problems');
const button = byId<HTMLButtonElement>('verify');
const results = byId<HTMLElement>('results');
const share = byId<HTMLElement>('share');
const hideKinds = byId<HTMLFieldSetElement>('hide-kinds');
const shareError = byId<HTMLParagraphElement>('share-error');
const settingsPanel = byId<HTMLDetailsElement>('settings');

/** Files dropped or chosen, kept until new ones replace them. */
let files: File[] = [];
/** The credential a share link carried in its fragment (never sent anywhere), until another link replaces it. */
let linked: string | undefined;

// The form starts with the person's own settings (the page's defaults on a first visit), whatever the link says.
// A first visit reads the chains through the built-in public endpoints (and a local node under `microcred web`).
const storage = browserStorage();
fillFields({ rpc: builtInEndpointsText(document), ...loadSavedFields(storage) });
describeBuiltInEndpoints();
byId('rpc-restore').addEventListener('click', () => {
  fields.rpc.value = builtInEndpointsText(document);
  saveFields(storage, currentFields());
});
for (const field of Object.values(fields)) field.addEventListener('input', () => saveFields(storage, currentFields()));
offerProposal(
  { panel: byId('proposal'), values: byId('proposal-values'), use: byId('proposal-use'), keep: byId('proposal-keep') },
  proposedFields(location.search),
  currentFields(),
  (accepted) => {
    fillFields(accepted);
    saveFields(storage, currentFields());
  },
);

filesInput.addEventListener('change', () => chooseFiles(Array.from(filesInput.files ?? [])));
dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropZone.classList.add('dragging');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('dragging'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('dragging');
  chooseFiles(Array.from(event.dataTransfer?.files ?? []));
});

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void verify();
});
pasted.addEventListener('change', () => void offerSharing());
byId('share-download').addEventListener('click', () => void download());
byId('print-all').addEventListener('click', () => window.print());
// A share link checks its credential again as soon as it is opened (with the opener's own settings).
window.addEventListener('hashchange', () => void openSharedLink());
void openSharedLink();

/** Reads the credential in the address's fragment, if any, and verifies it. */
async function openSharedLink(): Promise<void> {
  try {
    linked = await sharedText(location.hash);
  } catch (error) {
    if (!(error instanceof ShareLinkError)) throw error;
    linked = undefined;
    return showError(error.message);
  }
  if (linked !== undefined) await verify();
}

/** Lists the chains of the built-in endpoints under the field, so a person knows what "built-in" covers. */
function describeBuiltInEndpoints(): void {
  const local = localEndpoints(document);
  const chains = PUBLIC_ENDPOINTS.map((endpoint) => `${endpoint.name} (${endpoint.chain})`).join(', ');
  byId('rpc-built-in').textContent = `Built in: ${local.length ? `your local node (${local.join(', ')}), then ` : ''}a public endpoint for each of ${chains}.`;
}

function currentFields(): SettingsFields {
  return { rpc: fields.rpc.value, trust: fields.trust.value, accreditors: fields.accreditors.value, registries: fields.registries.value };
}

function fillFields(values: Partial<SettingsFields>): void {
  for (const field of SETTINGS_FIELDS) {
    const value = values[field];
    if (value !== undefined) fields[field].value = value;
  }
}

function chooseFiles(chosen: File[]): void {
  files = chosen;
  // Files chosen after opening a share link replace its credential, as new files replace old ones.
  if (linked !== undefined) {
    linked = undefined;
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  }
  fileList.textContent = chosen.length === 0 ? '' : `${chosen.length} file${chosen.length === 1 ? '' : 's'}: ${chosen.map((file) => file.name).join(', ')}`;
  void offerSharing();
}

/**
 * Every credential of the chosen files and the pasted text, and the sources that can't be read: not JSON,
 * a key given twice, or over a limit. A file's size and a paste's length are checked before reading, and
 * the count of credentials as each source is added, so an oversize input is refused before any work.
 */
async function loadCredentials(): Promise<{ loaded: SourcedCredential[]; unreadable: string[] }> {
  const loaded: SourcedCredential[] = [];
  const unreadable: string[] = [];
  const sources: { name: string; read: () => Promise<string>; size: number }[] = files.map((file) => ({ name: file.name, read: () => file.text(), size: file.size }));
  const text = pasted.value;
  if (text.trim()) sources.push({ name: 'pasted text', read: async () => text, size: text.length });
  const shared = linked;
  if (shared !== undefined) sources.push({ name: 'shared link', read: async () => shared, size: shared.length });
  for (const { name, read, size } of sources) {
    try {
      assertCredentialTextSize(size, name);
      const text = await read();
      // A large passport list is cut into its entries' texts unparsed, for the Web Workers to parse and check.
      const split = splitCredentialList(text, name);
      const entries = split !== undefined && split.length >= MIN_POOLED_CREDENTIALS ? split.map((entry) => textCredential(entry, text)) : credentialsFromText(text, name);
      assertPassportSize(loaded.length + entries.length, sources.length > 1 ? `${name} with the files before it` : name);
      // One at a time: spreading 200,000 entries into push() as arguments overflowed the call stack.
      for (const entry of entries) loaded.push(entry);
    } catch (error) {
      if (!(error instanceof CredentialTextError) && !(error instanceof PassportLimitError)) throw error;
      unreadable.push(error.message);
      // Past the count limit, later sources would only add to it.
      if (error instanceof PassportLimitError) break;
    }
  }
  return { loaded, unreadable };
}

/** Shows the holder's panel with a checkbox per kind of field the loaded credentials can still hide. */
async function offerSharing(): Promise<void> {
  const { loaded } = await loadCredentials();
  const kinds = hideableKinds(loaded);
  const boxes = [...kinds].map(([kind, count]) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = kind;
    label.append(box, `${kindLabel(kind)} (${count})`);
    return label;
  });
  hideKinds.replaceChildren(hideKinds.querySelector('legend')!, ...boxes);
  shareError.hidden = true;
  share.hidden = kinds.size === 0;
}

async function download(): Promise<void> {
  shareError.hidden = true;
  const { loaded, unreadable } = await loadCredentials();
  const kinds = [...hideKinds.querySelectorAll<HTMLInputElement>('input:checked')].map((box) => box.value);
  let file: { name: string; text: string };
  try {
    if (unreadable.length > 0) throw new Error(unreadable.join('\n'));
    file = sharedFile(loaded, kinds);
  } catch (error) {
    shareError.textContent = (error as Error).message;
    shareError.hidden = false;
    return;
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([file.text], { type: 'application/json' }));
  link.download = file.name;
  link.click();
  // Freed once the browser has surely read it: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

async function verify(): Promise<void> {
  showError(undefined);
  for (const field of Object.values(fields)) field.removeAttribute('aria-invalid');
  let settings;
  try {
    settings = readSettings(currentFields());
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    settingsPanel.open = true;
    fields[error.field].setAttribute('aria-invalid', 'true');
    fields[error.field].focus();
    return showError(error.message);
  }

  // Every file is read before anything is verified, so one that isn't JSON is named up front.
  const { loaded, unreadable } = await loadCredentials();
  if (unreadable.length > 0) return showError(unreadable.join('\n'));
  if (loaded.length === 0) return showError('Nothing to verify: choose credential files, or paste a credential.');

  button.disabled = true;
  button.textContent = `Verifying ${loaded.length}…`;
  try {
    const checkedAt = timeInWords(new Date());
    const verdicts = await verifyLoaded(loaded, settings);
    const items = verdicts.map(({ source, ...verdict }) => ({ ...source, verdict }));
    await renderPassports(byId('passports'), items);
    await renderVerdicts(byId('verdicts'), byId('tally'), items, { checkedAt });
    results.hidden = false;
    // The verdicts sit above the form; bring them (and a screen reader's focus) to the top.
    results.scrollIntoView({ block: 'start' });
    byId('results-title').focus({ preventScroll: true });
  } catch (error) {
    // A passport entry that is not strict JSON: named as reading the whole file would have named it.
    if (error instanceof CredentialTextError && error.position !== undefined) return showError(passportTextError(loaded[error.position]!).message);
    if (error instanceof OfflineWorkerError) offlineWorkers = undefined; // a failed pool is not reused
    showError(`Verification stopped: ${(error as Error).message}`);
  } finally {
    button.disabled = false;
    button.textContent = 'Verify';
  }
}

/**
 * The verdicts of `loaded` under `settings`: the one place the page calls the verifier. Each endpoint serves
 * the chain it says it does; with a single one, a credential anchored elsewhere gets `chain-mismatch`, and a
 * node that doesn't answer `unreachable`.
 */
async function verifyLoaded(loaded: readonly SourcedCredential[], settings: PageSettings): Promise<SourcedVerdict<SourcedCredential>[]> {
  // Started before the endpoints are asked, so that the workers load meanwhile (this thread checks until one is ready).
  const large = loaded.filter((item) => item.text !== undefined).length >= MIN_POOLED_CREDENTIALS;
  const workers = large ? (offlineWorkers ??= new OfflineWorkerPool({ spawn: () => webWorkerChannel(new Worker(new URL('./offlineWorker.js', import.meta.url), { type: 'module' })) })) : undefined;
  const endpoints = await connectEndpoints(settings.rpcUrls);
  endpointProblems.textContent = settings.rpcUrls.length > 1 ? endpoints.problems.map((problem) => problem.message).join('\n') : '';
  endpointProblems.hidden = endpointProblems.textContent === '';
  return verifySourcedCredentials(
    loaded.map((item) => (item.text === undefined ? { credential: item.credential, source: item } : { text: item.text, source: item })),
    // `chains`: the canonical registry is read on every chain there is an endpoint for, so a revocation
    // there counts even when the file no longer lists that anchor.
    { client: endpoints.client, chains: [...endpoints.chains.keys()], trust: settings.trust, registries: settings.registries, workers },
  );
}

/** Web Workers for the offline checks, started by the first large input and kept for the next ones. */
let offlineWorkers: OfflineWorkerPool | undefined;

function showError(message: string | undefined): void {
  formError.textContent = message ?? '';
  formError.hidden = message === undefined;
}
