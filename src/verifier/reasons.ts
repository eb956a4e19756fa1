/**
 * Reason codes for revocation and suspension. The registry stores any code 0-255 in its events; these names
 * are microcred's convention (0 = unspecified), not part of the on-chain format: the CLI writes them
 * (`--reason superseded`), and verifiers read them back in words.
 */
export const REASON_CODES = {
  unspecified: 0,
  'issued-in-error': 1,
  superseded: 2,
  fraud: 3,
  'holder-request': 4,
  'under-review': 5,
} as const;

export type ReasonName = keyof typeof REASON_CODES;

/** Each named code as a person reads it in a sentence ("revoked: superseded"). */
const REASON_WORDS: Record<ReasonName, string> = {
  unspecified: 'no reason given',
  'issued-in-error': 'issued in error',
  superseded: 'superseded',
  fraud: 'fraud',
  'holder-request': "at the holder's request",
  'under-review': 'under review',
};

/**
 * A reason code in words: `superseded` for 2. A code microcred has no name for (any 0-255 is accepted on
 * chain) is shown as its number, `reason code 17`, rather than guessed at.
 */
export function reasonInWords(code: number): string {
  const name = (Object.keys(REASON_CODES) as ReasonName[]).find((key) => REASON_CODES[key] === code);
  return name === undefined ? `reason code ${code}` : REASON_WORDS[name];
}
