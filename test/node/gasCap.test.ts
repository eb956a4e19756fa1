import { expect } from 'chai';
import type { Hex } from 'viem';
import { credentialRegistryAbi } from '../../src/abi/index.js';
import { readCredentialStates } from '../../src/chain/reads.js';
import { anchorBatch, revokeCredentials } from '../../src/chain/writes.js';
import {
  type ChangeStatusReturnType,
  DEFAULT_MAX_GAS_PER_TRANSACTION,
  TransactionGasLimitError,
  revokeStoredCredentials,
  suspendStoredCredentials,
  unsuspendStoredCredentials,
} from '../../src/node/issuer/index.js';
import type { ChildJob } from './fixtures/issuer-child.js';
import { type HardhatNode, type TestChain, httpChain, inProcessChain, startHardhatNode } from '../helpers/chain.js';
import { type ChildRun, runChild } from '../helpers/issuerChild.js';
import { prng } from '../helpers/random.js';
import { type TempStore, seedBatch, tempStore } from '../helpers/store.js';

/** `count` distinct indices below `size`, spread at random (a fixed seed), in no particular order. */
function scatteredIndices(count: number, size: number, seed: number): number[] {
  const next = prng(seed);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Buffer.from(next(4)).readUInt32BE() % size);
  return [...picked];
}

/** A fresh store holding `indices` of a batch of `size` credentials, anchored on `chain`'s registry. */
async function anchoredSparseBatch(chain: TestChain, temp: TempStore, size: number, indices: readonly number[]) {
  const seeded = seedBatch(temp.store, temp.dir, { id: 'b1', issuer: chain.accounts[0]!, size, indices });
  await anchorBatch(chain.writer, seeded.batch.issuer, seeded.batch.root, seeded.batch.size);
  return seeded;
}

/** Each distinct transaction of `result`'s changes: its gas limit and the gas it used. */
async function transactionsOf(chain: TestChain, result: ChangeStatusReturnType) {
  const hashes = [...new Set(result.changes.filter((c) => c.outcome === 'changed').map((c) => c.txHash!))];
  return Promise.all(
    hashes.map(async (hash) => {
      const [transaction, receipt] = await Promise.all([chain.client.getTransaction({ hash }), chain.client.getTransactionReceipt({ hash })]);
      return { hash, gasLimit: transaction.gas, gasUsed: receipt.gasUsed, status: receipt.status };
    }),
  );
}

