import { clientIdForDetailsSecret } from '@certplane/domain';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { createCertificateAuthority } from '@certplane/pki';
import { pollUntil } from '../support/wait';
import { Deployment, Proc } from './deployment';

jest.setTimeout(90_000);

/** The base64 body of a PEM block: what would give a key away even without its armour lines. */
const pemBody = (pem: string) => pem.split('\n').filter((l) => l && !l.startsWith('-----'));

/**
 * A full flow on the three apps as separate processes, logging at trace, with every secret of
 * the run known to the test: the api token (and a wrong one), the encryption key, the CA's
 * private key (given as files), the client key details hands out, and a CSR sent in a body.
 * None of them may appear in any process's output; the request and correlation ids must follow
 * the enrolment from the api's request line to the issuer's and the projector's lines.
 */
describe('operability: structured logs carry the request and correlation ids, and never a secret', () => {
  let d: Deployment;
  let dir: string;
  let caKeyPem: string;
  let api: Proc;
  const requestId = `req-${randomBytes(6).toString('hex')}`;
  const correlationId = `corr-${randomBytes(6).toString('hex')}`;
  const wrongToken = 'wrong-token-' + randomBytes(16).toString('hex');
  const csrBody = randomBytes(96).toString('base64');
  const csr = `-----BEGIN CERTIFICATE REQUEST-----\n${csrBody}\n-----END CERTIFICATE REQUEST-----\n`;
  let clientKeyPem: string;
  let clientId: string;
  let detailsSecret: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-logs-'));
    const { material } = await createCertificateAuthority({ validityDays: 30 });
    caKeyPem = material.privateKeyPem;
    writeFileSync(join(dir, 'ca.pem'), material.certificatePem);
    writeFileSync(join(dir, 'ca.key'), material.privateKeyPem, { mode: 0o600 });
    d = await Deployment.create('oplogs', {
      CERTPLANE_LOG_LEVEL: 'trace',
      CERTPLANE_CA_CERT_FILE: join(dir, 'ca.pem'),
      CERTPLANE_CA_KEY_FILE: join(dir, 'ca.key'),
    });
    api = await d.start('api', 'api');
    // The api migrated; the workers find the schema in place and start side by side.
    await Promise.all([d.start('cert-issuer', 'cert-issuer'), d.start('projector', 'projector')]);

    await d.explained(async () => {
      const enrolled = await api.call('POST', '/clientcontroller/enrol', {
        body: { name: 'logged', topics: { insert: 'data' } },
        headers: { ...d.bearer(), 'x-request-id': requestId, 'x-correlation-id': correlationId },
      });
      expect(enrolled.status).toBe(200);
      expect(enrolled.headers.get('x-request-id')).toBe(requestId);
      expect(enrolled.headers.get('x-correlation-id')).toBe(correlationId);
      detailsSecret = enrolled.body.url;
      clientId = clientIdForDetailsSecret(detailsSecret);
      const details = await pollUntil(
        'details',
        async () => {
          const r = await api.call('GET', `/informationservice/details/${detailsSecret}`);
          return r.status === 200 ? r : undefined;
        },
        { timeoutMs: 20_000 },
      );
      clientKeyPem = details.body.key;
      expect(clientKeyPem).toMatch(/BEGIN PRIVATE KEY/);
      // Refused requests carrying secrets: a wrong token, and a CSR in a body the endpoint does not take.
      expect(
        (
          await api.call('POST', '/clientcontroller/enrol', {
            body: { name: 'x', topics: { a: 'b' } },
            headers: { authorization: `Bearer ${wrongToken}` },
          })
        ).status,
      ).toBe(401);
      expect(
        (
          await api.call('POST', '/clientcontroller/enrol', {
            body: { name: 'with-csr', topics: { a: 'b' }, csr },
            headers: d.bearer(),
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await api.call('POST', '/clientcontroller/leave', {
            body: { name: 'logged' },
            headers: { ...d.bearer(), 'x-correlation-id': `${correlationId}-leave` },
          })
        ).status,
      ).toBe(200);
      const pg = new PgClient({ connectionString: d.db.url });
      await pg.connect();
      try {
        await pollUntil(
          'the revocation in the read model',
          async () => {
            const { rows } = await pg.query(`SELECT status FROM rm_certificates WHERE client_id = $1`, [clientId]);
            return rows[0]?.status === 'revoked' ? true : undefined;
          },
          { timeoutMs: 20_000 },
        );
      } finally {
        await pg.end();
      }
      // Stop them all, so that every line is out.
      for (const p of d.procs)
        expect(await p.run.stop(15_000).then(() => p.run.exited)).toEqual({ code: 0, signal: null });
    });
  });

  afterAll(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const lines = (app: string) => d.procs.filter((p) => p.app === app).flatMap((p) => p.run.logLines());

  it('writes only JSON lines, from every process', () => {
    for (const p of d.procs) {
      const text = p.run.stdout.trim().split('\n');
      expect(text.length).toBeGreaterThan(10);
      for (const line of text) expect(() => JSON.parse(line)).not.toThrow();
    }
  });

  it('never writes a private key, a token, the encryption key, a CSR or a details secret, at trace level', () => {
    const output = d.procs.map((p) => p.run.stdout + p.run.stderr).join('\n');
    const secrets: Record<string, string[]> = {
      'the api token': [d.token],
      'a wrong token': [wrongToken],
      'the encryption key': [d.encryptionKey],
      "the CA's private key": pemBody(caKeyPem),
      "the client's private key": pemBody(clientKeyPem),
      'the CSR': [csrBody],
      "the client's details secret": [detailsSecret],
    };
    for (const [what, values] of Object.entries(secrets))
      for (const value of values) expect({ what, found: output.includes(value) }).toEqual({ what, found: false });
    expect(output).not.toMatch(/PRIVATE KEY|CERTIFICATE REQUEST/);
  });

  it("carries the request's ids from the api's request line to the issuer's and the projector's lines", () => {
    const apiLine = lines('api').find(
      (l) => l.msg === 'request completed' && l.req?.url === '/clientcontroller/enrol' && l.res?.statusCode === 200,
    );
    expect(apiLine).toMatchObject({ requestId, correlationId, role: 'api', responseTime: expect.any(Number) });
    expect(apiLine).not.toHaveProperty('req.headers');

    const issuer = lines('cert-issuer').filter((l) => l.correlationId === correlationId);
    expect(issuer.map((l) => l.msg)).toEqual(expect.arrayContaining(['certificate issued', 'event handled']));
    for (const l of issuer)
      expect(l).toMatchObject({ requestId, consumer: 'cert-issuer', eventId: expect.any(String) });

    const projected = lines('projector').filter((l) => l.msg === 'event handled' && l.correlationId === correlationId);
    // The enrolment and the certificate the issuer appended for it: the request id travelled through both events.
    expect(projected.map((l) => l.type).sort()).toEqual(['CertificateIssued', 'ClientEnrolled']);
    for (const l of projected)
      expect(l).toMatchObject({ requestId, consumer: 'projector', streamId: `client-${clientId}` });

    // The leave had its own correlation id, and no request id of the enrolment.
    const revoked = lines('cert-issuer').find((l) => l.msg === 'certificates revoked');
    expect(revoked).toMatchObject({ correlationId: `${correlationId}-leave` });
    expect(revoked!.requestId).not.toBe(requestId);
  });
});
