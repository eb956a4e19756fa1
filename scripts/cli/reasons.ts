import { REASON_CODES } from '../../src/verifier/reasons.js';
import { CliError } from './output.js';

/**
 * Named reason codes for revocation and suspension (0 = unspecified), as `--reason` accepts them. The
 * names and their wording live in the SDK (`src/verifier/reasons.ts`), so verifiers read back the words the
 * CLI wrote.
 */
export const reasonCodes = REASON_CODES;

export function parseReason(value: string): number {
  if (value in reasonCodes) return reasonCodes[value as keyof typeof reasonCodes];
  const code = Number(value);
  if (/^\d+$/.test(value) && code <= 255) return code;
  throw new CliError(`--reason: "${value}" is neither a code 0-255 nor one of ${Object.keys(reasonCodes).join(', ')}`, 1, undefined, { code: 'usage' });
}
