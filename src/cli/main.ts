// The microcred command line: issuers issue, anchor, revoke; verifiers verify. `microcred <command> --help`.
// Start-up loads only commander and the command list; the command that runs is loaded alone (see
// commands/index.ts), and the error reporting, which knows every error class, only when something fails.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMANDS } from './commands/index.js';
import { errorCodesHelp, wantsJson } from './errorCodes.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The command line names this command (`microcred <command> …`, or `microcred help <command>`), if any. */
function commandNamed(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

const program = new Command('microcred')
  .description('Blockchain-anchored micro-credentials: issue Open Badges 3.0 credentials, anchor, revoke, verify.')
  .version(version, '-V, --version', 'print the version of microcred')
  .exitOverride()
  .addHelpText('after', `\n${errorCodesHelp()}`);

const args = process.argv.slice(2);
const json = wantsJson(args);
// Commander prints its own parse errors (and the help after them) to stderr; with --json the error is
// the JSON object on stdout instead, printed below. Set before the commands are added: they inherit it.
if (json) program.configureOutput({ writeErr: () => {}, outputError: () => {} });
else program.showHelpAfterError();

// The command named is registered in full; every other one as its name and help line only, which is all
// `microcred --help` shows and all commander needs to say "unknown command" or suggest a near name.
const named = commandNamed(args);
const terms = new Map(COMMANDS.map((entry) => [entry.name, entry.term]));
for (const entry of COMMANDS) {
  if (entry.name === named) (await entry.load())(program);
  else program.command(entry.name).description(entry.description);
}
program.configureHelp({ subcommandTerm: (command) => terms.get(command.name()) ?? command.name() });

// `chain`, `web` and `demo` print text as they go; --json makes their errors JSON like every other command's.
// Leaf commands only: a parent's --json would swallow its subcommand's (`issuer init --json`).
const leaves = (command: Command): Command[] => (command.commands.length === 0 ? [command] : command.commands.flatMap(leaves));
const loaded = program.commands.find((command) => command.name() === named);
for (const command of loaded ? leaves(loaded) : []) {
  if (!command.options.some((option) => option.long === '--json')) command.option('--json', 'print an error as JSON on stdout');
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // --help and --version end here too, with exit code 0: they are not failures, and need no report.
  if (error instanceof CommanderError && error.exitCode === 0) process.exitCode = 0;
  else {
    const { describeFailure, printFailure } = await import('./failure.js');
    const failure = describeFailure(error);
    // Without --json, commander has printed its own errors already (with the help).
    const printedByCommander = error instanceof CommanderError && !json;
    if (failure.exitCode !== 0 && !printedByCommander) printFailure(failure, json);
    if (process.env.MICROCRED_DEBUG) console.error(error);
    process.exitCode = failure.exitCode;
  }
}
