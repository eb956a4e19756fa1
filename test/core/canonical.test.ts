import { expect } from 'chai';
import { InvalidArgumentError, canonicalJson } from '../../src/core/index.js';

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: 'x', '€': 1, '\u0080': 2, '1': true })).to.equal('{"1":true,"a":"x","b":[3,{"a":null,"z":1}],"\u0080":2,"€":1}');
  });

  it('writes numbers in ECMAScript shortest form (RFC 8785 §3.2.2.3 examples)', () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 333333333.3333333, 1.0, 4.5e-324])).to.equal('[1e+21,1e-7,0.000001,0,333333333.3333333,1,5e-324]');
  });

  it('refuses what JSON cannot carry exactly', () => {
    expect(() => canonicalJson({ a: Number.NaN })).to.throw(InvalidArgumentError);
    expect(() => canonicalJson('\ud800')).to.throw(InvalidArgumentError);
    expect(() => canonicalJson(undefined)).to.throw(InvalidArgumentError);
  });
});