describe('issuer: bulk status changes split under the per-transaction gas cap', function () {
  this.timeout(300_000);
  let chain: TestChain;
  let temp: TempStore;

  beforeEach(async () => {
    // Hardhat's in-process chain runs the Osaka hardfork, which enforces EIP-7825: no transaction over 2^24 gas.
    chain = await inProcessChain();
    temp = tempStore('microcred-gascap-');
  });
  afterEach(() => temp.cleanup());

  const head = async () => chain.client.getBlockNumber({ cacheTime: 0 });
  const statesOf = (seeded: ReturnType<typeof seedBatch>, indices: readonly number[]) =>
    readCredentialStates(
      chain.registry,
      indices.map((index) => ({ issuer: seeded.batch.issuer, root: seeded.batch.root, index })),
    );

  it('revokes 1,000 scattered credentials of a 1,000,000-credential batch in several transactions, each under 2^24 gas', async () => {
    const SIZE = 1_000_000;
    const indices = scatteredIndices(1_000, SIZE, 14);
    const seeded = await anchoredSparseBatch(chain, temp, SIZE, indices);
    expect(DEFAULT_MAX_GAS_PER_TRANSACTION).to.equal(2n ** 24n);

    // The controls: this chain refuses the whole revocation as one transaction (about 20,000 gas a
    // credential, some 22 million in all), whether simulated first or sent as is with the gas it needs, so
    // the test below can only pass by splitting.
    const before = await head();
    const simulated = await revokeCredentials(chain.writer, seeded.batch.issuer, seeded.batch.root, indices, 1).catch((e: unknown) => e);
    expect(simulated, 'one transaction of all 1,000 revocations, simulated').to.be.instanceOf(Error);
    expect((simulated as Error).message).to.include('ran out of gas');
    const sorted = [...indices].sort((a, b) => a - b).map(BigInt);
    const sent = await chain.wallet
      .writeContract({ address: chain.registry.address, abi: credentialRegistryAbi, functionName: 'revoke', args: [seeded.batch.issuer, seeded.batch.root, sorted, 1], gas: 30_000_000n, chain: null })
      .catch((e: unknown) => e);
    expect(sent, 'one transaction of all 1,000 revocations, sent with 30,000,000 gas').to.be.instanceOf(Error);
    expect((sent as Error).message).to.include('exceeds transaction gas cap of 16777216');
    expect(await head()).to.equal(before);

    const result = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: seeded.credentials.map((c) => c.id), reason: 1 });
    expect(result.changes.map((c) => c.index), 'changes in the order asked').to.deep.equal(indices);
    expect(result.changes.every((c) => c.outcome === 'changed')).to.equal(true);

    // Halving: the whole is over the cap, each half is under it.
    const transactions = await transactionsOf(chain, result);
    expect(result.transactions).to.equal(2);
    expect(transactions).to.have.length(2);
    for (const transaction of transactions) {
      expect(transaction.status).to.equal('success');
      expect(transaction.gasLimit <= DEFAULT_MAX_GAS_PER_TRANSACTION, `gas limit ${transaction.gasLimit}`).to.equal(true);
      expect(transaction.gasUsed <= DEFAULT_MAX_GAS_PER_TRANSACTION, `gas used ${transaction.gasUsed}`).to.equal(true);
    }
    expect(transactions.reduce((sum, t) => sum + t.gasUsed, 0n)).to.equal(result.gasUsed);
    expect(result.gasUsed > DEFAULT_MAX_GAS_PER_TRANSACTION, 'the revocation needs more than one transaction could hold').to.equal(true);

    // Every bit: the 1,000 revoked, their neighbours (same bitmap words, mostly) not.
    expect((await statesOf(seeded, indices)).every((state) => state.revoked && !state.suspended)).to.equal(true);
    const asked = new Set(indices);
    const neighbours = [...new Set(indices.flatMap((i) => [i - 1, i + 1]))].filter((i) => i >= 0 && i < SIZE && !asked.has(i));
    expect((await statesOf(seeded, neighbours)).some((state) => state.revoked)).to.equal(false);

    // Each credential's entry names the transaction that carried it; nothing is left unfinished.
    for (const change of result.changes) {
      expect(temp.store.journal.forCredential(change.credentialId).map((e) => [e.kind, e.state, e.txHash])).to.deep.equal([['revoke', 'confirmed', change.txHash]]);
    }
    expect(temp.store.journal.unfinished()).to.deep.equal([]);

    // A rerun has nothing to send.
    const settled = await head();
    const again = await revokeStoredCredentials({ store: temp.store, writer: chain.writer, credentials: seeded.credentials.map((c) => c.id), reason: 1 });
    expect(again.changes.every((c) => c.outcome === 'unchanged')).to.equal(true);
    expect(again.transactions).to.equal(0);
    expect(await head()).to.equal(settled);
  });

  it('keeps every transaction under a lower limit the issuer sets, for suspend and unsuspend alike', async () => {
    const indices = scatteredIndices(40, 100_000, 7);
    const seeded = await anchoredSparseBatch(chain, temp, 100_000, indices);
    const ids = seeded.credentials.map((c) => c.id);
    const maxGasPerTransaction = 300_000n;

    const suspended = await suspendStoredCredentials({ store: temp.store, writer: chain.writer, credentials: ids, maxGasPerTransaction });
    expect(suspended.transactions).to.be.greaterThan(1);
    const suspensions = await transactionsOf(chain, suspended);
    expect(suspensions).to.have.length(suspended.transactions);
    for (const { gasUsed } of suspensions) expect(gasUsed <= maxGasPerTransaction, `gas used ${gasUsed}`).to.equal(true);
    expect((await statesOf(seeded, indices)).every((state) => state.suspended)).to.equal(true);

    const unsuspended = await unsuspendStoredCredentials({ store: temp.store, writer: chain.writer, credentials: ids, maxGasPerTransaction });
    expect(unsuspended.transactions).to.be.greaterThan(1);
    for (const { gasUsed } of await transactionsOf(chain, unsuspended)) expect(gasUsed <= maxGasPerTransaction, `gas used ${gasUsed}`).to.equal(true);
    expect((await statesOf(seeded, indices)).some((state) => state.suspended)).to.equal(false);
    expect(temp.store.journal.unfinished()).to.deep.equal([]);
  });

  it('refuses, before sending anything, a credential whose change alone is over the limit, naming it', async () => {
    const seeded = await anchoredSparseBatch(chain, temp, 1_000, [3, 500, 900]);
    const before = await head();
    // One revocation in a fresh bitmap word costs about 50,000 gas, so no split fits under 40,000.
    const error = await revokeStoredCredentials({
      store: temp.store,
      writer: chain.writer,
      credentials: seeded.credentials.map((c) => c.id),
      maxGasPerTransaction: 40_000n,
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TransactionGasLimitError);
    const { subject, maxGas, estimate, message } = error as TransactionGasLimitError;
    expect(subject).to.equal(`revoking credential ${seeded.credentials[0]!.id} (index 3 of batch b1)`);
    expect(maxGas).to.equal(40_000n);
    expect(estimate! > 40_000n, `estimate ${estimate}`).to.equal(true);
    expect(message).to.include('over the limit of 40,000 gas per transaction');
    expect(await head(), 'nothing sent').to.equal(before);
    for (const { id } of seeded.credentials) expect(temp.store.journal.forCredential(id)).to.deep.equal([]);
  });
});

