/// <reference path="../../types/vendor.d.ts" />
import { DataIntegrityProof as DataIntegrityProofSuite } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import jsonld from 'jsonld';
import jsigs from 'jsonld-signatures';
import { ANCHOR_PROOF_FORMAT_V1, ANCHOR_PROOF_TYPE } from '../anchorProof.js';
import { type MicrocredErrorParameters, InvalidArgumentError } from '../errors.js';
import { contextLoader, createdTimestamp } from '../signature/sign.js';
import { presentationCredentials, presentationHolder } from './build.js';
import type { HolderSigner } from './holderKey.js';
import type { PresentationProof, SignPresentationOptions, VerifiablePresentation } from './types.js';

/**
 * The presentation signed by its holder: a W3C Data Integrity `DataIntegrityProof` (cryptosuite
 * `eddsa-rdfc-2022`, `proofPurpose: 'authentication'`) over the whole presentation, embedded credentials
 * included, carrying the verifier's `challenge` and `domain` when given (they are signed too). Computed by
 * the reference implementation (jsonld-signatures' `AuthenticationProofPurpose`, @digitalbazaar
 * data-integrity and eddsa-rdfc-2022-cryptosuite) with the offline loader, in JSON-LD safe mode.
 * A proof the presentation already had is replaced.
 *
 * Safe mode means every term of every embedded credential must be defined by a context, or signing would
 * silently leave it out of what is signed. microcred's format v2 credentials define theirs (an embedded
 * context); format v1 credentials do not (their anchor proof's terms are undefined), so they are refused
 * here with an `InvalidArgumentError` naming the credential: present them unsigned (the plain passport
 * array), or ask the issuer for a v2 copy. Any other credential that does not expand is refused the same way.
 *
 * @example
 * const signer = await holderSigner(key)
 * const signed = await signPresentation(buildPresentation({ holder: key.did, credentials }), signer, { challenge, domain: 'hiring.example.com' })
 */
export async function signPresentation(
  presentation: VerifiablePresentation,
  signer: HolderSigner,
  options: SignPresentationOptions = {},
): Promise<VerifiablePresentation & { proof: PresentationProof }> {
  const { proof: _previous, ...unsigned } = presentation;
  const holder = presentationHolder(unsigned);
  if (holder !== signer.did) {
    throw new InvalidArgumentError("The presentation names another holder than the key's DID: a holder signs only its own presentations.", {
      details: `holder ${String(holder)}, key of ${signer.did}`,
    });
  }
  const credentials = presentationCredentials(unsigned);
  credentials.forEach((credential, i) => {
    if (isFormatV1(credential)) {
      throw new PresentationCredentialError(
        i,
        `${describeCredential(credential, i)} is a format v1 credential: its terms are not all defined by a JSON-LD context, so it cannot be signed into a presentation. Present it unsigned (a plain passport array), or ask its issuer for a format v2 copy.`,
      );
    }
  });
  for (const [what, value] of [['challenge', options.challenge], ['domain', options.domain]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) throw new InvalidArgumentError(`The ${what} must be a non-empty string.`);
  }

  const suite = new DataIntegrityProofSuite({ signer, date: createdTimestamp(options.created), cryptosuite });
  // jsonld-signatures' AuthenticationProofPurpose requires a challenge; without one, its parent with the
  // same term writes the same proof minus challenge and domain (and a domain alone is added below).
  const purpose =
    options.challenge !== undefined
      ? new jsigs.purposes.AuthenticationProofPurpose({ challenge: options.challenge, ...(options.domain === undefined ? {} : { domain: options.domain }) })
      : new DomainOnlyPurpose(options.domain);
  try {
    const signed = await jsigs.sign(unsigned, { suite, purpose, documentLoader: contextLoader });
    return signed as VerifiablePresentation & { proof: PresentationProof };
  } catch (error) {
    const culprit = await firstUnexpandable(credentials);
    if (culprit === undefined) {
      throw new InvalidArgumentError('The presentation could not be signed: it does not expand under JSON-LD safe mode (a term no context defines).', { cause: error });
    }
    throw new PresentationCredentialError(culprit.index, `${culprit.what}, so it cannot be signed into a presentation: some of its terms are not defined by a JSON-LD context.`, {
      cause: error,
    });
  }
}

/** The `authentication` purpose without a challenge, with an optional domain (signed as part of the proof). */
class DomainOnlyPurpose extends jsigs.purposes.ControllerProofPurpose {
  constructor(private readonly domain: string | undefined) {
    super({ term: 'authentication' });
  }

  override async update(proof: Record<string, unknown>, options: object): Promise<Record<string, unknown>> {
    const updated = await super.update(proof, options);
    if (this.domain !== undefined) updated.domain = this.domain;
    return updated;
  }
}

function isFormatV1(credential: unknown): boolean {
  const proof = (credential as { proof?: unknown } | null)?.proof;
  const entries = Array.isArray(proof) ? proof : proof === undefined ? [] : [proof];
  return entries.some((entry) => {
    const { type, format } = (entry ?? {}) as { type?: unknown; format?: unknown };
    return type === ANCHOR_PROOF_TYPE && (format === ANCHOR_PROOF_FORMAT_V1 || !Array.isArray(proof));
  });
}

/** "Credential 2 (urn:uuid:…, "Data Analysis")": how errors name an embedded credential. */
export function describeCredential(credential: unknown, index: number): string {
  const { id, name } = (credential ?? {}) as { id?: unknown; name?: unknown };
  const labels = [typeof id === 'string' ? id : undefined, typeof name === 'string' ? JSON.stringify(name) : undefined].filter(Boolean);
  return `Credential ${index}${labels.length > 0 ? ` (${labels.join(', ')})` : ''}`;
}

/**
 * An embedded credential can't be signed into a presentation (format v1, or a term no context defines):
 * `index` is its position in `verifiableCredential`, so a caller can name the file it came from.
 */
export class PresentationCredentialError extends InvalidArgumentError {
  override name = 'PresentationCredentialError';
  constructor(
    readonly index: number,
    message: string,
    args: MicrocredErrorParameters = {},
  ) {
    super(message, args);
  }
}

/** Which credential fails JSON-LD safe mode on its own, in words with the reason; undefined when each expands. */
async function firstUnexpandable(credentials: readonly unknown[]): Promise<{ index: number; what: string } | undefined> {
  for (const [i, credential] of credentials.entries()) {
    try {
      await jsonld.expand(credential as object, { documentLoader: contextLoader, safe: true });
    } catch (error) {
      const event = (error as { details?: { event?: { details?: { property?: unknown } } } }).details?.event;
      const term = event?.details?.property;
      return { index: i, what: `${describeCredential(credential, i)} does not expand under JSON-LD safe mode${typeof term === 'string' ? ` (term "${term}" is not defined)` : ''}` };
    }
  }
  return undefined;
}
