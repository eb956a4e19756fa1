// The microcred command line: issuers issue, anchor, revoke; verifiers verify. `microcred <command> --help`.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerAccredit } from './commands/accredit.js';
import { registerAnchor } from './commands/anchor.js';
import { registerChain } from './commands/chain.js';
import { registerDemo } from './commands/demo.js';
import { registerDeploy } from './commands/deploy.js';
import { registerDiscard } from './commands/discard.js';
import { registerIssue } from './commands/issue.js';
import { registerHolder } from './commands/holder.js';
import { registerIssuer } from './commands/issuer.js';
import { registerOperator } from './commands/operator.js';
import { registerPassport } from './commands/passport.js';
import { registerRevokeBatch } from './commands/revoke-batch.js';
import { registerShare } from './commands/share.js';
import { registerStack } from './commands/stack.js';
import { registerStatus } from './commands/status.js';
import { registerStatusChanges } from './commands/status-change.js';
import { registerVerify } from './commands/verify.js';
import { registerWeb } from './commands/web.js';
import { describeFailure, errorCodesHelp, printFailure, wantsJson } from './failure.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('microcred')
  .description('Blockchain-anchored micro-credentials: issue Open Badges 3.0 credentials, anchor, revoke, verify.')
  .version(version, '-V, --version', 'print the version of microcred')
  .exitOverride()
  .addHelpText('after', `\n${errorCodesHelp()}`);

const json = wantsJson(process.argv.slice(2));
// Commander prints its own parse errors (and the help after them) to stderr; with --json the error is
// the JSON object on stdout instead, printed below. Set before the commands are added: they inherit it.
if (json) program.configureOutput({ writeErr: () => {}, outputError: () => {} });
else program.showHelpAfterError();

registerChain(program);
registerDeploy(program);
registerIssuer(program);
registerIssue(program);
registerAnchor(program);
registerDiscard(program);
registerStatusChanges(program);
registerRevokeBatch(program);
registerOperator(program);
registerAccredit(program);
registerVerify(program);
registerShare(program);
registerHolder(program);
registerPassport(program);
registerStack(program);
registerWeb(program);
registerStatus(program);
registerDemo(program);

// `chain`, `web` and `demo` print text as they go; --json makes their errors JSON like every other command's.
// Leaf commands only: a parent's --json would swallow its subcommand's (`issuer init --json`).
const leaves = (command: typeof program): (typeof program)[] => (command.commands.length === 0 ? [command] : command.commands.flatMap(leaves));
for (const command of program.commands.flatMap(leaves)) {
  if (!command.options.some((option) => option.long === '--json')) command.option('--json', 'print an error as JSON on stdout');
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const failure = describeFailure(error);
  // Without --json, commander has printed its own errors already (with the help); --help and --version
  // end here too, with exit code 0: they are not failures.
  const printedByCommander = error instanceof CommanderError && !json;
  if (failure.exitCode !== 0 && !printedByCommander) printFailure(failure, json);
  if (process.env.MICROCRED_DEBUG) console.error(error);
  process.exitCode = failure.exitCode;
}
