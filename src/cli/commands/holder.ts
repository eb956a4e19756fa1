import type { Command } from 'commander';
import { createHolderKeyFile } from '../../node/holder/index.js';
import { PASSPHRASE_VARIABLE, keyPassphrase } from '../identity.js';
import { emit } from '../output.js';

interface HolderInitOptions {
  out: string;
  json?: boolean;
}

/**
 * `microcred holder init --out <file>`: the learner's side. Creates the learner's key (Ed25519, sealed with
 * the passphrase in MICROCRED_KEY_PASSPHRASE) and prints the learner's DID (did:key), which an issuer can
 * write into credentials and `passport build` signs passports with. Never prints the key; never replaces a file.
 */
export function registerHolder(program: Command): void {
  const holder = program.command('holder').description("a learner's own key and DID, to sign skills passports as theirs");
  holder
    .command('init')
    .description('create your key (encrypted with $MICROCRED_KEY_PASSPHRASE) and print your DID; give the DID to issuers')
    .requiredOption('--out <file>', 'the key file to create (never replaced; back it up, never share it)')
    .option('--json', 'print the result as JSON')
    .action(async (options: HolderInitOptions) => {
      const passphrase = keyPassphrase('your holder key');
      const { did, file } = await createHolderKeyFile(options.out, passphrase);
      emit(options, { did, key: file }, () =>
        [
          `Your DID   ${did}`,
          `your key   ${options.out} (encrypted with $${PASSPHRASE_VARIABLE}; back it up, never share it)`,
          'next: give your DID to issuers (the roster column `holder`); sign passports with `microcred passport build … --holder ' + options.out + '`.',
        ].join('\n'),
      );
    });
}
