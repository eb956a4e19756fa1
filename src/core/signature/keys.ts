/// <reference path="../../types/vendor.d.ts" />
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { SIGNING_KEY_FRAGMENT } from '../did/document.js';
import { InvalidArgumentError } from '../errors.js';

/** An issuer's Ed25519 key pair, both halves as multibase Multikey strings. Keep `secretKeyMultibase` secret. */
export interface IssuerKey {
  /** `z6Mk…`: goes into the issuer's DID document. */
  publicKeyMultibase: string;
  /** `zrv…`: signs credentials. */
  secretKeyMultibase: string;
}

/** Signs for an issuer: the DataIntegrityProof `verificationMethod` is `id` (`<did>#key-1`). */
export interface IssuerSigner {
  id: string;
  algorithm: 'Ed25519';
  publicKeyMultibase: string;
  /** The Ed25519 signature of `data`. */
  sign(options: { data: Uint8Array }): Promise<Uint8Array>;
}

/**
 * A fresh Ed25519 issuer key (the platform's secure random source).
 *
 * @example
 * const key = await generateIssuerKey()
 * const document = buildIssuerDidDocument({ did, signingKey: key, accounts: [issuerAddress] })
 */
export async function generateIssuerKey(): Promise<IssuerKey> {
  const pair = await Ed25519Multikey.generate();
  return { publicKeyMultibase: pair.publicKeyMultibase, secretKeyMultibase: pair.secretKeyMultibase! };
}

export interface IssuerSignerParameters extends IssuerKey {
  /** The issuer's DID: the key is `<did>#key-1` in its DID document. */
  did: string;
}

/**
 * The signer `signCredential` needs for an issuer's key. Throws `InvalidArgumentError` when the two halves
 * are not a valid Ed25519 key pair.
 */
export async function issuerSigner({ did, secretKeyMultibase, publicKeyMultibase }: IssuerSignerParameters): Promise<IssuerSigner> {
  return multikeySigner({ id: `${did}#${SIGNING_KEY_FRAGMENT}`, controller: did, publicKeyMultibase, secretKeyMultibase, whose: 'issuer' });
}

/**
 * An Ed25519 signer for verification method `id` of `controller`, after checking that the two halves are a
 * key pair (a probe signature must verify). `whose` names the key in errors ("the issuer key…").
 * Shared by issuers (`issuerSigner`) and holders (`holderSigner`).
 */
export async function multikeySigner(parameters: {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  whose: string;
}): Promise<IssuerSigner> {
  const { id, controller, publicKeyMultibase, secretKeyMultibase, whose } = parameters;
  let pair: Ed25519Multikey.Ed25519KeyPair;
  try {
    pair = await Ed25519Multikey.from({ id, controller, publicKeyMultibase, secretKeyMultibase });
  } catch (error) {
    throw new InvalidArgumentError(`The ${whose} key is not an Ed25519 key pair in multibase (z6Mk… and zrv…).`, { cause: error });
  }
  const signer = pair.signer();
  const probe = new Uint8Array([0x6d, 0x63]);
  if (!(await pair.verifier().verify({ data: probe, signature: await signer.sign({ data: probe }) }))) {
    throw new InvalidArgumentError(`The ${whose} key halves do not belong together: the secret key does not sign for this public key.`);
  }
  return { id, algorithm: 'Ed25519', publicKeyMultibase, sign: (options) => signer.sign(options) };
}
