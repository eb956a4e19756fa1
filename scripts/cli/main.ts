// The microcred command line: issuers issue, anchor, revoke; verifiers verify. `microcred <command> --help`.
import { Command, CommanderError } from 'commander';
import { RegistryRevertedError } from '../../src/chain/errors.js';
import { registerAccredit } from './commands/accredit.js';
import { registerAnchor } from './commands/anchor.js';
import { registerChain } from './commands/chain.js';
import { registerDemo } from './commands/demo.js';
import { registerDeploy } from './commands/deploy.js';
import { registerIssue } from './commands/issue.js';
import { registerOperator } from './commands/operator.js';
import { registerRevokeBatch } from './commands/revoke-batch.js';
import { registerShare } from './commands/share.js';
import { registerStatus } from './commands/status.js';
import { registerStatusChanges } from './commands/status-change.js';
import { registerVerify } from './commands/verify.js';
import { registerWeb } from './commands/web.js';
import { CliError } from './output.js';

const program = new Command('microcred')
  .description('Blockchain-anchored micro-credentials: issue Open Badges 3.0 credentials, anchor, revoke, verify.')
  .showHelpAfterError()
  .exitOverride();

registerChain(program);
registerDeploy(program);
registerIssue(program);
registerAnchor(program);
registerStatusChanges(program);
registerRevokeBatch(program);
registerOperator(program);
registerAccredit(program);
registerVerify(program);
registerShare(program);
registerWeb(program);
registerStatus(program);
registerDemo(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const line of error.details ?? []) process.stderr.write(`  ${line}\n`);
    process.exitCode = error.exitCode;
  } else {
    const message = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message ?? String(error);
    process.stderr.write(`error: ${message}\n`);
    if (error instanceof RegistryRevertedError && error.errorName === 'CredentialRegistryUnauthorized') {
      process.stderr.write(`  The issuer gives a key that right with: microcred operator ${String(error.args[0])} --allow anchor revoke\n`);
    }
    if (process.env.MICROCRED_DEBUG) console.error(error);
    process.exitCode = 1;
  }
}
