import { network } from 'hardhat';
import {
  type Account,
  type Address,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
  createPublicClient,
  createWalletClient,
  custom,
  http,
} from 'viem';
import { type Registry, connectRegistry } from '../../src/chain/connect.js';
import { type RegistryWriter } from '../../src/chain/writes.js';
import { deployRegistry } from '../../src/chain/deploy.js';

export { REPO_ROOT } from './repo.js';

export interface TestChain {
  client: PublicClient;
  wallet: WalletClient<Transport, Chain | undefined, Account>;
  accounts: Address[];
  registry: Registry;
  writer: RegistryWriter;
  /** Signers for the chain's first three accounts on the same registry (the first is `writer`): an issuer,
   * an operator or a second issuer, and a stranger. */
  writers: RegistryWriter[];
}

/** A fresh registry on Hardhat's in-process chain, signed for by its first account. */
export async function inProcessChain(): Promise<TestChain> {
  const { provider } = await network.create();
  return onTransport(custom(provider), 10);
}

/** A fresh registry on the node at `url` (e.g. a `hardhat node`). */
export async function httpChain(url: string): Promise<TestChain> {
  return onTransport(http(url, { retryCount: 0 }), 50);
}

async function onTransport(transport: Transport, pollingInterval: number): Promise<TestChain> {
  const client = createPublicClient({ transport, pollingInterval }) as PublicClient;
  const accounts = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
  const wallets = accounts.slice(0, 3).map((account) => createWalletClient({ account, transport }));
  const wallet = wallets[0]!;
  const { address } = await deployRegistry(client, wallet);
  const registry = await connectRegistry({ client, address });
  return { client, wallet, accounts, registry, writer: { registry, wallet }, writers: wallets.map((signer) => ({ registry, wallet: signer })) };
}

/** A signer for another of the chain's accounts, on the same registry. */
export function writerFor(chain: TestChain, account: Address, transport: Transport): RegistryWriter {
  return { registry: chain.registry, wallet: createWalletClient({ account, transport }) };
}

export { type HardhatNode, startHardhatNode } from '../../scripts/dev/hardhatNode.js';
