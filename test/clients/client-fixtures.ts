import { webcrypto } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x509 } from '@certplane/pki';
import { bearer, eventually, Harness } from '../support/certplane-harness';

/** A CSR made here, with a key only the test holds; it may ask for things the profile must ignore. */
export async function makeCsr(opts: { extensions?: x509.Extension[]; name?: string } = {}) {
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: opts.name ?? 'CN=from-the-csr',
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: opts.extensions,
  });
  const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
  return { pem: csr.toString('pem'), der: new Uint8Array(csr.rawData), spki, keys };
}

/** Details secrets by client id, as POST /clients handed them out (certplane keeps only the id). */
const detailsSecrets = new Map<string, string>();

export function clientApi(h: Harness) {
  const auth = bearer(h);
  return {
    create: async (body: unknown, headers: Record<string, string> = {}) => {
      const r = await h.call('POST', '/clients', body, { ...auth, ...headers });
      if (r.status === 201) detailsSecrets.set(r.body.id, String(r.body.url));
      return r;
    },
    get: (id: string, query = '') => h.call('GET', `/clients/${id}${query}`, undefined, auth),
    list: (query = '') => h.call('GET', `/clients${query}`, undefined, auth),
    patch: (id: string, body: unknown) => h.call('PATCH', `/clients/${id}`, body, auth),
    remove: (id: string) => h.call('DELETE', `/clients/${id}`, undefined, auth),
    disable: (id: string) => h.call('POST', `/clients/${id}/disable`, undefined, auth),
    enable: (id: string) => h.call('POST', `/clients/${id}/enable`, undefined, auth),
    renew: (id: string, body?: unknown) => h.call('POST', `/clients/${id}/certificate/renew`, body, auth),
    register: (id: string, certificate: unknown) => h.call('PUT', `/clients/${id}/certificate`, { certificate }, auth),
    certificates: (id: string) => h.call('GET', `/clients/${id}/certificates`, undefined, auth),
    events: (id: string) => h.call('GET', `/clients/${id}/events`, undefined, auth),
    inventory: (query = '') => h.call('GET', `/certificates${query}`, undefined, auth),
    /** Details of a client created here, by its id (the secret is looked up), or by a secret. */
    details: (idOrSecret: string) =>
      h.call('GET', `/informationservice/details/${detailsSecrets.get(idOrSecret) ?? idOrSecret}`),
  };
}

/**
 * Streams in the store: a rejected create must not start one. Counting events instead would race
 * with the issuer, which appends to earlier clients' streams in the background.
 */
export async function streamCount(h: Harness): Promise<number> {
  const [{ n }] = await h.ds.query(`SELECT count(*)::int AS n FROM streams`);
  return n;
}

/** Waits until the client's certificates (from its own stream) satisfy the check, and returns them. */
export function waitForCertificates(
  h: Harness,
  id: string,
  check: (items: any[]) => boolean,
  what: string,
): Promise<any[]> {
  return eventually(
    async () => {
      const r = await clientApi(h).certificates(id);
      return r.status === 200 && check(r.body.items) ? r.body.items : undefined;
    },
    15_000,
    what,
  );
}

/** Waits until the read models have applied every event of the client's stream. */
export function waitForProjection(h: Harness, id: string): Promise<true> {
  return eventually(
    async () => {
      const [{ version }] = await h.ds.query(`SELECT version FROM streams WHERE stream_id = $1`, [`client-${id}`]);
      const rows = await h.ds.query(
        `SELECT projection, version FROM projection_stream_versions WHERE stream_id = $1 AND projection IN ('clients', 'certificates')`,
        [`client-${id}`],
      );
      return rows.length === 2 && rows.every((r: { version: number }) => r.version === version)
        ? (true as const)
        : undefined;
    },
    15_000,
    `read models of client ${id}`,
  );
}

/** `openssl verify` of a certificate against the CA, as a relying party would check it. */
export function opensslVerify(caPem: string, certPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cp-clients-'));
  try {
    writeFileSync(join(dir, 'ca.pem'), caPem);
    writeFileSync(join(dir, 'c.pem'), certPem);
    return execFileSync('openssl', [
      'verify',
      '-CAfile',
      join(dir, 'ca.pem'),
      '-purpose',
      'sslclient',
      join(dir, 'c.pem'),
    ]).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const ERROR = (statusCode: number, code: string) => ({ statusCode, code, message: expect.any(String) });
