import { request } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { fmt, progress } from './stats';

/**
 * Issue #5's "revocation takes effect within one second of the CertificateRevoked event, without a restart":
 * for each round, a client enrols and fetches its certificate; its renewal with revokeOld revokes the old one;
 * the old certificate then calls GET /health over mTLS, each call a new TLS connection, until it is refused. The
 * figure is the time from the CertificateRevoked event's recordedAt (from GET /clients/:id/events) to the first
 * refusal, so it covers the relay, the bus, the projector and the api's check.
 */
export interface MtlsRevocationOptions {
  url: string;
  tlsUrl: string;
  token: string;
  rounds?: number;
  /** Bound on waiting for one refusal (default 10 s) */
  timeoutMs?: number;
}

export interface MtlsRevocationResult {
  /** ms from CertificateRevoked to the first refused connection, one per completed round */
  lagMs: number[];
  errors: number;
  errorsByKind: Record<string, number>;
}

interface Credentials {
  ca: string;
  cert: string;
  key: string;
}

export async function runMtlsRevocation(o: MtlsRevocationOptions): Promise<MtlsRevocationResult> {
  const rounds = o.rounds ?? 20;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const auth = { authorization: `Bearer ${o.token}` };
  const errorsByKind: Record<string, number> = {};
  let errors = 0;
  const fail = (kind: string) => {
    errors++;
    errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
  };
  const json = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${o.url}${path}`, {
      ...init,
      headers: { ...auth, 'content-type': 'application/json' },
      signal: AbortSignal.timeout(30_000),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  };
  const lagMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    try {
      const created = await json('/clients', {
        method: 'POST',
        body: JSON.stringify({ name: `mtls-revocation-${i}` }),
      });
      if (created.status !== 201) {
        fail(`create_${created.status}`);
        continue;
      }
      const id: string = created.body.id;
      const detailsPath = `/informationservice/details/${String(created.body.url)}`;
      const details = await json(detailsPath);
      if (details.status !== 200) {
        fail(`details_${details.status}`);
        continue;
      }
      const old: Credentials = { ca: details.body.ca, cert: details.body.cert, key: details.body.key };
      if ((await mtlsStatus(o.tlsUrl, old)) !== 200) {
        fail('accepted_before_not_200');
        continue;
      }
      const renewed = await json(`/clients/${id}/certificate/renew`, {
        method: 'POST',
        body: JSON.stringify({ revokeOld: true }),
      });
      if (renewed.status !== 202) {
        fail(`renew_${renewed.status}`);
        continue;
      }
      const started = Date.now();
      let refusedAt: number | undefined;
      while (refusedAt === undefined && Date.now() - started < timeoutMs) {
        if ((await mtlsStatus(o.tlsUrl, old)) === 401) refusedAt = Date.now();
      }
      if (refusedAt === undefined) {
        fail('never_refused');
        continue;
      }
      const events = await json(`/clients/${id}/events`);
      const revoked = (events.body?.events ?? []).find((e: { type: string }) => e.type === 'CertificateRevoked');
      if (!revoked) {
        fail('no_revocation_event');
        continue;
      }
      lagMs.push(refusedAt - Date.parse(revoked.recordedAt));
    } catch (e) {
      fail(`round_${(e as Error).name}`);
    }
    await sleep(20);
  }
  progress(
    `mtls revocation: ${lagMs.length} of ${rounds} rounds, CertificateRevoked → refused ${lagMs.map((m) => fmt(m, 0)).join(' ')} ms; errors=${errors}`,
  );
  return { lagMs, errors, errorsByKind };
}

/** GET /health with a client certificate over a new TLS connection; its status. */
function mtlsStatus(tlsUrl: string, c: Credentials): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${tlsUrl}/health`,
      { agent: false, ca: c.ca, cert: c.cert, key: c.key, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
