import type { AnchorProof } from '../../core/anchorProof.js';
import type { RegistryStatusEntry } from '../../core/credential/types.js';
import type { CredentialText } from '../../core/signature/batch.js';
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

/** A file of a part: what anchoring adds to its credential, and its text's length in the part's texts. */
interface PartFile {
  credentialStatus: RegistryStatusEntry;
  proof: AnchorProof;
  /** Bytes of this file's text in the part's texts, after those of the files before it. */
  length: number;
}

/**
 * The texts of a part's files (`renderCredentialFile`), from their credentials' texts back to back in
 * `texts` (UTF-8), each signed first by `sign` when given: what an issuing thread and `issueRoster` on its
 * own thread both write.
 */
export async function renderPart(
  files: readonly PartFile[],
  texts: Uint8Array,
  sign: ((credentials: readonly CredentialText[]) => Promise<DataIntegrityProof[]>) | undefined,
): Promise<string[]> {
  const bytes = Buffer.from(texts.buffer, texts.byteOffset, texts.byteLength);
  let at = 0;
  const textOf = files.map(({ length }) => bytes.toString('utf8', at, (at += length)));
  // The signature covers the credential and its status entry (never its `proof`): that text with the entry added.
  const proofs = sign && (await sign(files.map(({ credentialStatus }, i) => ({ text: textOf[i]!, credentialStatus }))));
  return files.map(({ credentialStatus, proof }, i) => renderCredentialFile(textOf[i]!, credentialStatus, proofs ? [proofs[i]!, proof] : [proof]));
}
