import { existsSync, linkSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { MicrocredError } from '../../core/errors.js';
import { parseStrictJson } from '../../core/json/index.js';
import { type HolderSigner, generateHolderKey, holderSigner } from '../../core/presentation/index.js';
import { TEMP_SUFFIX, syncDir, writeFileDurable } from '../issuer/atomicFiles.js';
import { MIN_PASSPHRASE, type SealedKey, sealKey, unsealKey } from '../keys/sealedKey.js';

/**
 * A learner's key file: the Ed25519 key behind the learner's did:key, sealed with a passphrase (scrypt,
 * AES-256-GCM; see `sealKey`). The file names the DID and the public key in the clear (they are public:
 * the DID *is* the public key); the secret key never leaves it unencrypted and is never printed.
 */
export const HOLDER_KEY_FORMAT = 'microcred-holder-key-v1';

export type HolderKeyFile = SealedKey<typeof HOLDER_KEY_FORMAT>;

/** The holder's key file can't be created, read or unlocked; the message says which file and why. */
export class HolderKeyError extends MicrocredError {
  override name = 'HolderKeyError';
}

/**
 * Creates a new holder key in `file` (mode 0600) and returns its DID. Refuses to replace an existing file:
 * passports signed with the old key would no longer be the learner's to sign. The file appears whole or
 * not at all (written aside, then linked into place, which fails if the name is taken).
 *
 * @example
 * const { did } = await createHolderKeyFile('amara.key.json', passphrase) // did:key:z6Mk…
 */
export async function createHolderKeyFile(file: string, passphrase: string): Promise<{ did: string; file: string }> {
  const target = path.resolve(file);
  if (existsSync(target)) throw new HolderKeyError(`${file} already exists; a holder key is never replaced (passports signed with it must stay yours).`);
  if (passphrase.length < MIN_PASSPHRASE) throw new HolderKeyError(`The passphrase must be at least ${MIN_PASSPHRASE} characters long.`);
  const key = await generateHolderKey();
  const sealed: HolderKeyFile = sealKey(HOLDER_KEY_FORMAT, key, passphrase);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}${TEMP_SUFFIX}`);
  rmSync(temp, { force: true });
  try {
    writeFileDurable(temp, `${JSON.stringify(sealed, null, 2)}\n`, 0o600);
    linkSync(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new HolderKeyError(`${file} already exists; a holder key is never replaced.`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new HolderKeyError(`Cannot create ${file}: its folder does not exist.`, { cause: error });
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  syncDir(path.dirname(target));
  return { did: key.did, file: target };
}

/** The DID a holder key file is for, read without the passphrase. */
export function readHolderDid(file: string): string {
  return readSealed(file).did;
}

/** The signer of the holder key in `file`, unlocked with the passphrase (asked for only once the file is read). */
export async function loadHolderKeyFile(file: string, passphrase: () => string): Promise<HolderSigner> {
  const sealed = readSealed(file);
  const secretKeyMultibase = unsealKey(sealed, passphrase());
  if (secretKeyMultibase === undefined) throw new HolderKeyError(`Could not unlock the holder key in ${file}: wrong passphrase, or the file was altered.`);
  try {
    return await holderSigner({ did: sealed.did, publicKeyMultibase: sealed.publicKeyMultibase, secretKeyMultibase });
  } catch (error) {
    throw new HolderKeyError(`${file} does not hold a working key for ${sealed.did}.`, { cause: error });
  }
}

function readSealed(file: string): HolderKeyFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new HolderKeyError(missing ? `${file}: no such holder key file (create one with \`microcred holder init --out ${file}\`).` : `${file} cannot be read.`, { cause: error });
  }
  let sealed: unknown;
  try {
    sealed = parseStrictJson(text);
  } catch (error) {
    throw new HolderKeyError(`${file} is not a holder key file: it is not valid JSON.`, { cause: error });
  }
  const candidate = sealed as Partial<HolderKeyFile> | null;
  if (candidate === null || typeof candidate !== 'object' || candidate.format !== HOLDER_KEY_FORMAT || typeof candidate.did !== 'string' || typeof candidate.publicKeyMultibase !== 'string') {
    throw new HolderKeyError(`${file} is not a holder key file (format ${HOLDER_KEY_FORMAT}).`);
  }
  return candidate as HolderKeyFile;
}
