import { type Address, getAddress, isAddress } from 'viem';
import { InvalidArgumentError } from '../core/index.js';
import { type TrustPolicy, type TrustedIssuers, trustedAccreditors, trustedIssuers } from '../verifier/index.js';

/** What the verifier page needs besides the credentials: where to read the chain, whom to trust, which registries. */
export interface PageSettings {
  /** One endpoint per chain the credentials are anchored on (or a single one). */
  rpcUrls: string[];
  trust: TrustPolicy;
  /** Registries accepted whatever their code (the verifier's own allowlist), besides released microcred registries. */
  registries: Address[];
}

/** The form's text fields, as typed (or accepted from a link). */
export interface SettingsFields {
  rpc: string;
  trust: string;
  accreditors: string;
  registries: string;
}

export const SETTINGS_FIELDS = ['rpc', 'trust', 'accreditors', 'registries'] as const satisfies readonly (keyof SettingsFields)[];

/** Each field as the form labels it, so a message or a link's proposal names it the way the person sees it. */
export const FIELD_LABELS: Record<keyof SettingsFields, string> = {
  rpc: 'JSON-RPC endpoints',
  trust: 'Trusted issuers',
  accreditors: 'Accreditors',
  registries: 'Registries you also accept',
};

/** A settings field that can't be used, named as the form labels it. */
export class SettingsError extends InvalidArgumentError {
  override name = 'SettingsError';
  constructor(readonly field: keyof SettingsFields, message: string) {
    super(message);
  }
}

/**
 * Checks the form's fields and turns them into settings.
 * @throws SettingsError naming the field (and the line, for lists) that is wrong
 */
export function readSettings(fields: SettingsFields): PageSettings {
  return {
    rpcUrls: rpcUrls(fields.rpc),
    trust: { ...issuerList(fields.trust), accreditors: accreditorList(fields.accreditors) },
    registries: addressList(fields.registries, 'registries'),
  };
}

/** The query parameter that proposes each field: `rpc` may repeat; the address lists may repeat or hold commas. */
const QUERY_NAMES: Record<keyof SettingsFields, string> = { rpc: 'rpc', trust: 'trust', accreditors: 'accreditor', registries: 'registry' };

/**
 * The fields a link proposes, from the page's query string (`?rpc=https://…&trust=0xabc…,0xdef…&accreditor=0x…
 * &registry=0x…`), only those it names: a parameter present but empty proposes an empty list. These are
 * someone else's values, so the page shows them and uses them only once the person accepts them.
 */
export function proposedFields(search: string): Partial<SettingsFields> {
  const query = new URLSearchParams(search);
  const proposal: Partial<SettingsFields> = {};
  for (const field of SETTINGS_FIELDS) {
    const name = QUERY_NAMES[field];
    if (!query.has(name)) continue;
    const values = query.getAll(name).flatMap((value) => (field === 'rpc' ? [value] : value.split(',')));
    proposal[field] = values.map((value) => value.trim()).filter(Boolean).join('\n');
  }
  return proposal;
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

/** Trusted issuers, one per line (commas and spaces also separate): domains, DIDs or addresses. */
function issuerList(text: string): TrustedIssuers {
  const trusted: TrustedIssuers = { issuers: [], dids: [], domains: [] };
  text.split('\n').forEach((line, i) => {
    try {
      const more = trustedIssuers(line.split(/[\s,]+/).filter(Boolean));
      trusted.issuers.push(...more.issuers);
      trusted.dids.push(...more.dids);
      trusted.domains.push(...more.domains);
    } catch (error) {
      throw new SettingsError('trust', `${FIELD_LABELS.trust}, line ${i + 1}: ${(error as Error).message.replace(/\.$/, '')}`);
    }
  });
  return trusted;
}

/**
 * Accreditors, one per line (commas and spaces also separate): a domain or DID, verified on chain like an
 * issuer's before its accreditations count, or an account.
 */
function accreditorList(text: string): string[] {
  const accreditors: string[] = [];
  text.split('\n').forEach((line, i) => {
    try {
      accreditors.push(...trustedAccreditors(line.split(/[\s,]+/).filter(Boolean)));
    } catch (error) {
      throw new SettingsError('accreditors', `${FIELD_LABELS.accreditors}, line ${i + 1}: ${(error as Error).message.replace(/\.$/, '')}`);
    }
  });
  return accreditors;
}

/** One address per line (commas and spaces also separate); blank lines are ignored. */
function addressList(text: string, field: 'registries'): Address[] {
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
