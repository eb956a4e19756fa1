import type { Command } from 'commander';
import { createIssuerIdentity, identityFiles } from '../../node/issuer/identity.js';
import { keyPassphrase } from '../identity.js';
import { type NetworkOptions, signingAccount } from '../network.js';
import { addressOptions } from '../options.js';
import { emit } from '../output.js';
import { withNetworkOptions } from '../session.js';

interface IssuerInitOptions extends NetworkOptions {
  domain: string;
  path?: string;
  anchoringAccount?: string[];
  json?: boolean;
}

/**
 * `microcred issuer init --domain <domain>`: the issuer's did:web identity, made once per store. Creates an
 * Ed25519 signing key (kept encrypted under `.microcred/identity/`, never printed) and the DID document to
 * publish at `https://<domain>/.well-known/did.json`, listing the key and the accounts that anchor.
 * `anchor` then records the DID and the document's hash as the account's issuer profile on each chain.
 */
export function registerIssuer(program: Command): void {
  const issuer = program.command('issuer').description("the issuer's identity: a did:web DID with a signing key, so verifiers see your domain");
  withNetworkOptions(
    issuer
      .command('init')
      .description('create the issuer identity: an Ed25519 signing key and the DID document to publish on your domain')
      .requiredOption('--domain <domain>', 'the domain people know you by, e.g. northfield.edu (you must be able to publish files on it)')
      .option('--path <path>', 'a path on the domain when it hosts several issuers, e.g. faculties/engineering')
      .option(
        '--anchoring-account <address>',
        "an Ethereum account allowed to anchor for you (repeat for several; default: the network's signing account)",
        (value: string, previous: string[] = []) => [...previous, value],
      )
      .option('--json', 'print the result as JSON'),
  ).action(async (options: IssuerInitOptions) => {
    const passphrase = keyPassphrase();
    const accounts = options.anchoringAccount?.length ? addressOptions(options.anchoringAccount, '--anchoring-account') : [await signingAccount(options, '--anchoring-account', 'usage')];
    const identity = await createIssuerIdentity({ dir: process.cwd(), domain: options.domain, path: options.path, accounts, passphrase });
    const files = identityFiles(process.cwd());
    emit(options, { did: identity.did, publishAt: identity.publishAt, documentHash: identity.documentHash, document: files.document, key: files.key, accounts }, () =>
      [
        `Issuer identity ${identity.did}`,
        `signing key   ${files.key} (encrypted with ${'$'}MICROCRED_KEY_PASSPHRASE; back it up, never share it)`,
        `DID document  ${files.document}`,
        `publish it at ${identity.publishAt}`,
        `anchors for it: ${accounts.join(', ')}`,
        'next: credentials you issue are signed and name this DID; `anchor` records the DID on chain for each account.',
      ].join('\n'),
    );
  });
}
