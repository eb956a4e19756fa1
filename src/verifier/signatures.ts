import type { AnchoredCredential } from '../core/batch/types.js';
import type { DidDocument } from '../core/did/types.js';
import { verifyCredentialSignatures } from '../core/signature/batchVerify.js';
import type { SignatureVerdict } from '../core/signature/verify.js';
import type { ChainFacts } from './chainFacts.js';
import type { OfflineResult } from './offline.js';

/**
 * Verifies the issuer signature of every signed credential whose issuer's DID document was obtained (in
 * `facts`), against that document (so a supplied one is held to the same on-chain hash as the identity checks):
 * one batch verification per issuer DID, whose resolver answers only that DID. By position.
 */
export async function verifySignatures(offline: readonly OfflineResult[], facts: ChainFacts): Promise<Map<number, SignatureVerdict>> {
  const byIssuer = new Map<string, { document: DidDocument; positions: number[]; credentials: AnchoredCredential[] }>();
  offline.forEach((result, position) => {
    if (!result.ok || !result.signed) return;
    const resolution = facts.credentials[position]?.did;
    if (resolution === undefined || resolution instanceof Error) return;
    let group = byIssuer.get(result.issuerDid);
    if (!group) byIssuer.set(result.issuerDid, (group = { document: resolution.document, positions: [], credentials: [] }));
    group.positions.push(position);
    group.credentials.push(result.credential);
  });
  const verdicts = new Map<number, SignatureVerdict>();
  for (const [did, { document, positions, credentials }] of byIssuer) {
    const checked = await verifyCredentialSignatures(credentials, { resolveDid: async (asked) => (asked === did ? document : undefined) });
    checked.forEach((verdict, i) => verdicts.set(positions[i]!, verdict));
  }
  return verdicts;
}
