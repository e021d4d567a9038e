import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bearer, eventually, Harness, startCertplane } from '../support/certplane-harness';
import { softHsmToken, type SoftHsmToken, takeTokenAway } from '../support/softhsm';
import { openssl } from './relying-party';

jest.setTimeout(120_000);

const CLIENTS = 8;

/**
 * The HSM unavailable mid-run (its token gone from SoftHSM2's store, as a network HSM dropping off): enrolments
 * go on being accepted, their certificates wait, and once the token is back every client gets exactly one
 * certificate, signed in the token, and nothing is lost.
 */
describe('the HSM unavailable while enrolments arrive (SoftHSM2, real Postgres, NATS and openssl)', () => {
  let hsm: SoftHsmToken;
  let h: Harness;
  let dir: string;
  let bringBack: (() => void) | undefined;
  beforeAll(async () => {
    hsm = softHsmToken();
    h = await startCertplane({
      env: { ...hsm.env, CERTPLANE_RECONCILE_AFTER_MS: '1000', CERTPLANE_DETAILS_WAIT_MS: '200' },
    });
    dir = mkdtempSync(join(tmpdir(), 'cp-hsm-away-'));
  });
  afterAll(async () => {
    bringBack?.();
    await h?.stop();
    hsm?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const certificateOf = async (id: string): Promise<string | undefined> => {
    const details = await h.call('GET', `/informationservice/details/${id}`);
    if (details.status === 200) return details.body.cert;
    expect(details).toMatchObject({ status: 503, body: { code: 'CERTIFICATE_PENDING' } });
    return undefined;
  };
  const issuedPerClient = async (): Promise<Map<string, number>> => {
    const rows: { stream_id: string; n: string }[] = await h.ds.query(
      `SELECT stream_id, count(*) AS n FROM events WHERE type = 'CertificateIssued' GROUP BY stream_id`,
    );
    return new Map(rows.map((r) => [r.stream_id, Number(r.n)]));
  };

  it('accepts enrolments while the token is away, and issues each exactly one certificate once it is back', async () => {
    const before = await h.call(
      'POST',
      '/clientcontroller/enrol',
      { name: 'hsm-away-0', topics: { insert: 'data' } },
      bearer(h),
    );
    expect(before.status).toBe(200);
    await eventually(async () => certificateOf(before.body.url), 20_000, 'a certificate before the outage');

    bringBack = takeTokenAway(hsm);
    const enrolled = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        h.call('POST', '/clientcontroller/enrol', { name: `hsm-away-${i + 1}`, topics: { insert: 'data' } }, bearer(h)),
      ),
    );
    expect(enrolled.map((e) => e.status)).toEqual(Array(CLIENTS).fill(200));
    const ids: string[] = enrolled.map((e) => e.body.url);
    // Long enough for the issuer to try each, the reconciler too: nothing can be signed meanwhile.
    await sleep(3_000);
    for (const id of ids) expect(await certificateOf(id)).toBeUndefined();
    const [{ n: issuedDuring }] = await h.ds.query(`SELECT count(*) AS n FROM events WHERE type = 'CertificateIssued'`);
    expect(Number(issuedDuring)).toBe(1);

    bringBack();
    bringBack = undefined;
    const certificates = await eventually(
      async () => {
        const all = await Promise.all(ids.map(certificateOf));
        return all.every(Boolean) ? (all as string[]) : undefined;
      },
      60_000,
      'every enrolment issued after the token is back',
    );
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, (await h.call('GET', '/pki/ca')).text);
    for (const [i, pem] of certificates.entries()) {
      const file = join(dir, `client-${i}.pem`);
      writeFileSync(file, pem);
      expect((await openssl(['verify', '-CAfile', ca, file])).stdout).toContain(`${file}: OK`);
    }

    // Nothing twice: let retries that were in flight land, then count per client.
    await sleep(2_000);
    const perClient = await issuedPerClient();
    expect(perClient.size).toBe(CLIENTS + 1);
    expect([...perClient.values()].every((n) => n === 1)).toBe(true);
  });
});
