import { getAddress, isAddress } from 'viem';
import type { Anchor } from '../anchorProof.js';
import { anchorProofOf, withAnchorProof } from '../credential/format.js';
import { InvalidArgumentError } from '../errors.js';
import type { AnchoredCredential } from './types.js';

const CAIP2 = /^[-a-z0-9]{3,8}:[-_a-zA-Z0-9]{1,32}$/;

/**
 * A copy of the credential listing one more registry its root is anchored in. Anchors are outside the
 * digest (leaves are chain-agnostic), so the same credential can point at several chains. Adding an
 * anchor already listed returns an unchanged copy.
 *
 * @example
 * addAnchor(credential, { chain: 'eip155:31337', registry: '0x5FbDB2315678afecb367f032d93F642f64180aa3' })
 */
export function addAnchor(credential: AnchoredCredential, anchor: Anchor): AnchoredCredential {
  if (!CAIP2.test(anchor?.chain ?? '')) throw new InvalidArgumentError('Anchor chain must be a CAIP-2 id such as eip155:31337.', { details: `got ${anchor?.chain}` });
  if (!isAddress(anchor.registry ?? '', { strict: false })) throw new InvalidArgumentError('Anchor registry must be a 20-byte 0x address.', { details: `got ${anchor.registry}` });
  const proof = anchorProofOf(credential);
  if (!proof) throw new InvalidArgumentError('Credential has no anchor proof to add an anchor to.');
  const added = { chain: anchor.chain, registry: getAddress(anchor.registry) };
  const anchors = proof.anchors.some((a) => a.chain === added.chain && a.registry.toLowerCase() === added.registry.toLowerCase())
    ? proof.anchors
    : [...proof.anchors, added];
  // Anchors are outside the signature too (it covers everything but `proof`), so signatures stay.
  return withAnchorProof(credential, { ...proof, anchors: anchors.map((a) => ({ ...a })) });
}
