// What a script reads from a failed command: the stable error codes, and whether it asked for JSON.
// Kept apart from failure.ts (which knows every error class, and so loads the whole SDK): `microcred
// --help` lists the codes without loading anything.

/**
 * The `code` of `{ "error": { code, message, details } }` (`--json`), one per kind of failure a script may
 * want to tell apart. Stable: scripts match on them, so a code is never renamed, only added. `microcred
 * --help` lists them (`ERROR_CODES_HELP`).
 */
export const ERROR_CODES = {
  usage: 'the command line is wrong: unknown option, missing argument, an option value that is not valid',
  'input-unreadable': 'a file named on the command line is missing or is not valid JSON (or has a key twice)',
  'input-too-large': 'an input is over a size limit',
  'input-empty': 'there is nothing to work on (verify: no credential in the files given)',
  'roster-invalid': 'the roster has problems; details lists them by file, row and column',
  'template-invalid': 'the achievement template is not valid',
  'store-missing': 'the folder has no microcred store (run `microcred issue` there first)',
  'store-version': 'the store was written by a newer microcred',
  'not-found': 'no batch or credential of that name in the store',
  ambiguous: 'a learner id names several credentials: name one by credential id or file',
  'not-issued-here': 'a credential file is not one this store issued (altered, or another store\'s)',
  'not-anchored': 'the batch is not anchored on that chain and registry yet',
  busy: 'another process, or a pending transaction, is working on it: run the command again later',
  'anchor-conflict': 'the chain holds something for the batch that contradicts the store',
  'files-inconsistent': 'credential files are missing or no longer hold what the store recorded',
  'output-exists': 'the output folder already exists',
  identity: 'the issuer identity (DID document and signing key) or the holder key is missing, exists already, or could not be unlocked',
  'already-issued': 'learners of the roster already have a credential for this achievement (add --again to issue anyway)',
  'already-anchored': 'the batch has an anchor (or one was started): it can only be revoked, not discarded',
  discarding: 'the batch is being discarded: finish with `microcred discard <batch> --yes`',
  'confirmation-needed': 'the command needs --yes (or, for anchor, the batches named) to go ahead',
  'chain-unreachable': 'the chain\'s endpoint did not answer',
  'chain-mismatch': 'the endpoint serves another chain than the one expected',
  'registry-not-found': 'no registry contract at that address on that chain',
  'registry-unknown': 'the contract at that address is not a released microcred registry',
  'registry-rejected': 'the registry refused the transaction (details says why)',
  'over-gas-limit': "one credential's change alone needs more gas than one transaction may use (--max-gas-per-transaction); nothing was sent for its batch",
  'fee-ceiling': 'a transaction is still not mined and replacing it would pay more per gas than --max-fee-per-gas allows; it stays pending, and every hash sent is kept in the store',
  'not-holder': "a credential put in a passport is about another DID than the passport's holder",
  'input-unsignable': 'a credential cannot be signed into a passport (format v1, or a term no JSON-LD context defines)',
  failed: 'the command refused to go on; the message says why',
  internal: 'an unexpected error (a bug: please report it with MICROCRED_DEBUG=1 output)',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes and their meaning, for the end of `microcred --help`. */
export function errorCodesHelp(): string {
  const width = Math.max(...Object.keys(ERROR_CODES).map((code) => code.length));
  return [
    'With --json, every command prints an error as {"error": {"code", "message", "details"}} on stdout, with the',
    'same exit code as without it. Codes:',
    // Indented past the command list's two spaces, so that nothing reads these as commands.
    ...Object.entries(ERROR_CODES).map(([code, meaning]) => `    ${code.padEnd(width)}  ${meaning}`),
  ].join('\n');
}

/**
 * Whether the command line asks for JSON. Read from the arguments themselves, not from a command's parsed
 * options, because the errors that most need it (an unknown option, a missing argument) happen before
 * any command has its options; arguments after `--` are operands, not options.
 */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
