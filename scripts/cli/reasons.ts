import { CliError } from './output.js';

/**
 * Named reason codes for revocation and suspension. The registry stores any code 0-255 in its events;
 * these names are this CLI's convention (0 = unspecified), not part of the on-chain format.
 */
export const reasonCodes = {
  unspecified: 0,
  'issued-in-error': 1,
  superseded: 2,
  fraud: 3,
  'holder-request': 4,
  'under-review': 5,
} as const;

export function parseReason(value: string): number {
  if (value in reasonCodes) return reasonCodes[value as keyof typeof reasonCodes];
  const code = Number(value);
  if (/^\d+$/.test(value) && code <= 255) return code;
  throw new CliError(`--reason: "${value}" is neither a code 0-255 nor one of ${Object.keys(reasonCodes).join(', ')}`, 1, undefined, { code: 'usage' });
}
