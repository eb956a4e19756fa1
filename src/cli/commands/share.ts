import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  type AnchoredCredential,
  CredentialValidationError,
  hideFieldKinds,
  shownFields,
  validateCredential,
} from '../../core/index.js';
import { andMore } from '../../core/errors.js';
import { replaceFileAtomic } from '../../node/issuer/atomicFiles.js';
import { CliError, emit } from '../output.js';
import { readCredentialFiles } from '../credentialFiles.js';

interface ShareCommandOptions {
  hide?: string[];
  out: string;
  force?: boolean;
  json?: boolean;
}

/**
 * `microcred share <files...> --hide <kinds...> --out <file>`: the holder's side. Copies credentials with
 * the fields it would rather not show hidden (they still verify), into one file to hand a verifier.
 */
export function registerShare(program: Command): void {
  program
    .command('share')
    .description('copy credentials into one file for a verifier, hiding the fields you name (they still verify); your files are not changed')
    .argument('<files...>', 'credential files or passports')
    .option('--hide <kinds...>', 'fields to hide, by kind: name, emailAddress, sourcedId (the learner ids), subject, description, narrative, credits, alignment')
    .requiredOption('--out <file>', 'the file to write: one credential, or a passport (JSON array) for several')
    .option('--force', 'replace --out if it exists')
    .option('--json', 'print what was hidden as JSON')
    .action(async (files: string[], options: ShareCommandOptions) => {
      const out = path.resolve(options.out);
      if (existsSync(out) && !options.force) throw new CliError(`--out: ${options.out} already exists; add --force to replace it`);
      const { credentials, sources } = await readCredentialFiles(files);
      if (credentials.length === 0) throw new CliError('nothing to share: the files hold no credentials');

      const anchored = credentials.map((credential, i) => asAnchored(credential, sources[i]!));
      const kinds = options.hide ?? [];
      const kindsShown = anchored.map((credential) => new Set(shownFields(credential).map((field) => field.kind)));
      const shown = new Set(kindsShown.flatMap((each) => [...each]));
      const unknown = kinds.filter((kind) => !shown.has(kind));
      if (unknown.length > 0) {
        throw new CliError(
          `--hide: ${unknown.map((kind) => `"${kind}"`).join(', ')} is not a field these credentials show; they show: ${[...shown].join(', ') || 'nothing more to hide'}`,
        );
      }

      const shared = anchored.map((credential) => hideFieldKinds(credential, kinds));
      const hidden = Object.fromEntries(kinds.map((kind) => [kind, kindsShown.filter((each) => each.has(kind)).length]));
      // One credential stays a credential file; several become a passport. Written whole or not at all.
      replaceFileAtomic(out, `${JSON.stringify(shared.length === 1 ? shared[0] : shared, null, 2)}\n`);
      emit(options, { out, credentials: shared.length, hidden }, () => {
        const what = kinds.length === 0 ? 'nothing hidden' : `hidden: ${kinds.map((kind) => `${kind} (${hidden[kind]})`).join(', ')}`;
        return `${options.out}: ${shared.length === 1 ? '1 credential' : `a passport of ${shared.length} credentials`}; ${what}`;
      });
    });
}

/** Only an anchored credential (with its proof) can be shared: hiding needs the salts the proof holds. */
function asAnchored(credential: unknown, source: string): AnchoredCredential {
  try {
    validateCredential(credential);
  } catch (error) {
    if (error instanceof CredentialValidationError) {
      throw new CliError(`${source}: not a valid credential`, 1, [...error.issues.map((i) => `${i.path || '(root)'}: ${i.message}`), ...andMore(error.issues.length, error.count)]);
    }
    throw error;
  }
  const proof = (credential as { proof?: unknown }).proof;
  if (!proof) throw new CliError(`${source}: has no proof (is it anchored?): nothing could verify it`);
  return credential as AnchoredCredential;
}
