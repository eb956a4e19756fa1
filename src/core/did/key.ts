/// <reference path="../../types/vendor.d.ts" />
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DID_V1_URL, MULTIKEY_V1_URL } from '../jsonld/contexts.js';
import type { DidDocument } from './types.js';

/** An Ed25519 did:key: `did:key:` and the multibase public key (`z6Mk…`, the 0xed01 multicodec header). */
export const ED25519_DID_KEY = /^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]{44})$/;

/**
 * The DID document of an Ed25519 did:key, derived from the DID itself as the did:key method says: one
 * `Multikey` verification method `<did>#<key>`, listed in every verification relationship. `undefined`
 * when the DID is not an Ed25519 did:key whose key decodes.
 */
export async function didKeyDocument(did: string): Promise<DidDocument | undefined> {
  const publicKeyMultibase = ED25519_DID_KEY.exec(did)?.[1];
  if (publicKeyMultibase === undefined) return undefined;
  try {
    await Ed25519Multikey.from({ publicKeyMultibase });
  } catch {
    return undefined;
  }
  const id = `${did}#${publicKeyMultibase}`;
  return {
    '@context': [DID_V1_URL, MULTIKEY_V1_URL],
    id: did,
    verificationMethod: [{ id, type: 'Multikey', controller: did, publicKeyMultibase }],
    authentication: [id],
    assertionMethod: [id],
    capabilityDelegation: [id],
    capabilityInvocation: [id],
  };
}
