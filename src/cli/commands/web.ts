import type { Command } from 'commander';
import { CliError } from '../output.js';
import { addressOptions, collectList } from '../options.js';

interface WebCommandOptions {
  port: string;
  rpcUrl: string;
  trust?: string[];
  accreditor?: string[];
  registry?: string[];
  json?: boolean;
}

/** `microcred web`: serves the web verifier page on 127.0.0.1 until Ctrl-C. */
export function registerWeb(program: Command): void {
  program
    .command('web')
    .description('serve the web verifier page on 127.0.0.1 (credentials are checked in the browser; nothing is uploaded)')
    .option('--port <port>', 'port to listen on (0: any free port)', '8000')
    .option('--rpc-url <url>', 'the JSON-RPC endpoint the page proposes', 'http://127.0.0.1:8545')
    .option('--trust <address>', 'an issuer address the page proposes to trust (repeatable, or comma-separated)', collectList)
    .option('--accreditor <address>', 'an accreditor the page proposes (repeatable, or comma-separated)', collectList)
    .option('--registry <address>', 'a registry the page proposes to accept whatever its code (repeatable, or comma-separated)', collectList)
    .option('--json', 'print the page\'s address as JSON ({"url"})')
    .action(async (options: WebCommandOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port: ${options.port} is not a port number`, 1, undefined, { code: 'usage' });
      const trust = addressOptions(options.trust, '--trust');
      const accreditors = addressOptions(options.accreditor, '--accreditor');
      const registries = addressOptions(options.registry, '--registry');
      // Loaded here, not at the top: the server is this command's alone.
      const [{ verifierPage }, { servePage }] = await Promise.all([import('../web/page.js'), import('../web/serve.js')]);
      const assets = await verifierPage();
      const page = await servePage(assets, { port }).catch((error: NodeJS.ErrnoException) => {
        throw new CliError(error.code === 'EADDRINUSE' ? `--port: 127.0.0.1:${port} is already in use` : error.message);
      });
      // The page shows these as the link's proposal, applied once the person accepts it (the page can't tell
      // its operator's link from anyone else's); it checks the endpoint itself when it is used.
      const query = new URLSearchParams({ rpc: options.rpcUrl });
      if (trust.length) query.set('trust', trust.join(','));
      if (accreditors.length) query.set('accreditor', accreditors.join(','));
      if (registries.length) query.set('registry', registries.join(','));
      if (options.json) process.stdout.write(`${JSON.stringify({ url: `${page.url}?${query}` })}\n`);
      else process.stdout.write(`web verifier page: ${page.url}?${query}\n(Ctrl-C to stop)\n`);
      await untilStopped();
      await page.close();
    });
}

/**
 * Resolves at the first SIGINT or SIGTERM. The handlers stay until the process ends, so a second Ctrl-C
 * while the server closes is absorbed instead of killing the process mid-way (exit 130).
 */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
