import { type Address, getAddress, isAddress } from 'viem';
import { CliError } from './output.js';

/**
 * Commander's parser for a repeatable option taking one value each time (`--rpc-url A --rpc-url B`). Not a
 * variadic `<value...>` option, which also swallows the operands after it (`verify --trust 0xA file.json`
 * lost the file).
 */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `collect` for values that never hold a comma (addresses): `--trust 0xA,0xB` is `--trust 0xA --trust 0xB`. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((part) => part.trim()).filter((part) => part !== '')];
}

/** The checksummed addresses given to `flag`; a value that is not an address is an error naming the flag. */
export function addressOptions(values: string[] | undefined, flag: string): Address[] {
  return (values ?? []).map((value) => {
    if (!isAddress(value, { strict: false })) throw new CliError(`${flag}: ${value} is not an Ethereum address`, 1, undefined, { code: 'usage' });
    return getAddress(value);
  });
}
