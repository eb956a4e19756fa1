import { EIP155_CHAIN_ID } from '../core/anchorProof.js';

/** CAIP-2 chain ids (`eip155:<chainId>`), the form anchors name their chain in. */
export type Caip2ChainId = `eip155:${number}`;

export function toCaip2(chainId: number): Caip2ChainId {
  return `eip155:${chainId}`;
}

/** The numeric EVM chain id of a CAIP-2 id, or undefined unless it is exactly `eip155:<decimal, no leading zeros>`. */
export function parseCaip2(chain: string): number | undefined {
  const match = EIP155_CHAIN_ID.exec(chain);
  const id = match ? Number(match[1]) : undefined;
  return id !== undefined && Number.isSafeInteger(id) ? id : undefined;
}
