import { network } from 'hardhat';
import { type Address, type PublicClient, createPublicClient, createWalletClient, custom } from 'viem';
import { connectRegistry } from '../../src/chain/connect.js';
import { deployRegistry } from '../../src/chain/deploy.js';
import type { RegistryWriter } from '../../src/chain/writes.js';

/** A fresh in-process chain with the registry deployed: a client, the accounts, and a writer for the first three. */
export interface InProcessChain {
  client: PublicClient;
  accounts: Address[];
  writers: RegistryWriter[];
  registry: Address;
}

export async function inProcessChain(): Promise<InProcessChain> {
  const { provider } = await network.create();
  const transport = custom(provider, { retryCount: 0 });
  const client = createPublicClient({ transport, pollingInterval: 10 }) as PublicClient;
  const accounts = (await client.request({ method: 'eth_accounts' } as never)) as Address[];
  const wallets = accounts.slice(0, 3).map((account) => createWalletClient({ account, transport }));
  const { address: registry } = await deployRegistry(client, wallets[0]!);
  const connected = await connectRegistry({ client, address: registry, expectedChainId: 31337 });
  return { client, accounts, writers: wallets.map((wallet) => ({ registry: connected, wallet })), registry };
}
