import fc from 'fast-check';
import { isDetailsPath, redactUrl } from './details-path';

const hex = fc.stringMatching(/^[0-9a-f]{32}$/);

/** A spelling of the details path a lenient router or proxy might take for it: case, escapes, doubled slashes, dot segments. */
const spelling = (secret: string) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 64, maxLength: 64 }),
      fc.constantFrom('/', '//', '/./', '/x/../', '/%2e/', '%2F', '%252F'),
      fc.constantFrom('', '/', '?x=1', '/./', '#f', ';x'),
    )
    .map(([how, slash, tail]) => {
      const text = `/informationservice${slash}details${slash}${secret}`;
      const mangled = [...text]
        .map((c, i) =>
          how[i] === 1 ? c.toUpperCase() : how[i] === 2 && /[a-z]/i.test(c) ? `%${c.charCodeAt(0).toString(16)}` : c,
        )
        .join('');
      return mangled + tail;
    });

describe('details path', () => {
  it('is recognised, and its secret redacted, in every spelling', () => {
    fc.assert(
      fc.property(
        hex.chain((secret) => fc.tuple(fc.constant(secret), spelling(secret))),
        ([secret, url]) => {
          expect(isDetailsPath(url)).toBe(true);
          expect(redactUrl(url).toLowerCase()).not.toContain(secret);
          expect(redactUrl(url)).toMatch(/details\/\[redacted\]$/i);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("drops the query of the console's OIDC callback, in any spelling: it carries the authorization code", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{10,60}$/),
        fc.constantFrom(
          '/console/oidc-callback',
          '/CONSOLE/OIDC-CALLBACK',
          '/console/%6fidc-callback',
          '//console/oidc-callback/',
        ),
        fc.constantFrom('?', '#', '?state=s&'),
        (code, path, before) => {
          const url = `${path}${before}${before === '#' ? '' : 'code='}${code}`;
          expect(redactUrl(url)).not.toContain(code);
          expect(redactUrl(url)).toMatch(/\?\[redacted\]$/);
        },
      ),
    );
    expect(redactUrl('/console/oidc-callback')).toBe('/console/oidc-callback');
    expect(redactUrl('/console/clients?search=web')).toBe('/console/clients?search=web');
  });

  it('keeps the canonical form and other paths as they were', () => {
    expect(redactUrl('/informationservice/details/d0c8ae0ae920f4ed78b2b8725dffdb74')).toBe(
      '/informationservice/details/[redacted]',
    );
    expect(redactUrl('/informationservice/details/abc?x=1')).toBe('/informationservice/details/[redacted]');
    expect(redactUrl('/clients/d0c8ae0ae920f4ed78b2b8725dffdb74?limit=5')).toBe(
      '/clients/d0c8ae0ae920f4ed78b2b8725dffdb74?limit=5',
    );
    expect(isDetailsPath('/clients/d0c8ae0ae920f4ed78b2b8725dffdb74')).toBe(false);
    expect(redactUrl('/informationservice/details/%zz')).toBe('/informationservice/details/[redacted]');
  });
});
