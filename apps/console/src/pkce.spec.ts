/// <reference types="jest" />
/// <reference types="node" />
import fc from 'fast-check';
import { fromBase64Url, randomText, s256, toBase64Url } from './pkce';

describe('the PKCE encodings of the console sign-in', () => {
  it('writes base64url without padding that reads back to the same bytes, as Buffer writes it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect([...fromBase64Url(text)]).toEqual([...bytes]);
      }),
    );
  });

  it("makes RFC 7636's S256 challenge (its appendix B example)", async () => {
    await expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes verifiers of 43 characters, the shortest RFC 7636 allows, none twice', () => {
    const seen = new Set(Array.from({ length: 200 }, () => randomText(32)));
    expect(seen.size).toBe(200);
    for (const v of seen) expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
