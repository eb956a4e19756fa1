import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Command, Help } from 'commander';
import { COMMANDS } from '../../src/cli/commands/index.js';

// `microcred --help` is printed from the command list alone (src/cli/commands/index.ts), without loading any
// command. These tests hold that list to the commands themselves, so the help can't drift from them.
describe('cli: the command list', () => {
  const COMMANDS_DIR = path.resolve(import.meta.dirname, '../../src/cli/commands');

  it('shows each command as the command itself would (name, [options], arguments, description)', async () => {
    for (const entry of COMMANDS) {
      const program = new Command('microcred');
      (await entry.load())(program);
      const command = program.commands.find((candidate) => candidate.name() === entry.name);
      expect(command, entry.name).to.not.equal(undefined);
      // main.ts gives every leaf command a --json option; a leaf without options would gain `[options]`.
      if (command!.commands.length === 0 && command!.options.length === 0) command!.option('--json');
      expect(new Help().subcommandTerm(command!), entry.name).to.equal(entry.term);
      expect(command!.description(), entry.name).to.equal(entry.description);
    }
  });

  it('lists every command the command modules register, once', async () => {
    const program = new Command('microcred');
    for (const file of readdirSync(COMMANDS_DIR).filter((name) => name.endsWith('.ts') && name !== 'index.ts')) {
      const module = (await import(path.join(COMMANDS_DIR, file))) as Record<string, unknown>;
      for (const [name, register] of Object.entries(module)) {
        if (name.startsWith('register') && typeof register === 'function') (register as (program: Command) => void)(program);
      }
    }
    const names = COMMANDS.map((entry) => entry.name);
    expect(new Set(names).size, 'a command listed twice').to.equal(names.length);
    expect(program.commands.map((command) => command.name()).sort()).to.deep.equal([...names].sort());
  });
});
