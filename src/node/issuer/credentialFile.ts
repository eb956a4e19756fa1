import type { AnchorProof } from '../../core/anchorProof.js';
import type { RegistryStatusEntry } from '../../core/credential/types.js';
import type { DataIntegrityProof } from '../../core/signature/index.js';

/**
 * The text of a credential file `issueRoster` writes, from the credential's text before anchoring
 * (`JSON.stringify(credential, null, 2)`, salted, without status entry or proofs): the very bytes of
 * `JSON.stringify({ ...credential, credentialStatus, proof }, null, 2)` and a newline. JSON text never
 * holds a raw line break inside a value, so the two pieces join at the closing brace.
 */
export function renderCredentialFile(text: string, credentialStatus: RegistryStatusEntry, proof: readonly (DataIntegrityProof | AnchorProof)[]): string {
  const tail = JSON.stringify({ credentialStatus, proof }, null, 2);
  return `${text.slice(0, -2)},\n${tail.slice(2)}\n`;
}

/** The JSON of the credential a signature covers: the credential and its status entry (its `proof` is never signed). */
export function unsignedCredentialText(text: string, credentialStatus: RegistryStatusEntry): string {
  return `${text.slice(0, -2)},"credentialStatus":${JSON.stringify(credentialStatus)}}`;
}
