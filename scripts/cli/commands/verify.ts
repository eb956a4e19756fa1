import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { type Address, type PublicClient, createPublicClient, custom, getAddress, isAddress } from 'viem';
import { connectEndpoints } from '../../../src/chain/endpoints.js';
import { isUnreachable } from '../../../src/chain/errors.js';
import { toCaip2 } from '../../../src/chain/caip.js';
import { CredentialTextError, type SourcedCredential, credentialsFromText } from '../../../src/verifier/passport.js';
import { PassportLimitError, assertCredentialTextSize, assertPassportSize } from '../../../src/verifier/limits.js';
import { describeCredential } from '../../../src/verifier/describe.js';
import type { Verdict } from '../../../src/verifier/verdict.js';
import { verifyCredentials } from '../../../src/verifier/verifyCredentials.js';
import { type ChainConnection, connectNetwork } from '../network.js';
import { CliError, emit, table } from '../output.js';

interface VerifyCommandOptions {
  network?: string;
  rpcUrl: string[];
  json?: boolean;
  trust?: string[];
  accreditor?: string[];
  registry?: string[];
  requireEveryAnchor?: boolean;
  at?: string;
}

/** `microcred verify <files...>`: one verdict per credential; exit 1 if any is not valid. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('verify credential files (or passports: JSON arrays of credentials); exits 1 if any is not valid')
    .argument('<files...>', 'credential JSON files')
    .option('--trust <address...>', 'issuer addresses you trust')
    .option('--accreditor <address...>', 'accreditors whose on-chain accreditation of the issuer you accept')
    .option('--registry <address...>', 'registry addresses you accept besides released microcred registries (your own deployment)')
    .option('--require-every-anchor', 'every anchor a credential lists must be read, not just one')
    .option('--at <iso-time>', 'judge the validity window at this time instead of now')
    .option('--network <name>', 'Hardhat network: localhost (`microcred chain`), sepolia, hardhat (in-process)', 'localhost')
    .option('--rpc-url <url>', 'a JSON-RPC endpoint instead of --network; repeat it for credentials anchored on several chains', collect, [])
    .option('--json', 'print verdicts as JSON')
    .action(async (files: string[], options: VerifyCommandOptions) => {
      // The command line first: a mistyped option is reported as such, whatever the files hold.
      const trust = { issuers: addressOptions(options.trust, '--trust'), accreditors: addressOptions(options.accreditor, '--accreditor') };
      const registries = addressOptions(options.registry, '--registry');
      const now = options.at ? new Date(options.at) : undefined;
      if (now && Number.isNaN(now.getTime())) throw new CliError(`--at: ${options.at} is not a date-time`, 1, undefined, { code: 'usage' });
      const { credentials, sources } = await readCredentialFiles(files);
      const chains = await openChains(options);
      try {
        const verdicts = await verifyCredentials(credentials, {
          client: chains.client,
          chains: chains.served,
          trust,
          registries,
          requireEveryAnchor: options.requireEveryAnchor,
          now,
        });
        printVerdicts(verdicts, credentials, sources, options);
        if (verdicts.some((verdict) => !verdict.ok)) process.exitCode = 1;
      } finally {
        await chains.close();
      }
    });
}

/**
 * Where each chain is read: the `--rpc-url` endpoints (each serving the chain it says it does), or `--network`;
 * `served` lists the chains that answered, on which the released registry is read too.
 */
async function openChains(
  options: VerifyCommandOptions,
): Promise<{ client: (chain: string) => PublicClient | undefined; served: string[]; close(): Promise<void> }> {
  if (options.rpcUrl.length > 0) {
    const endpoints = await connectEndpoints(options.rpcUrl);
    // With one endpoint its verdicts say it all; with several, say which one is left out and why.
    if (options.rpcUrl.length > 1 && !options.json) for (const { message } of endpoints.problems) process.stderr.write(`warning: ${message}\n`);
    return { client: endpoints.client, served: [...endpoints.chains.keys()], close: async () => {} };
  }
  let connection: ChainConnection | undefined;
  let unreachable: unknown;
  try {
    connection = await connectNetwork({ network: options.network });
  } catch (error) {
    // An endpoint that doesn't answer is a verdict ("could not reach chain X"), not a crash: the
    // offline checks still run and every anchor on that chain reports the failure.
    if (!isUnreachable(error)) throw error;
    unreachable = error;
  }
  const failing = createPublicClient({ transport: custom({ request: () => Promise.reject(unreachable) }, { retryCount: 0 }) }) as PublicClient;
  return {
    client: (chain) => (connection ? (chain === toCaip2(connection.chainId) ? connection.publicClient : undefined) : failing),
    served: connection ? [toCaip2(connection.chainId)] : [],
    close: async () => connection?.close(),
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function printVerdicts(verdicts: Verdict[], credentials: readonly unknown[], sources: string[], options: { json?: boolean }): void {
  emit(options, verdicts.map((verdict, i) => ({ file: sources[i], ...verdict })), () => {
    // The learner as the credential names them (a tampered file can name anyone: the status says so).
    const rows = verdicts.map((verdict, i) => [sources[i]!, describeCredential(credentials[i]).learner ?? '-', verdict.status.toUpperCase(), verdict.summary]);
    const valid = verdicts.filter((verdict) => verdict.ok).length;
    return `${table(['credential', 'learner', 'status', 'why'], rows)}\n\n${valid} of ${verdicts.length} valid`;
  });
}

/**
 * Reads credential files; a file holding a JSON array (a skills passport) contributes each element. A
 * file over the size limit is refused by its size before it is read, and the files together may hold at
 * most `MAX_PASSPORT_CREDENTIALS`: both are checked before anything else happens (no chain is contacted).
 */
export async function readCredentialFiles(files: string[]): Promise<{ credentials: unknown[]; sources: string[] }> {
  const credentials: unknown[] = [];
  const sources: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      assertCredentialTextSize((await stat(file)).size, file);
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (error instanceof PassportLimitError) throw new CliError(error.message);
      throw new CliError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    let entries: SourcedCredential[];
    try {
      entries = credentialsFromText(text, file);
      assertPassportSize(credentials.length + entries.length, files.length > 1 ? `${file} and the files before it` : file);
    } catch (error) {
      if (error instanceof CredentialTextError || error instanceof PassportLimitError) throw new CliError(error.message);
      throw error;
    }
    for (const { source, credential } of entries) {
      credentials.push(credential);
      sources.push(source);
    }
  }
  return { credentials, sources };
}

/** The checksummed addresses given to `flag`; a value that is not an address is an error naming the flag. */
export function addressOptions(values: string[] | undefined, flag: string): Address[] {
  return (values ?? []).map((value) => {
    if (!isAddress(value, { strict: false })) throw new CliError(`${flag}: ${value} is not an Ethereum address`, 1, undefined, { code: 'usage' });
    return getAddress(value);
  });
}
