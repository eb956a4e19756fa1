import type { Hex } from 'viem';
import { readIssuerProfile } from '../../chain/reads.js';
import { type RegistryWriter, setIssuerProfile } from '../../chain/writes.js';
import { didDocumentHash } from '../../core/did/document.js';
import type { DidDocument } from '../../core/did/types.js';

export type EnsureIssuerProfileReturnType =
  | { outcome: 'unchanged' | 'set'; did: string; contentHash: Hex; txHash?: Hex }
  | { outcome: 'not-issuer'; did: string; contentHash: Hex };

/**
 * Makes the signing account's issuer profile on this registry name the issuer's DID and the hash of its
 * DID document (the on-chain half of the binding the verifier checks: the document lists the account,
 * the account names the document). Sends nothing when it already does. An operator key can't set the
 * issuer's profile: then nothing is sent and `not-issuer` says so. Idempotent, so it needs no journal:
 * a crash before or after the transaction leaves a state the next run completes.
 */
export async function ensureIssuerProfile(writer: RegistryWriter, document: DidDocument, issuer: `0x${string}`): Promise<EnsureIssuerProfileReturnType> {
  const did = document.id;
  const contentHash = didDocumentHash(document);
  if (writer.wallet.account.address.toLowerCase() !== issuer.toLowerCase()) return { outcome: 'not-issuer', did, contentHash };
  const current = await readIssuerProfile(writer.registry, issuer);
  if (current?.uri === did && current.contentHash.toLowerCase() === contentHash.toLowerCase()) return { outcome: 'unchanged', did, contentHash };
  const receipt = await setIssuerProfile(writer, did, contentHash);
  return { outcome: 'set', did, contentHash, txHash: receipt.hash };
}
