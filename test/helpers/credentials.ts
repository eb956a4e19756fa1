import { readFileSync } from 'node:fs';
import { registryReleases } from '../../src/abi/releases.js';
import { type AchievementTemplate, type AnchoredCredential, type OpenBadgeCredential, buildBatch, buildCredential } from '../../src/core/index.js';

/** The registry status entries point at: the latest release's address (the same on every chain). */
export const REGISTRY = registryReleases.at(-1)!.address;

export const ISSUER = { address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', name: 'Example University', chainId: 31337 } as const;

export const template: AchievementTemplate = JSON.parse(readFileSync(new URL('../../examples/achievement.json', import.meta.url), 'utf8'));

export function learnerCredential(i: number, overrides: { email?: string | undefined } = {}): OpenBadgeCredential {
  const email = 'email' in overrides ? overrides.email : `learner${i}@students.example.edu`;
  return buildCredential({ id: `S2025-${String(i).padStart(4, '0')}`, name: `Learner Número ${i}`, email }, template, {
    issuer: ISSUER,
    validFrom: '2025-06-30T00:00:00Z',
  });
}

export function anchoredBatch(n: number): AnchoredCredential[] {
  return buildBatch(Array.from({ length: n }, (_, i) => learnerCredential(i)), { issuer: ISSUER.address, registry: REGISTRY }).credentials;
}

/** Every [path, value] of a JSON value's primitives, paths dotted (arrays by position). */
export function leafPaths(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
}

/** Sets the value at a dotted path (array positions as numbers) of a JSON value, in place. */
export function setAt(root: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce((node: any, key) => node[key], root);
  parent[last] = value;
}

/** A different value of the same JSON type. */
export function changed(value: unknown): unknown {
  if (typeof value === 'string') return `${value}x`;
  if (typeof value === 'number') return value + 1 !== value ? value + 1 : -value; // beyond 2⁵³, + 1 may change nothing
  if (typeof value === 'boolean') return !value;
  return 'changed';
}