// A crash between two of a split write's transactions: the process is really killed (SIGKILL) at the named
// step of the first or second transaction, then run again. The journal keeps each transaction's credentials
// apart, so the rerun sends only what no transaction carried.
describe('issuer: a split status change killed between its transactions, then rerun', function () {
  this.timeout(180_000);
  let node: HardhatNode;
  let chain: TestChain;
  let temp: TempStore;

  before(async () => {
    node = await startHardhatNode();
    chain = await httpChain(node.url);
  });
  after(async () => {
    await node?.stop();
  });
  beforeEach(() => {
    temp = tempStore('microcred-gascap-crash-');
  });
  afterEach(() => temp.cleanup());

  // Four credentials in four bitmap words: one revocation costs ~50,000 gas, two ~75,000, four ~125,000,
  // so under 100,000 the write is two transactions of two.
  const INDICES = [900, 3, 600, 300];
  const MAX_GAS = '100000';

  function expectKilled(run: ChildRun) {
    expect(run.signal, `the child should have died at its failpoint; stderr:\n${run.stderr}`).to.equal('SIGKILL');
  }
  /** What the child printed: `revokeStoredCredentials`'s result as JSON. */
  function expectSuccess(run: ChildRun): { transactions: number; changes: { index: number; outcome: string; txHash?: Hex }[] } {
    expect(run.code, `the run failed; stderr:\n${run.stderr}`).to.equal(0);
    return JSON.parse(run.stdout) as never;
  }

  let batches = 0;
  async function prepare() {
    // A new batch (so a new root) each time: the node and its registry serve every case.
    const id = `b${++batches}`;
    const seeded = seedBatch(temp.store, temp.dir, { id, issuer: chain.accounts[0]!, size: 1_000, indices: INDICES });
    await anchorBatch(chain.writer, seeded.batch.issuer, seeded.batch.root, seeded.batch.size);
    const job: ChildJob = {
      command: 'revoke',
      storeDir: temp.dir,
      rpcUrl: node.url,
      registry: chain.registry.address,
      credentials: seeded.credentials.map((c) => c.id),
      maxGasPerTransaction: MAX_GAS,
    };
    // Sorted by index, the first transaction carries indices 3 and 300, the second 600 and 900.
    const byIndex = (index: number) => seeded.credentials.find((c) => c.index === index)!.id;
    const entries = (index: number) => temp.store.journal.forCredential(byIndex(index)).map((e) => e.state);
    const revocations = async () => {
      const logs = await chain.client.getContractEvents({
        address: chain.registry.address,
        abi: credentialRegistryAbi,
        eventName: 'CredentialRevoked',
        args: { issuer: seeded.batch.issuer, root: seeded.batch.root },
        fromBlock: 0n,
      });
      return logs.map((log) => ({ index: Number(log.args.index), txHash: log.transactionHash }));
    };
    return { job, entries, revocations };
  }

  const CASES = [
    {
      // The first transaction confirmed and journaled: the rerun sends the second only.
      failpoint: 'write-after-confirm',
      left: { first: ['confirmed'], second: [] as string[], onChain: [3, 300] },
      rerun: { first: 'unchanged', second: 'changed', sent: 1 },
      settled: { second: ['confirmed'] },
    },
    {
      // The second transaction recorded as intended, never sent: abandoned, then sent anew.
      failpoint: 'write-after-intent:2',
      left: { first: ['confirmed'], second: ['intent'], onChain: [3, 300] },
      rerun: { first: 'unchanged', second: 'changed', sent: 1 },
      settled: { second: ['abandoned', 'confirmed'] },
    },
    {
      // The second transaction sent, its hash never journaled: the registry's events name it; nothing is sent.
      failpoint: 'write-after-send:2',
      left: { first: ['confirmed'], second: ['intent'], onChain: [3, 300, 600, 900] },
      rerun: { first: 'unchanged', second: 'recovered', sent: 0 },
      settled: { second: ['confirmed'] },
    },
  ];

  for (const { failpoint, left, rerun, settled } of CASES) {
    it(`killed at ${failpoint}: the rerun sends only what no transaction carried, two transactions in all`, async () => {
      const { job, entries, revocations } = await prepare();
      expectKilled(await runChild(job, failpoint));
      for (const index of [3, 300]) expect(entries(index), `entries of ${index}`).to.deep.equal(left.first);
      for (const index of [600, 900]) expect(entries(index), `entries of ${index}`).to.deep.equal(left.second);
      expect((await revocations()).map((r) => r.index).sort((a, b) => a - b)).to.deep.equal(left.onChain);

      const before = await chain.client.getBlockNumber({ cacheTime: 0 });
      const result = expectSuccess(await runChild(job));
      expect(Number(await chain.client.getBlockNumber({ cacheTime: 0 }) - before), 'blocks mined by the rerun').to.equal(rerun.sent);
      expect(result.transactions).to.equal(rerun.sent);
      const outcomeOf = Object.fromEntries(result.changes.map((c) => [c.index, c.outcome]));
      expect(outcomeOf).to.deep.equal({ 3: rerun.first, 300: rerun.first, 600: rerun.second, 900: rerun.second });

      // Exactly one revocation per credential, in exactly two transactions, each journaled with its own.
      const onChain = await revocations();
      expect(onChain.map((r) => r.index).sort((a, b) => a - b)).to.deep.equal([3, 300, 600, 900]);
      const txOf = Object.fromEntries(onChain.map((r) => [r.index, r.txHash]));
      expect(txOf[3]).to.equal(txOf[300]);
      expect(txOf[600]).to.equal(txOf[900]);
      expect(txOf[3]).not.to.equal(txOf[600]);
      for (const index of [600, 900]) expect(entries(index)).to.deep.equal(settled.second);
      for (const change of result.changes) expect(change.txHash).to.equal(txOf[change.index]);
      expect(temp.store.journal.unfinished()).to.deep.equal([]);
    });
  }
});
