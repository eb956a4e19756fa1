import { IssuerError } from './errors.js';

/** A reason code goes on chain as a `uint8`: refuse anything else before a transaction is built. */
export function assertReasonCode(reason: number): void {
  if (!Number.isInteger(reason) || reason < 0 || reason > 255) {
    throw new IssuerError(`A reason code is a whole number from 0 to 255, not ${reason}.`);
  }
}
