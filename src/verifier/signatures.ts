import type { AnchoredCredential } from '../core/batch/types.js';
import type { DidDocument } from '../core/did/types.js';
import { verifyCredentialSignatures } from '../core/signature/batchVerify.js';
import type { SignatureVerdict } from '../core/signature/verify.js';

/** A signature verdict as plain data: what the `signature` check reads, without the error object a failure may carry. */
export type PlainSignatureVerdict =
  | { verified: true; verificationMethod: string; controller: string }
  | { verified: false; reason: Extract<SignatureVerdict, { verified: false }>['reason']; message: string; verificationMethod?: string | undefined; controller?: string | undefined };

/**
 * Verifies the issuer signature of each credential in `credentials` (by position) whose issuer's DID
 * document is in `documents` (by DID: those the identity checks obtained, so a supplied one is held to
 * the same on-chain hash): one batch verification per issuer DID, whose resolver answers only that DID.
 * Runs where the credentials were parsed: the calling thread, or the worker that checked them. A
 * credential whose issuer has no document gets no verdict.
 */
export async function verifySignaturesByIssuer(
  credentials: ReadonlyMap<number, AnchoredCredential>,
  documents: ReadonlyMap<string, DidDocument>,
): Promise<Map<number, PlainSignatureVerdict>> {
  const byIssuer = new Map<string, number[]>();
  for (const [position, credential] of credentials) {
    const did = credential.issuer.id;
    if (!documents.has(did)) continue;
    const positions = byIssuer.get(did);
    if (positions === undefined) byIssuer.set(did, [position]);
    else positions.push(position);
  }
  const verdicts = new Map<number, PlainSignatureVerdict>();
  for (const [did, positions] of byIssuer) {
    const document = documents.get(did)!;
    const checked = await verifyCredentialSignatures(
      positions.map((position) => credentials.get(position)!),
      { resolveDid: async (asked) => (asked === did ? document : undefined) },
    );
    checked.forEach((verdict, i) => verdicts.set(positions[i]!, plainVerdict(verdict)));
  }
  return verdicts;
}

function plainVerdict(verdict: SignatureVerdict): PlainSignatureVerdict {
  if (verdict.verified) return { verified: true, verificationMethod: verdict.verificationMethod, controller: verdict.controller };
  const { reason, message, verificationMethod, controller } = verdict;
  return { verified: false, reason, message, ...(verificationMethod === undefined ? {} : { verificationMethod }), ...(controller === undefined ? {} : { controller }) };
}
