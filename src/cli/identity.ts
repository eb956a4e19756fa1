import { type LoadedIssuerIdentity, identityFiles, loadIssuerIdentity } from '../node/issuer/identity.js';
import { CliError } from './output.js';

/** Where the CLI takes the passphrase of the issuer's signing key from (never an option: options end up in shell history). */
export const PASSPHRASE_VARIABLE = 'MICROCRED_KEY_PASSPHRASE';

/**
 * The passphrase, from the environment; a clear error naming the variable when it is not set. `whose` names
 * the key in that error: the issuer's signing key, or the holder's key.
 */
export function keyPassphrase(whose = "the issuer's signing key"): string {
  const passphrase = process.env[PASSPHRASE_VARIABLE];
  if (passphrase === undefined || passphrase === '') {
    throw new CliError(`${whose} is encrypted: set ${PASSPHRASE_VARIABLE} to its passphrase`, 1, [
      'e.g. read -rs MICROCRED_KEY_PASSPHRASE && export MICROCRED_KEY_PASSPHRASE',
    ], { code: 'identity' });
  }
  return passphrase;
}

/** The working folder's issuer identity, unlocked (asks for the passphrase only if there is one), or undefined. */
export function loadCliIdentity(dir = process.cwd()): Promise<LoadedIssuerIdentity | undefined> {
  return loadIssuerIdentity(dir, keyPassphrase);
}

export { identityFiles };
