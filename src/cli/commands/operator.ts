import type { Command } from 'commander';
import { getAddress, isAddress } from 'viem';
import { Permission } from '../../abi/index.js';
import { readOperatorPermissions } from '../../chain/reads.js';
import { type WriteReceipt, setOperatorPermissions } from '../../chain/writes.js';
import { CliError, emit } from '../output.js';
import { type SessionOptions, openWriterSession, withChainOptions } from '../session.js';

const RIGHTS = { anchor: Permission.Anchor, revoke: Permission.Revoke } as const;
type Right = keyof typeof RIGHTS;

/**
 * `microcred operator <address> [--allow anchor revoke | --allow none]`: which keys may act for the issuer
 * (the signing account). Rotating a key is: allow the new one, then `--allow none` for the old one; issued
 * credentials are keyed by the issuer, so they are not touched.
 */
export function registerOperator(program: Command): void {
  const command = program
    .command('operator')
    .description("show or set what an operator key may do for the issuer (the signing account): anchor, revoke (and suspend)")
    .argument('<address>', 'the operator key')
    .option('--allow <rights...>', 'set its rights to exactly these: anchor, revoke, or none (removes it)');
  withChainOptions(command).action(async (value: string, options: SessionOptions & { allow?: string[] }) => {
    if (!isAddress(value, { strict: false })) throw new CliError(`${value} is not an Ethereum address`, 1, undefined, { code: 'usage' });
    const operator = getAddress(value);
    const wanted = options.allow === undefined ? undefined : permissionsOf(options.allow);
    const session = await openWriterSession(options);
    try {
      const { registry, wallet } = session.writer;
      const issuer = wallet.account.address;
      if (getAddress(issuer) === operator) throw new CliError('an issuer always acts for itself; name another key');
      const before = await readOperatorPermissions(registry, issuer, operator);
      let receipt: WriteReceipt | undefined;
      if (wanted !== undefined && wanted !== before) receipt = await setOperatorPermissions(session.writer, operator, wanted);
      const after = wanted ?? before;
      emit(options, { issuer, operator, rights: rightsOf(after), before: rightsOf(before), txHash: receipt?.hash, gasUsed: receipt?.gasUsed }, () => {
        const now = after === 0 ? `may not act for ${issuer}` : `may ${rightsOf(after).join(' and ')} for ${issuer}`;
        const change = wanted === undefined ? '' : receipt ? ` (was: ${rightsOf(before).join(', ') || 'none'}; gas ${receipt.gasUsed})` : ' (unchanged)';
        return `${operator} ${now}${change}`;
      });
    } finally {
      await session.close();
    }
  });
}

function permissionsOf(rights: string[]): number {
  if (rights.length === 1 && rights[0] === 'none') return 0;
  let bits = 0;
  for (const right of rights) {
    if (!(right in RIGHTS)) throw new CliError(`--allow: "${right}" is not a right; give anchor, revoke, both, or none`, 1, undefined, { code: 'usage' });
    bits |= RIGHTS[right as Right];
  }
  return bits;
}

function rightsOf(bits: number): Right[] {
  return (Object.keys(RIGHTS) as Right[]).filter((right) => (bits & RIGHTS[right]) !== 0);
}
