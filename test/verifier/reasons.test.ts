import { expect } from 'chai';
import { REASON_CODES, reasonInWords } from '../../src/verifier/reasons.js';
import { parseReason, reasonCodes } from '../../scripts/cli/reasons.js';

describe('verifier: revocation and suspension reasons in words', () => {
  it('names every code the CLI writes, in words a person reads', () => {
    expect(Object.keys(REASON_CODES).map((name) => [name, reasonInWords(parseReason(name))])).to.deep.equal([
      ['unspecified', 'no reason given'],
      ['issued-in-error', 'issued in error'],
      ['superseded', 'superseded'],
      ['fraud', 'fraud'],
      ['holder-request', "at the holder's request"],
      ['under-review', 'under review'],
    ]);
  });

  it('shows a code without a name as its number rather than guessing', () => {
    expect(reasonInWords(17)).to.equal('reason code 17');
    expect(reasonInWords(255)).to.equal('reason code 255');
  });

  it('the CLI accepts the same names and codes as before (its wording comes from the SDK)', () => {
    expect(reasonCodes).to.equal(REASON_CODES);
    expect(parseReason('superseded')).to.equal(2);
    expect(parseReason('200')).to.equal(200);
    expect(() => parseReason('256')).to.throw('--reason: "256" is neither a code 0-255 nor one of unspecified, issued-in-error, superseded, fraud, holder-request, under-review');
  });
});
