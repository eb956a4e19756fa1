#!/usr/bin/env node
// The `microcred` executable (package.json `bin`). Node's compile cache keeps the compiled code of the CLI and
// of its dependencies on disk (in the system's temporary folder) between runs, so a command's second run
// skips compiling viem, JSON-LD and the SDK again. It must be on before they load, hence this file.
//
// jsonld loads an HTTP client (and undici under it) for a network document loader microcred never uses:
// resolved to noHttpClient.ts instead, a third of the JSON-LD stack's start-up is spared.
import module from 'node:module';

module.enableCompileCache?.();
const offline = new URL('./noHttpClient.js', import.meta.url).href;
module.registerHooks?.({
  resolve: (specifier, context, next) =>
    specifier === '@digitalbazaar/http-client' && context.parentURL?.includes('/node_modules/jsonld/') ? { url: offline, shortCircuit: true } : next(specifier, context),
});
await import('./main.js');
