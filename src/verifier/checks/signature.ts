import type { PlainSignatureVerdict } from '../signatures.js';
import type { Resolution } from '../issuerIdentity.js';
import type { AnchoredResult } from '../offline.js';
import type { Check } from '../verdict.js';

/**
 * The `signature` check of a credential that passed the offline checks: the issuer's Data Integrity
 * signature, verified against the DID document the identity checks use (`verdict`, undefined when it
 * carries none or the document could not be obtained). An unsigned credential is not a failure: it
 * verifies by its anchor, and the sentence says why it has no signature.
 */
export function signatureCheck(result: AnchoredResult, did: Resolution | undefined, verdict: PlainSignatureVerdict | undefined): Check {
  if (!result.signed) return unsignedCheck(result);
  if (did === undefined || did instanceof Error || verdict === undefined) {
    return { name: 'signature', outcome: 'skipped', message: 'Not checked: the issuer\'s DID document, which holds its key, could not be obtained.' };
  }
  if (verdict.verified) return { name: 'signature', outcome: 'pass', message: `Signed by the issuer's key ${verdict.verificationMethod} (eddsa-rdfc-2022).` };
  switch (verdict.reason) {
    case 'invalid':
      return { name: 'signature', outcome: 'fail', status: 'tampered', message: verdict.message };
    case 'wrong-key':
      return { name: 'signature', outcome: 'fail', status: 'issuer-unverified', message: verdict.message };
    default:
      return { name: 'signature', outcome: 'skipped', message: `Not checked: ${verdict.message}` };
  }
}

function unsignedCheck(result: AnchoredResult): Check {
  if (result.format === 'v1') return { name: 'signature', outcome: 'skipped', message: 'Format v1 credentials carry no signature: the anchor alone proves them untampered.' };
  if (result.redacted) return { name: 'signature', outcome: 'skipped', message: 'A copy with hidden fields carries no signature (hiding a field breaks it): it verifies by its anchor.' };
  return { name: 'signature', outcome: 'skipped', message: 'Not signed by the issuer: it verifies by its anchor alone.' };
}
