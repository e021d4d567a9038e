import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { enrolClient, openssl } from './relying-party';

jest.setTimeout(60_000);

const PUBLIC_URL = 'https://certplane.example.com';

/** CERTPLANE_CA_PUBLIC_URL: new certificates name their own issuer's CRL and the OCSP responder. */
describe('CRL distribution point and OCSP responder in certificates (real Postgres, NATS and openssl)', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startCertplane({ env: { CERTPLANE_CA_PUBLIC_URL: PUBLIC_URL } });
    dir = mkdtempSync(join(tmpdir(), 'cp-cdp-'));
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const urlsOf = async (certFile: string) => {
    const text = (await openssl(['x509', '-in', certFile, '-noout', '-text'])).stdout;
    return {
      crl: /X509v3 CRL Distribution Points:[\s\S]*?URI:(\S+)/.exec(text)?.[1],
      ocsp: /OCSP - URI:(\S+)/.exec(text)?.[1],
    };
  };

  it("names the active issuer's CRL, and the next issuer's once it is active", async () => {
    const [first] = (await h.call('GET', '/pki/issuers', undefined, bearer(h))).body;
    const before = await enrolClient(h, dir, 'cdp-before');
    expect(await urlsOf(before.certFile)).toEqual({
      crl: `${PUBLIC_URL}/pki/issuers/${first.id}/crl`,
      ocsp: `${PUBLIC_URL}/pki/ocsp`,
    });
    const created = await h.call('POST', '/pki/issuers', {}, bearer(h));
    expect((await h.call('POST', `/pki/issuers/${created.body.id}/activate`, {}, bearer(h))).status).toBe(200);
    const after = await enrolClient(h, dir, 'cdp-after');
    expect((await urlsOf(after.certFile)).crl).toBe(`${PUBLIC_URL}/pki/issuers/${created.body.id}/crl`);
  });
});
