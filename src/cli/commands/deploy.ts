import type { Command } from 'commander';
import { deployRegistry } from '../../chain/deploy.js';
import { type NetworkOptions, connectNetwork } from '../network.js';
import { CliError, emit } from '../output.js';
import { withNetworkOptions } from '../session.js';

/**
 * `microcred deploy`: puts the newest registry release at its one address (the same on every chain) through
 * the deterministic deployment proxy. Where it already is, says so and sends nothing. Nothing is recorded in
 * the working folder: every command finds the registry at that address.
 */
export function registerDeploy(program: Command): void {
  withNetworkOptions(program.command('deploy').description('deploy the credential registry at its one address (the same on every chain), unless it is there'))
    .option('--json', 'print the result as JSON')
    .action(async (options: NetworkOptions & { json?: boolean }) => {
      const connection = await connectNetwork(options);
      try {
        if (!connection.wallet) throw new CliError(`network ${connection.name} offers no account to deploy with`);
        const result = await deployRegistry(connection.publicClient, connection.wallet);
        const { address, release, deployed, hash, gasUsed, installedDeployer } = result;
        emit(options, { network: connection.name, chainId: connection.chainId, address, release: release.version, deployed, hash, gasUsed, installedDeployer }, () =>
          deployed
            ? [
                ...(installedDeployer ? [`Installed the deterministic deployment proxy (this chain had none).`] : []),
                `Registry release ${release.version} deployed at ${address} on ${connection.name} (chain ${connection.chainId}), gas ${gasUsed}.`,
              ].join('\n')
            : `Registry release ${release.version} is already deployed at ${address} on ${connection.name} (chain ${connection.chainId}); nothing was sent.`,
        );
      } finally {
        await connection.close();
      }
    });
}
