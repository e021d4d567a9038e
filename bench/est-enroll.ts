import { Agent, request } from 'node:https';
import { x509 } from '@certplane/pki';
import { now, secondsSince, summarize, Summary } from './stats';

/**
 * Issue #17's est_enroll_per_s_c16: EST simpleenroll over HTTPS, a CSR in and a certificate out, 16 at a
 * time. One-use tokens and the CSRs are made up front, so the window holds only the enrolments: token
 * check, enrolment, issuance and the certs-only PKCS#7 answer. Each virtual client keeps its connection.
 */
export interface EstEnrollOptions {
  url: string;
  tlsUrl: string;
  token: string;
  count: number;
  concurrency: number;
}

export interface EstEnrollResult {
  completed: number;
  seconds: number;
  perSecond: number;
  latencyMs: Summary;
  errors: number;
  errorsByKind: Record<string, number>;
}

interface Enrolment {
  token: string;
  name: string;
  csrBase64: string;
}

export async function runEstEnroll(o: EstEnrollOptions): Promise<EstEnrollResult> {
  const ca = await (await fetch(`${o.url}/pki/ca`)).text();
  const prefix = `est-bench-${Date.now().toString(36)}`;
  const enrolments: Enrolment[] = [];
  for (let i = 0; i < o.count; i++) enrolments.push(await prepare(o, `${prefix}-${i}`));

  const errorsByKind: Record<string, number> = {};
  const latencies: number[] = [];
  let next = 0;
  const t0 = now();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1, ca });
      for (let e = enrolments[next++]; e; e = enrolments[next++]) {
        const started = now();
        const answer = await simpleenroll(o.tlsUrl, agent, e).catch((err: Error & { code?: string }) => ({
          status: 0,
          kind: err.code ?? err.message,
        }));
        if (answer.status === 200) latencies.push(Number(now() - started) / 1e6);
        else errorsByKind[answer.kind] = (errorsByKind[answer.kind] ?? 0) + 1;
      }
      agent.destroy();
    }),
  );
  const seconds = secondsSince(t0);
  const errors = Object.values(errorsByKind).reduce((a, b) => a + b, 0);
  return {
    completed: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    latencyMs: summarize(latencies),
    errors,
    errorsByKind,
  };
}

async function prepare(o: EstEnrollOptions, name: string): Promise<Enrolment> {
  const res = await fetch(`${o.url}/enrolment-tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (res.status !== 201) throw new Error(`POST /enrolment-tokens answered ${res.status}: ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [name] }],
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return { token, name, csrBase64: Buffer.from(csr.rawData).toString('base64') };
}

function simpleenroll(tlsUrl: string, agent: Agent, e: Enrolment): Promise<{ status: number; kind: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${tlsUrl}/.well-known/est/simpleenroll`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/pkcs10',
          authorization: `Basic ${Buffer.from(`${e.name}:${e.token}`).toString('base64')}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('latin1');
          // A certificate in a certs-only PKCS#7 or it does not count.
          const ok = res.statusCode === 200 && new x509.X509Certificates(Buffer.from(body, 'base64')).length === 1;
          resolve({ status: ok ? 200 : (res.statusCode ?? 0), kind: `status_${res.statusCode}` });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(e.csrBase64);
  });
}
