import { expect } from 'chai';
import { ChainUnreachableError, RegistryRevertedError } from '../../src/chain/errors.js';
import { TransactionGasLimitError } from '../../src/node/issuer/errors.js';
import { splitByGas } from '../../src/node/issuer/splitByGas.js';

// The splitter alone, against a stand-in for the node: each item costs its own value in gas, on top of a
// transaction's 21,000; the chain-backed tests are in gasCap.test.ts.
const BASE = 21_000n;
const costOf = (part: readonly number[]) => part.reduce((sum, item) => sum + BigInt(item), BASE);

function estimator(answer: (part: readonly number[]) => bigint = costOf) {
  const asked: number[][] = [];
  return {
    asked,
    estimateGas: async (part: readonly number[]) => {
      asked.push([...part]);
      return answer(part);
    },
  };
}
const describeItem = (item: number) => `item ${item}`;

describe('splitByGas', () => {
  it('keeps a write that fits whole, after one estimate', async () => {
    const node = estimator();
    expect(await splitByGas({ items: [1, 2, 3], maxGas: 100_000n, estimateGas: node.estimateGas, describe: describeItem })).to.deep.equal([[1, 2, 3]]);
    expect(node.asked).to.deep.equal([[1, 2, 3]]);
  });

  it('halves what is over the limit, keeps the order, every part under it, 2k - 1 estimates for k parts', async () => {
    const items = Array.from({ length: 10 }, (_, i) => 10_000 + i);
    const node = estimator();
    const parts = await splitByGas({ items, maxGas: 60_000n, estimateGas: node.estimateGas, describe: describeItem });
    expect(parts.flat()).to.deep.equal(items);
    for (const part of parts) expect(costOf(part) <= 60_000n, `part ${part}`).to.equal(true);
    // 10 -> 5 + 5 -> (3 + 2) + (3 + 2): 21,000 + 3 x ~10,000 fits in 60,000, 5 items don't.
    expect(parts.map((part) => part.length)).to.deep.equal([3, 2, 3, 2]);
    expect(node.asked).to.have.length(2 * parts.length - 1);
  });

  it('takes a refused estimate (the node cannot fit it within its own cap) as over the limit', async () => {
    const node = estimator((part) => {
      if (part.length > 2) throw new Error('Transaction ran out of gas');
      return costOf(part);
    });
    const parts = await splitByGas({ items: [1, 2, 3, 4], maxGas: 1_000_000n, estimateGas: node.estimateGas, describe: describeItem });
    expect(parts).to.deep.equal([[1, 2], [3, 4]]);
  });

  it('names the first item that is over the limit alone, with the estimate, before planning the rest', async () => {
    const node = estimator();
    const error = await splitByGas({ items: [1, 50_000, 2, 60_000], maxGas: 40_000n, estimateGas: node.estimateGas, describe: describeItem }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TransactionGasLimitError);
    expect(error).to.include({ subject: 'item 50000', maxGas: 40_000n, estimate: 71_000n });
    expect((error as Error).message).to.match(/^Item 50000 needs 71,000 gas on its own, over the limit of 40,000 gas per transaction/);
  });

  it('names an item the node refuses to estimate alone, with the node\'s answer as the cause', async () => {
    const refusal = new Error('gas required exceeds allowance (16777216)');
    const node = estimator((part) => {
      if (part.includes(7)) throw refusal;
      return costOf(part);
    });
    const error = await splitByGas({ items: [1, 7], maxGas: 1_000_000n, estimateGas: node.estimateGas, describe: describeItem }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(TransactionGasLimitError);
    expect(error).to.include({ subject: 'item 7', estimate: undefined, cause: refusal });
    expect((error as Error).message).to.include('needs more than the node allows in one transaction');
    expect((error as Error).message).to.include('Details: gas required exceeds allowance (16777216)');
  });

  it('keeps a part the registry refuses whole, for the send to report and journal', async () => {
    const node = estimator(() => {
      throw new RegistryRevertedError('CredentialRegistryUnauthorized', ['0x1', '0x2', 2n]);
    });
    expect(await splitByGas({ items: [1, 2, 3], maxGas: 100_000n, estimateGas: node.estimateGas, describe: describeItem })).to.deep.equal([[1, 2, 3]]);
    expect(node.asked).to.have.length(1);
  });

  it('stops at a chain that cannot be used, without halving', async () => {
    const unreachable = new ChainUnreachableError('eip155:31337');
    const node = estimator(() => {
      throw unreachable;
    });
    expect(await splitByGas({ items: [1, 2, 3, 4], maxGas: 100_000n, estimateGas: node.estimateGas, describe: describeItem }).catch((e: unknown) => e)).to.equal(unreachable);
    expect(node.asked).to.have.length(1);
  });

  it('plans nothing for nothing', async () => {
    const node = estimator();
    expect(await splitByGas({ items: [], maxGas: 100_000n, estimateGas: node.estimateGas, describe: describeItem })).to.deep.equal([]);
    expect(node.asked).to.deep.equal([]);
  });
});
