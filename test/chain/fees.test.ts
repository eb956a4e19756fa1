import { expect } from 'chai';
import { parseGwei } from 'viem';
import { type Fees, capFees, replacementFees } from '../../src/chain/fees.js';

const eip1559 = (maxFee: string, tip: string): Fees => ({ type: 'eip1559', maxFeePerGas: parseGwei(maxFee), maxPriorityFeePerGas: parseGwei(tip) });

describe('fees: replacing a transaction with the same nonce', () => {
  it('raises the cap and the tip by 12%, above the 10% nodes require', () => {
    expect(replacementFees(eip1559('10', '1'), undefined, parseGwei('100'))).to.deep.equal(eip1559('11.2', '1.12'));
    expect(replacementFees({ type: 'legacy', gasPrice: parseGwei('5') }, undefined, parseGwei('100'))).to.deep.equal({ type: 'legacy', gasPrice: parseGwei('5.6') });
  });

  it('goes at least to what the chain asks now, when that is more', () => {
    expect(replacementFees(eip1559('10', '1'), eip1559('30', '2'), parseGwei('100'))).to.deep.equal(eip1559('30', '2'));
  });

  it('holds at the ceiling while the least raise fits under it, and refuses once it does not', () => {
    expect(replacementFees(eip1559('10', '1'), undefined, parseGwei('11.1'))).to.deep.equal(eip1559('11.1', '1.12'));
    expect(replacementFees(eip1559('10', '1'), undefined, parseGwei('10.9'))).to.equal(undefined);
    expect(replacementFees({ type: 'legacy', gasPrice: parseGwei('10') }, undefined, parseGwei('10.99'))).to.equal(undefined);
  });

  it('raises a fee of a few wei by at least one wei, and leaves a zero tip at zero', () => {
    expect(replacementFees({ type: 'eip1559', maxFeePerGas: 7n, maxPriorityFeePerGas: 0n }, undefined, 100n)).to.deep.equal({ type: 'eip1559', maxFeePerGas: 8n, maxPriorityFeePerGas: 0n });
  });

  it('caps a first send at the ceiling', () => {
    expect(capFees(eip1559('10', '1'), parseGwei('4'))).to.deep.equal(eip1559('4', '1'));
    expect(capFees(eip1559('10', '5'), parseGwei('4'))).to.deep.equal(eip1559('4', '4'));
  });
});
