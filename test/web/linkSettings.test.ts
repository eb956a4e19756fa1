// The parts of the page's link handling and the server's headers that need no browser: what a query string
// proposes, and the headers derived from the page's own policy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { InvalidArgumentError } from '../../src/index.js';
import { pageSecurityHeaders } from '../../src/cli/web/securityHeaders.js';
import { SettingsError, proposedFields, readSettings } from '../../src/web/settings.js';
import { REPO_ROOT } from '../helpers/chain.js';

const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

describe('web page settings from a link (proposedFields)', () => {
  it('proposes only the fields the link names; `rpc` repeats, address lists repeat or hold commas', () => {
    expect(proposedFields(`?rpc=http://a&rpc=${encodeURIComponent('http://b/?x=1,2')}&registry=${A},${B}&registry=${A}`)).to.deep.equal({
      rpc: 'http://a\nhttp://b/?x=1,2',
      registries: `${A}\n${B}\n${A}`,
    });
    expect(proposedFields('')).to.deep.equal({});
    expect(proposedFields('?unrelated=1')).to.deep.equal({});
  });

  it('an empty parameter proposes an empty list rather than nothing', () => {
    expect(proposedFields('?trust=&accreditor=%20')).to.deep.equal({ trust: '', accreditors: '' });
  });

  it('accreditors are named by domain, DID or address (issue 13), and anything else is named with its line', () => {
    const read = readSettings({ rpc: 'http://a', trust: '', accreditors: `Quality.Example.org\ndid:web:agency.example.gov, ${A.toLowerCase()}`, registries: '' });
    expect(read.trust.accreditors).to.deep.equal(['quality.example.org', 'did:web:agency.example.gov', A]);
    const bad = () => readSettings({ rpc: 'http://a', trust: '', accreditors: `${A}\nnot an accreditor`, registries: '' });
    expect(bad).to.throw(SettingsError, 'Accreditors, line 2: "not" is not a domain (northfield.edu), a DID or an Ethereum address');
  });

  it('the registries field is checked like the address lists, and errors extend the project tree', () => {
    expect(readSettings({ rpc: 'http://a', trust: '', accreditors: '', registries: `${A.toLowerCase()}, ${B}` }).registries).to.deep.equal([A, B]);
    const bad = () => readSettings({ rpc: 'http://a', trust: '', accreditors: '', registries: `${A}\n0xnope` });
    expect(bad).to.throw(SettingsError, 'Registries you also accept, line 2: "0xnope" is not an Ethereum address');
    expect(bad).to.throw(InvalidArgumentError);
  });
});

describe('web page security headers (pageSecurityHeaders)', () => {
  it("adds frame-ancestors 'none' to the page's own meta policy, and the three other headers", () => {
    const html = readFileSync(path.join(REPO_ROOT, 'src/web/index.html'), 'utf8');
    const headers = pageSecurityHeaders(html);
    expect(headers['content-security-policy']).to.match(/^default-src 'self'; .*script-src 'self' 'wasm-unsafe-eval'.*; frame-ancestors 'none'$/);
    expect(headers).to.include({ 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' });
  });

  it('refuses a page with no policy, or two, rather than serve it without one', () => {
    expect(() => pageSecurityHeaders('<html><head></head></html>')).to.throw(InvalidArgumentError, 'found 0');
    const meta = `<meta http-equiv="Content-Security-Policy" content="default-src 'self'" />`;
    expect(() => pageSecurityHeaders(meta + meta)).to.throw(InvalidArgumentError, 'found 2');
  });
});
