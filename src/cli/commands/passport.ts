import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError, PresentationCredentialError, buildPresentation, signPresentation } from '../../core/index.js';
import { loadHolderKeyFile, readHolderDid } from '../../node/holder/index.js';
import { replaceFileAtomic } from '../../node/issuer/atomicFiles.js';
import { readCredentialFiles } from '../credentialFiles.js';
import { keyPassphrase } from '../identity.js';
import { CliError, emit } from '../output.js';

interface PassportBuildOptions {
  holder: string;
  challenge?: string;
  domain?: string;
  out: string;
  force?: boolean;
  json?: boolean;
}

/**
 * `microcred passport build <files...> --holder <key file> --out <file>`: the learner's signed skills
 * passport, a W3C Verifiable Presentation naming the learner's DID as holder, signed with the learner's
 * key (and the verifier's --challenge/--domain when it gave them). A credential whose subject is another
 * DID is refused; one without a subject DID is taken, with a warning: only the signature then says it is
 * the learner's.
 */
export function registerPassport(program: Command): void {
  const passport = program.command('passport').description('skills passports: your credentials, signed by you as their holder');
  passport
    .command('build')
    .description('sign credentials into one passport (a Verifiable Presentation) with your holder key')
    .argument('<files...>', 'credential files (full or redacted copies; plain passports are read too)')
    .requiredOption('--holder <file>', 'your holder key file (from `microcred holder init`), unlocked with $MICROCRED_KEY_PASSPHRASE')
    .option('--challenge <challenge>', "the verifier's nonce for this request, when it gave one")
    .option('--domain <domain>', 'the verifier the passport is for, when it said')
    .requiredOption('--out <file>', 'the passport file to write')
    .option('--force', 'replace --out if it exists')
    .option('--json', 'print the result as JSON')
    .action(async (files: string[], options: PassportBuildOptions) => {
      const out = path.resolve(options.out);
      if (existsSync(out) && !options.force) throw new CliError(`--out: ${options.out} already exists; add --force to replace it`, 1, undefined, { code: 'output-exists' });
      const { credentials, sources } = await readCredentialFiles(files);
      if (credentials.length === 0) throw new CliError('nothing to put in the passport: the files hold no credentials', 1, undefined, { code: 'input-empty' });

      const holder = readHolderDid(options.holder);
      const unbound: string[] = [];
      credentials.forEach((credential, i) => {
        const subjects = subjectIds(credential);
        if (subjects === undefined) throw new CliError(`${sources[i]}: not a credential (no credentialSubject)`, 1, undefined, { code: 'input-unreadable' });
        const others = subjects.filter((id) => id !== holder);
        if (others.length > 0) {
          throw new CliError(`${sources[i]}: this credential is about ${others.join(', ')}, not about you (${holder}); a passport holds only your own credentials`, 1, undefined, {
            code: 'not-holder',
          });
        }
        if (subjects.length === 0) unbound.push(sources[i]!);
      });

      const signer = await loadHolderKeyFile(options.holder, () => keyPassphrase('your holder key'));
      let signed;
      try {
        signed = await signPresentation(buildPresentation({ holder, credentials: credentials as object[] }), signer, { challenge: options.challenge, domain: options.domain });
      } catch (error) {
        if (error instanceof PresentationCredentialError) throw new CliError(`${sources[error.index]}: ${error.shortMessage}`, 1, undefined, { code: 'input-unsignable', cause: error });
        if (error instanceof InvalidArgumentError) throw new CliError(error.shortMessage, 1, undefined, { code: 'usage', cause: error });
        throw error;
      }
      for (const source of unbound) {
        process.stderr.write(`note: ${source} names no subject DID, so only your signature ties it to you (a weaker binding: the verifier must match the learner's name or id)\n`);
      }
      replaceFileAtomic(out, `${JSON.stringify(signed, null, 2)}\n`);
      emit(options, { out, holder, credentials: credentials.length, challenge: options.challenge ?? null, domain: options.domain ?? null, withoutSubjectDid: unbound }, () =>
        [
          `${options.out}: a passport of ${credentials.length === 1 ? '1 credential' : `${credentials.length} credentials`}, signed by ${holder}`,
          ...(options.challenge === undefined ? [] : [`challenge ${options.challenge}`]),
          ...(options.domain === undefined ? [] : [`for ${options.domain}`]),
        ].join('\n'),
      );
    });
}

/** The subject DIDs a credential names (`credentialSubject.id`, of one subject or each of a list), or undefined without a subject. */
function subjectIds(credential: unknown): string[] | undefined {
  const subject = (credential as { credentialSubject?: unknown } | null)?.credentialSubject;
  if (subject === null || typeof subject !== 'object') return undefined;
  const subjects = Array.isArray(subject) ? subject : [subject];
  return subjects.flatMap((each) => {
    const id = (each as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? [id] : [];
  });
}
