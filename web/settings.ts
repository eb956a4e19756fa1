import { type Address, getAddress, isAddress } from 'viem';
import type { TrustPolicy } from '../src/verifier/index.js';

/** What the verifier page needs besides the credentials: where to read the chain, and whom to trust. */
export interface PageSettings {
  /** One endpoint per chain the credentials are anchored on (or a single one). */
  rpcUrls: string[];
  trust: TrustPolicy;
}

/** The form's text fields, as typed (or prefilled from the page's query string). */
export interface SettingsFields {
  rpc: string;
  trust: string;
  accreditors: string;
}

/** A settings field that can't be used, named as the form labels it. */
export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(readonly field: keyof SettingsFields, message: string) {
    super(message);
  }
}

const FIELD_LABELS: Record<keyof SettingsFields, string> = {
  rpc: 'JSON-RPC endpoints',
  trust: 'Trusted issuers',
  accreditors: 'Accreditors',
};

/**
 * Checks the form's fields and turns them into settings.
 * @throws SettingsError naming the field (and the line, for address lists) that is wrong
 */
export function readSettings(fields: SettingsFields): PageSettings {
  return {
    rpcUrls: rpcUrls(fields.rpc),
    trust: { issuers: addressList(fields.trust, 'trust'), accreditors: addressList(fields.accreditors, 'accreditors') },
  };
}

/**
 * The form's initial fields from the page's query string, so an issuer can link to the page with its
 * node and its own address filled in: `?rpc=https://…&trust=0xabc…,0xdef…&accreditor=0x…` (`rpc` may repeat).
 */
export function fieldsFromQuery(search: string, defaults: SettingsFields): SettingsFields {
  const query = new URLSearchParams(search);
  const list = (name: string) => query.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean).join('\n');
  return {
    rpc: query.getAll('rpc').map((value) => value.trim()).filter(Boolean).join('\n') || defaults.rpc,
    trust: list('trust') || defaults.trust,
    accreditors: list('accreditor') || defaults.accreditors,
  };
}

/** One URL per line; blank lines are ignored. */
function rpcUrls(text: string): string[] {
  const label = FIELD_LABELS.rpc;
  const urls: string[] = [];
  text.split('\n').forEach((line, i) => {
    const value = line.trim();
    if (!value) return;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new SettingsError('rpc', `${label}, line ${i + 1}: "${value}" is not a URL`);
    }
    // viem's http transport (the one the page uses) speaks HTTP(S) only.
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SettingsError('rpc', `${label}, line ${i + 1}: "${value}" is not an http(s) URL`);
    }
    urls.push(value);
  });
  if (urls.length === 0) throw new SettingsError('rpc', `${label}: empty; give the URL of a node of each chain the credentials are anchored on`);
  return urls;
}

/** One address per line (commas and spaces also separate); blank lines are ignored. */
function addressList(text: string, field: 'trust' | 'accreditors'): Address[] {
  const addresses: Address[] = [];
  text.split('\n').forEach((line, i) => {
    for (const value of line.split(/[\s,]+/).filter(Boolean)) {
      if (!isAddress(value, { strict: false })) {
        throw new SettingsError(field, `${FIELD_LABELS[field]}, line ${i + 1}: "${value}" is not an Ethereum address`);
      }
      addresses.push(getAddress(value));
    }
  });
  return addresses;
}
