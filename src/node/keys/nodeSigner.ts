/// <reference path="../../types/vendor.d.ts" />
import { type KeyObject, createPrivateKey, sign } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { SIGNING_KEY_FRAGMENT } from '../../core/did/document.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { type IssuerSigner, type IssuerSignerParameters, issuerSigner } from '../../core/signature/index.js';

// PKCS #8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410), as @digitalbazaar/ed25519-multikey writes it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** What a signing worker needs to sign as `NodeIssuerSigner`: the key as a KeyObject, which threads clone in memory. */
export interface NodeSignerKey {
  id: string;
  publicKeyMultibase: string;
  privateKey: KeyObject;
}

/**
 * An issuer's Ed25519 signer on Node's own crypto, with the key imported once. The reference signer
 * (@digitalbazaar/ed25519-multikey) imports the secret key anew for every signature (`createPrivateKey`:
 * 7% of issuing a signed batch); both call `crypto.sign` on the same key, and Ed25519 is deterministic, so
 * the signatures are the same bytes. The key lives only in the KeyObject: nothing prints or serialises it
 * (`JSON.stringify` of the signer shows no key), and `key()` hands it to a worker thread in memory.
 */
export class NodeIssuerSigner implements IssuerSigner {
  readonly id: string;
  readonly algorithm = 'Ed25519' as const;
  readonly publicKeyMultibase: string;
  readonly #privateKey: KeyObject;

  constructor({ id, publicKeyMultibase, privateKey }: NodeSignerKey) {
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
      throw new InvalidArgumentError(`The signing key of ${id} is not an Ed25519 private key.`, { details: `got a ${privateKey.type} ${privateKey.asymmetricKeyType} key` });
    }
    this.id = id;
    this.publicKeyMultibase = publicKeyMultibase;
    this.#privateKey = privateKey;
  }

  async sign({ data }: { data: Uint8Array }): Promise<Uint8Array> {
    return sign(null, data, this.#privateKey);
  }

  /** The key, to hand to a signing worker (`workerData` clones a KeyObject in memory; it is never written). */
  key(): NodeSignerKey {
    return { id: this.id, publicKeyMultibase: this.publicKeyMultibase, privateKey: this.#privateKey };
  }
}

/**
 * `issuerSigner` (the same checks: the two halves must be an Ed25519 key pair) as a `NodeIssuerSigner`.
 *
 * @example
 * const signer = await nodeIssuerSigner({ did, ...key })
 */
export async function nodeIssuerSigner(parameters: IssuerSignerParameters): Promise<NodeIssuerSigner> {
  const checked = await issuerSigner(parameters); // refuses halves that are not one key pair
  const pair = await Ed25519Multikey.from({ publicKeyMultibase: parameters.publicKeyMultibase, secretKeyMultibase: parameters.secretKeyMultibase });
  const secret = pair.secretKey!;
  const der = Buffer.concat([PKCS8_ED25519_PREFIX, secret.subarray(0, 32)]);
  try {
    return new NodeIssuerSigner({
      id: `${parameters.did}#${SIGNING_KEY_FRAGMENT}`,
      publicKeyMultibase: checked.publicKeyMultibase,
      privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
    });
  } finally {
    // The secret's copies made here are wiped; the KeyObject holds the key from now on.
    der.fill(0);
    secret.fill(0);
  }
}
