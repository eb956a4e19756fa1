import { InvalidArgumentError } from '../errors.js';
import { ED25519_DID_KEY } from '../did/key.js';
import { type IssuerKey, type IssuerSigner, generateIssuerKey, multikeySigner } from '../signature/keys.js';

/**
 * A learner's key: an Ed25519 pair whose public half *is* the learner's DID (`did:key:z6Mk…`), so nothing
 * needs publishing: any verifier derives the DID document from the DID itself. Keep `secretKeyMultibase`
 * secret: whoever has it can present credentials as this learner.
 */
export interface HolderKey extends IssuerKey {
  /** `did:key:<publicKeyMultibase>`. */
  did: string;
}

/** Signs presentations for a holder: `id` is the verification method `did:key:z6Mk…#z6Mk…`. */
export interface HolderSigner extends IssuerSigner {
  /** The holder's DID (the presentation's `holder`). */
  did: string;
}

/**
 * A fresh holder key and its did:key (the platform's secure random source).
 *
 * @example
 * const key = await generateHolderKey() // { did: 'did:key:z6Mk…', publicKeyMultibase: 'z6Mk…', secretKeyMultibase: 'zrv…' }
 */
export async function generateHolderKey(): Promise<HolderKey> {
  const key = await generateIssuerKey();
  return { did: `did:key:${key.publicKeyMultibase}`, ...key };
}

/**
 * The signer `signPresentation` needs for a holder key. Throws `InvalidArgumentError` when the halves are
 * not an Ed25519 key pair, or `did` is not the did:key of the public half.
 */
export async function holderSigner({ did, publicKeyMultibase, secretKeyMultibase }: HolderKey): Promise<HolderSigner> {
  if (ED25519_DID_KEY.exec(did)?.[1] !== publicKeyMultibase) {
    throw new InvalidArgumentError("The holder's DID is not the did:key of its public key.", { details: `DID ${did}, public key ${publicKeyMultibase}` });
  }
  const signer = await multikeySigner({ id: `${did}#${publicKeyMultibase}`, controller: did, publicKeyMultibase, secretKeyMultibase, whose: 'holder' });
  return { ...signer, did };
}
