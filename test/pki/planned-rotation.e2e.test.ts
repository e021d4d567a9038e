import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCertificateAuthority } from '@certplane/pki';
import { bearer, clientIdOf, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { enrolClient, openssl } from './relying-party';

jest.setTimeout(90_000);

const DAY_MS = 86_400_000;

/**
 * CERTPLANE_CA_ROTATE_AT_REMAINING: a CA with 9% of its life left warns on /health/ready while nothing rotates
 * it; started again with the setting at 20%, certplane makes and activates a successor, renewals move clients
 * to it, and the warning is gone. The metric shows the active issuer's remaining life throughout.
 */
describe('planned rotation of the issuer (real Postgres, NATS and openssl)', () => {
  let first: Harness;
  let second: Harness | undefined;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cp-planned-'));
    // Ten of its eleven days gone: 1/11 of its life left.
    const { material } = await createCertificateAuthority({
      validityDays: 11,
      now: new Date(Date.now() - 10 * DAY_MS),
    });
    writeFileSync(join(dir, 'ca.pem'), material.certificatePem);
    writeFileSync(join(dir, 'ca.key'), material.privateKeyPem, { mode: 0o600 });
    env = { CERTPLANE_CA_CERT_FILE: join(dir, 'ca.pem'), CERTPLANE_CA_KEY_FILE: join(dir, 'ca.key') };
    first = await startCertplane({ env });
  });
  afterAll(async () => {
    await second?.stopApp();
    await first?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const remainingMetric = async (h: Harness) => {
    const text = (await h.call('GET', '/metrics')).text;
    return Number(/^certplane_ca_remaining_life_ratio (\S+)$/m.exec(text)?.[1]);
  };

  it('warns while the active issuer is near its end and nothing rotates it', async () => {
    const ready = await first.call('GET', '/health/ready');
    expect(ready.body.status).toBe('warn');
    expect(ready.body.checks['ca:remainingLife'][0]).toMatchObject({
      status: 'warn',
      observedUnit: 'percent',
      observedValue: expect.any(Number),
    });
    expect(ready.body.checks['ca:remainingLife'][0].observedValue).toBeLessThan(10);
    const ratio = await remainingMetric(first);
    expect(ratio).toBeGreaterThan(0.08);
    expect(ratio).toBeLessThan(0.1);
    expect((await first.call('GET', '/pki/issuers', undefined, bearer(first))).body).toHaveLength(1);
  });

  it('with CERTPLANE_CA_ROTATE_AT_REMAINING=20%, makes and activates a successor at start; renewals move clients to it', async () => {
    const client = await enrolClient(first, dir, 'planned-1');
    const oldIssuer = (await openssl(['x509', '-in', client.certFile, '-noout', '-issuer'])).stdout;
    await first.stopApp();
    second = await startCertplane({
      database: first.db,
      bus: first.bus,
      env: { ...env, CERTPLANE_CA_ROTATE_AT_REMAINING: '20%' },
    });
    const h = second;
    const issuers = await eventually(
      async () => {
        const list = (await h.call('GET', '/pki/issuers', undefined, bearer(h))).body;
        return list.length === 2 && list[1].status === 'active' ? list : undefined;
      },
      20_000,
      'a successor issuer',
    );
    expect(issuers.map((i: { kind: string; status: string }) => [i.kind, i.status])).toEqual([
      ['existing', 'superseded'],
      ['root', 'active'],
    ]);
    expect(await remainingMetric(h)).toBeGreaterThan(0.99);
    const ready = await h.call('GET', '/health/ready');
    expect(ready.body.checks['ca:remainingLife'][0].status).toBe('pass');

    const renewed = await h.call('POST', `/clients/${clientIdOf(client.id)}/certificate/renew`, {}, bearer(h));
    expect(renewed.status).toBeLessThan(300);
    const newCert = await eventually(
      async () => {
        const d = await h.call('GET', `/informationservice/details/${client.id}`);
        if (d.status !== 200) return undefined;
        writeFileSync(join(dir, 'renewed.pem'), d.body.cert);
        const issuer = (await openssl(['x509', '-in', join(dir, 'renewed.pem'), '-noout', '-issuer'])).stdout;
        return issuer !== oldIssuer ? issuer : undefined;
      },
      20_000,
      'the renewed certificate from the successor',
    );
    expect(newCert).toContain(`certplane CA ${issuers[1].id.slice(0, 8)}`);
    writeFileSync(join(dir, 'bundle.pem'), (await h.call('GET', '/pki/ca')).text);
    expect((await openssl(['verify', '-CAfile', join(dir, 'bundle.pem'), join(dir, 'renewed.pem')])).stdout).toContain(
      ': OK',
    );
    expect((await openssl(['verify', '-CAfile', join(dir, 'bundle.pem'), client.certFile])).stdout).toContain(': OK');
  });
});
