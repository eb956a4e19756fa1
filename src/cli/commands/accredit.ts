import type { Command } from 'commander';
import { getAddress, isAddress } from 'viem';
import { readAccredited } from '../../chain/reads.js';
import { accreditIssuer, withdrawAccreditation } from '../../chain/writes.js';
import { CliError, emit } from '../output.js';
import { type SessionOptions, openWriterSession, withChainOptions } from '../session.js';

/**
 * `microcred accredit <issuer> [--withdraw]`: for accreditors (a ministry, a quality agency). Verifiers who
 * accept the signing account as an accreditor (`verify --accreditor`) then trust the issuer.
 */
export function registerAccredit(program: Command): void {
  const command = program
    .command('accredit')
    .description('recognise an issuer as the signing account (an accreditor), or withdraw that recognition')
    .argument('<issuer>', "the issuer's address")
    .option('--withdraw', 'withdraw the recognition instead');
  withChainOptions(command).action(async (value: string, options: SessionOptions & { withdraw?: boolean }) => {
    if (!isAddress(value, { strict: false })) throw new CliError(`${value} is not an Ethereum address`, 1, undefined, { code: 'usage' });
    const issuer = getAddress(value);
    const session = await openWriterSession(options);
    try {
      const { registry, wallet } = session.writer;
      const accreditor = wallet.account.address;
      const wanted = !options.withdraw;
      const before = await readAccredited(registry, accreditor, issuer);
      // Both calls are idempotent on chain; skipping a no-op saves the gas.
      const receipt = before === wanted ? undefined : await (wanted ? accreditIssuer : withdrawAccreditation)(session.writer, issuer);
      emit(options, { accreditor, issuer, accredited: wanted, changed: receipt !== undefined, txHash: receipt?.hash, gasUsed: receipt?.gasUsed }, () =>
        `${accreditor} ${wanted ? 'recognises' : 'no longer recognises'} ${issuer}${receipt ? ` (gas ${receipt.gasUsed})` : ' (unchanged)'}`,
      );
    } finally {
      await session.close();
    }
  });
}
