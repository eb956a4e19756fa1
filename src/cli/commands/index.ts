import type { Command } from 'commander';

/**
 * Every command of the CLI, in the order `microcred --help` lists them: its name and help line, and how to
 * load it. A command's module (and the SDK, viem, SQLite, JSON-LD under it) is imported only when that
 * command runs, so `microcred --help` and `--version` start in a fraction of a second. The help lines here
 * are the commands' own: test/e2e/cliStartup.test.ts checks them against the modules, so they can't drift.
 */
export interface CommandEntry {
  /** What the user types. */
  name: string;
  /** The line `microcred --help` shows for it: the name, `[options]`, the arguments. */
  term: string;
  description: string;
  /** Registers the command, with all its options and subcommands, on `program`. */
  load(): Promise<(program: Command) => void>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'chain',
    term: 'chain [options]',
    description: 'start a local Hardhat node on 127.0.0.1 (use the other commands with --network localhost)',
    load: async () => (await import('./chain.js')).registerChain,
  },
  {
    name: 'deploy',
    term: 'deploy [options]',
    description: 'deploy the credential registry at its one address (the same on every chain), unless it is there',
    load: async () => (await import('./deploy.js')).registerDeploy,
  },
  {
    name: 'issuer',
    term: 'issuer',
    description: "the issuer's identity: a did:web DID with a signing key, so verifiers see your domain",
    load: async () => (await import('./issuer.js')).registerIssuer,
  },
  {
    name: 'issue',
    term: 'issue [options] <roster>',
    description: 'turn a roster (.csv or .jsonl) into a batch of Open Badges 3.0 credentials, one JSON file per learner',
    load: async () => (await import('./issue.js')).registerIssue,
  },
  {
    name: 'anchor',
    term: 'anchor [options] [batches...]',
    description: 'anchor issued batches on the registry (default: all not yet anchored); safe to rerun',
    load: async () => (await import('./anchor.js')).registerAnchor,
  },
  {
    name: 'discard',
    term: 'discard [options] <batch>',
    description: 'delete a batch that was never anchored: its credential files and its records; needs --yes',
    load: async () => (await import('./discard.js')).registerDiscard,
  },
  {
    name: 'revoke',
    term: 'revoke [options] <credentials...>',
    description: 'revoke credentials (final), by credential file, credential id or learner id',
    load: async () => (await import('./status-change.js')).registerRevoke,
  },
  {
    name: 'suspend',
    term: 'suspend [options] <credentials...>',
    description: 'suspend credentials (reversible with unsuspend), by credential file, credential id or learner id',
    load: async () => (await import('./status-change.js')).registerSuspend,
  },
  {
    name: 'unsuspend',
    term: 'unsuspend [options] <credentials...>',
    description: 'lift the suspension of credentials, by credential file, credential id or learner id',
    load: async () => (await import('./status-change.js')).registerUnsuspend,
  },
  {
    name: 'revoke-batch',
    term: 'revoke-batch [options] <batch>',
    description: 'revoke every credential of a batch at once, in one transaction (final); needs --yes',
    load: async () => (await import('./revoke-batch.js')).registerRevokeBatch,
  },
  {
    name: 'operator',
    term: 'operator [options] <address>',
    description: 'show or set what an operator key may do for the issuer (the signing account): anchor, revoke (and suspend)',
    load: async () => (await import('./operator.js')).registerOperator,
  },
  {
    name: 'accredit',
    term: 'accredit [options] <issuer>',
    description: 'recognise an issuer as the signing account (an accreditor), or withdraw that recognition',
    load: async () => (await import('./accredit.js')).registerAccredit,
  },
  {
    name: 'verify',
    term: 'verify [options] <files...>',
    description: 'verify credential files (or passports: JSON arrays of credentials); exits 1 if any is not valid',
    load: async () => (await import('./verify.js')).registerVerify,
  },
  {
    name: 'share',
    term: 'share [options] <files...>',
    description: 'copy credentials into one file for a verifier, hiding the fields you name (they still verify); your files are not changed',
    load: async () => (await import('./share.js')).registerShare,
  },
  {
    name: 'holder',
    term: 'holder',
    description: "a learner's own key and DID, to sign skills passports as theirs",
    load: async () => (await import('./holder.js')).registerHolder,
  },
  {
    name: 'passport',
    term: 'passport',
    description: 'skills passports: your credentials, signed by you as their holder',
    load: async () => (await import('./passport.js')).registerPassport,
  },
  {
    name: 'stack',
    term: 'stack [options] <pathway> <passports...>',
    description: "issue a pathway's stacked credential to each learner whose passport meets its rules (one batch; then `microcred anchor`)",
    load: async () => (await import('./stack.js')).registerStack,
  },
  {
    name: 'web',
    term: 'web [options]',
    description: 'serve the web verifier page on 127.0.0.1 (credentials are checked in the browser; nothing is uploaded)',
    load: async () => (await import('./web.js')).registerWeb,
  },
  {
    name: 'status',
    term: 'status [options] [credentials...]',
    description: 'show the local store: batches and their anchors, or a credential\'s record and actions',
    load: async () => (await import('./status.js')).registerStatus,
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description: 'run the whole flow (deploy, issue, anchor, verify, revoke, suspend, verify; a passport and a stacked credential) on an in-process chain',
    load: async () => (await import('./demo.js')).registerDemo,
  },
];
