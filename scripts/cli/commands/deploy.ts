import type { Command } from 'commander';
import { toCaip2 } from '../../../src/chain/caip.js';
import { deployRegistry } from '../../../src/chain/writes.js';
import { type NetworkOptions, connectNetwork } from '../network.js';
import { CliError, emit } from '../output.js';
import { withNetworkOptions } from '../session.js';
import { openCliStore } from '../store.js';

/** `microcred deploy`: deploys a registry and remembers it (and the network) in the local store. */
export function registerDeploy(program: Command): void {
  withNetworkOptions(program.command('deploy').description('deploy a credential registry and record it in the local store'))
    .option('--json', 'print the result as JSON')
    .action(async (options: NetworkOptions & { json?: boolean }) => {
      const connection = await connectNetwork(options);
      try {
        if (!connection.wallet) throw new CliError(`network ${connection.name} offers no account to deploy with`);
        const deployed = await deployRegistry(connection.publicClient, connection.wallet);
        const store = openCliStore();
        try {
          store.registries.upsert({
            chain: toCaip2(connection.chainId),
            address: deployed.address,
            deployTx: deployed.hash,
            deployedAt: new Date().toISOString(),
          });
        } finally {
          store.close();
        }
        emit(options, { network: connection.name, chainId: connection.chainId, ...deployed }, () =>
          `Registry deployed at ${deployed.address} on ${connection.name} (chain ${connection.chainId}), gas ${deployed.gasUsed}.`,
        );
      } finally {
        await connection.close();
      }
    });
}
