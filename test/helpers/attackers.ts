// What an attacker of the verifier has: the test doubles of contracts/mocks (deployed from their Hardhat
// artifacts, since the package ships none of them) and the public core, with which anyone can build a
// credential naming any issuer. Shared by the SDK attacks (test/verifier) and the CLI attacks (test/e2e).
import { readFileSync } from 'node:fs';
import { artifacts } from 'hardhat';
import { type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient, parseEventLogs } from 'viem';
import type { RegistryWriter } from '../../src/chain/writes.js';
import { anchorBatch } from '../../src/chain/writes.js';
import { type Anchor, type AnchoredCredential, addAnchor, buildBatch, buildCredential } from '../../src/core/index.js';
import { anchorProofOf } from '../../src/core/credential/format.js';
import { REGISTRY } from './credentials.js';

export type Wallet = WalletClient<Transport, Chain | undefined, Account>;

/** The attacker contracts of contracts/mocks. */
export type AttackerContract = 'FakeRegistry' | 'LaunderingRegistry' | 'RegistryCloner';

const template = JSON.parse(readFileSync(new URL('../../examples/achievement.json', import.meta.url), 'utf8'));

/** Deploys `name` from its compiled artifact (run `npx hardhat build` first) and returns its address. */
export async function deployAttacker(client: PublicClient, wallet: Wallet, name: AttackerContract, args: readonly unknown[] = []): Promise<Address> {
  const { abi, bytecode } = await artifacts.readArtifact(name);
  const hash = await wallet.deployContract({ abi, bytecode: bytecode as Hex, args, account: wallet.account, chain: wallet.chain ?? null });
  const { contractAddress, status } = await client.waitForTransactionReceipt({ hash });
  if (status !== 'success' || !contractAddress) throw new Error(`deploying ${name} failed (transaction ${hash})`);
  return contractAddress;
}

/** Deploys an EIP-1167 clone of `implementation` through a fresh `RegistryCloner`; returns the clone's address. */
export async function cloneRegistry(client: PublicClient, wallet: Wallet, implementation: Address): Promise<Address> {
  const cloner = await deployAttacker(client, wallet, 'RegistryCloner');
  const { abi } = await artifacts.readArtifact('RegistryCloner');
  const hash = await wallet.writeContract({ address: cloner, abi, functionName: 'clone', args: [implementation], account: wallet.account, chain: wallet.chain ?? null });
  const receipt = await client.waitForTransactionReceipt({ hash });
  const [cloned] = parseEventLogs({ abi, logs: receipt.logs, eventName: 'RegistryCloned' }) as unknown as { args: { instance: Address } }[];
  if (!cloned) throw new Error(`RegistryCloner emitted no RegistryCloned event (transaction ${hash})`);
  return cloned.args.instance;
}

/**
 * `n` credentials made by someone holding no key of `victim`: built with the public core, naming the victim
 * as issuer (its did:pkh in `issuer.id`, its address in `proof.issuer`), with a batch root nobody anchored
 * on a genuine registry, and pointing at `anchor`. Offline they are flawless; only the registry can vouch.
 */
export function forgeCredentials(victim: Address, anchor: Anchor, n = 1, issuerName = 'Example University'): AnchoredCredential[] {
  const drafts = Array.from({ length: n }, (_, i) =>
    buildCredential({ id: `FORGED-${i}`, name: `Impostor ${i}`, email: `impostor${i}@example.org` }, template, {
      issuer: { address: victim, name: issuerName, chainId: 31337 },
      validFrom: '2025-01-01T00:00:00Z',
    }),
  );
  return buildBatch(drafts, { issuer: victim, registry: REGISTRY }).credentials.map((credential) => addAnchor(credential, anchor));
}

/** A copy of `credential` listing exactly `anchors`, as a holder who edits the file's `proof.anchors` makes it. */
export function withAnchors(credential: AnchoredCredential, anchors: readonly Anchor[]): AnchoredCredential {
  const copy = structuredClone(credential);
  anchorProofOf(copy)!.anchors = anchors.map((anchor) => ({ ...anchor }));
  return copy;
}

/**
 * `n` honest credentials of `university`, anchored by it on each registry given (one writer per chain), each
 * listing every anchor: what the attacks start from. `prefix` keeps learner ids apart between tests.
 */
export async function issueHonest(
  university: Address,
  n: number,
  writers: readonly RegistryWriter[],
  prefix = 'H',
): Promise<{ root: Hex; credentials: AnchoredCredential[] }> {
  const drafts = Array.from({ length: n }, (_, i) =>
    buildCredential({ id: `${prefix}${i}`, name: `Learner ${i}`, email: `${prefix.toLowerCase()}${i}@example.org` }, template, {
      issuer: { address: university, name: 'Example University', chainId: 31337 },
      validFrom: '2025-01-01T00:00:00Z',
    }),
  );
  const batch = buildBatch(drafts, { issuer: university, registry: REGISTRY });
  let credentials = batch.credentials;
  for (const writer of writers) {
    await anchorBatch(writer, university, batch.root, batch.size);
    credentials = credentials.map((c) => addAnchor(c, { chain: writer.registry.chain, registry: writer.registry.address }));
  }
  return { root: batch.root, credentials };
}
