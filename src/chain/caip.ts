/** CAIP-2 chain ids (`eip155:<chainId>`), the form anchors name their chain in. */
export type Caip2ChainId = `eip155:${number}`;

export function toCaip2(chainId: number): Caip2ChainId {
  return `eip155:${chainId}`;
}

/** The numeric EVM chain id of a CAIP-2 id, or undefined if it is not an `eip155` chain. */
export function parseCaip2(chain: string): number | undefined {
  const match = /^eip155:([1-9][0-9]{0,15})$/.exec(chain);
  return match ? Number(match[1]) : undefined;
}
