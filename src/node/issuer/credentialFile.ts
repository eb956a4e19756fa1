import type { AnchorProof } from '../../core/anchorProof.js';
import type { RegistryStatusEntry } from '../../core/credential/types.js';
import type { DataIntegrityProof, SignableCredential } from '../../core/signature/index.js';

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

/**
 * The credential a signature covers: the credential and its status entry, last (its `proof` is never
 * signed). What JSON.parse makes of the file's text without its proofs, without writing that text.
 */
function unsignedCredential(text: string, credentialStatus: RegistryStatusEntry): SignableCredential {
  const credential = JSON.parse(text) as Record<string, unknown>;
  credential.credentialStatus = credentialStatus;
  return credential as SignableCredential;
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
  sign: ((credentials: readonly SignableCredential[]) => Promise<DataIntegrityProof[]>) | undefined,
): Promise<string[]> {
  const bytes = Buffer.from(texts.buffer, texts.byteOffset, texts.byteLength);
  let at = 0;
  const textOf = files.map(({ length }) => bytes.toString('utf8', at, (at += length)));
  const proofs = sign && (await sign(files.map(({ credentialStatus }, i) => unsignedCredential(textOf[i]!, credentialStatus))));
  return files.map(({ credentialStatus, proof }, i) => renderCredentialFile(textOf[i]!, credentialStatus, proofs ? [proofs[i]!, proof] : [proof]));
}
