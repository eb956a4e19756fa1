/**
 * Named reason codes for revocation and suspension. The registry stores any code 0-255 in its events and
 * batch records; these names are microcred's convention (0 = no reason given), shared by the CLI that
 * writes them and the verifiers that read them back in words. Not part of the on-chain format.
 */
export const statusReasonCodes = {
  unspecified: 0,
  'issued-in-error': 1,
  superseded: 2,
  fraud: 3,
  'holder-request': 4,
  'under-review': 5,
} as const;

export type StatusReasonName = keyof typeof statusReasonCodes;

const IN_WORDS: Record<number, string> = {
  0: 'no reason given',
  1: 'issued in error',
  2: 'superseded',
  3: 'fraud',
  4: "at the learner's request",
  5: 'under review',
};

/** A reason code as a person reads it: "superseded", or for a code without a name, "reason code 9". */
export function statusReasonInWords(code: number): string {
  return IN_WORDS[code] ?? `reason code ${code}`;
}
