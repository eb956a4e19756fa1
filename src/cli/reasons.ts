import { statusReasonCodes } from '../core/statusReason.js';
import { CliError } from './output.js';

/** The reason names `--reason` takes. */
export { statusReasonCodes as reasonCodes } from '../core/statusReason.js';

/** `--reason`: one of microcred's named reasons (see `statusReasonCodes`) or a code 0-255. */
export function parseReason(value: string): number {
  if (Object.hasOwn(statusReasonCodes, value)) return statusReasonCodes[value as keyof typeof statusReasonCodes];
  const code = Number(value);
  if (/^\d+$/.test(value) && code <= 255) return code;
  throw new CliError(`--reason: "${value}" is neither a code 0-255 nor one of ${Object.keys(statusReasonCodes).join(', ')}`, 1, undefined, { code: 'usage' });
}
