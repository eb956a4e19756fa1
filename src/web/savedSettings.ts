// The person's own settings, kept in the browser (localStorage, this page's origin only) so the form
// starts with them on the next visit. Only what the person typed or accepted is saved; a link's values
// never are until accepted.
import { SETTINGS_FIELDS, type SettingsFields } from './settings.js';

// Versioned: a later page that stores something else uses another key rather than misreading this one.
const KEY = 'microcred.verifier.settings.v1';

/**
 * The browser's localStorage, or undefined where the page may not use it (storage disabled, some private
 * modes: reading `localStorage` then throws). The page still works there; settings just don't persist.
 */
export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** The saved fields; a field never saved, or a stored value that isn't ours (not JSON, not text), is left out. */
export function loadSavedFields(storage: Storage | undefined): Partial<SettingsFields> {
  let saved: unknown;
  try {
    saved = JSON.parse(storage?.getItem(KEY) ?? 'null');
  } catch {
    return {};
  }
  if (typeof saved !== 'object' || saved === null) return {};
  const fields: Partial<SettingsFields> = {};
  for (const field of SETTINGS_FIELDS) {
    const value = (saved as Record<string, unknown>)[field];
    if (typeof value === 'string') fields[field] = value;
  }
  return fields;
}

/** Saves the fields as they are; a full or refused storage only means they won't persist. */
export function saveFields(storage: Storage | undefined, fields: SettingsFields): void {
  try {
    storage?.setItem(KEY, JSON.stringify(fields));
  } catch {
    // QuotaExceededError or SecurityError: nothing to tell the person mid-typing; the form still holds the values.
  }
}
