import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { failureKind, HttpClient } from './http-client';
import { fmt, now, progress } from './stats';

export interface LoadOptions {
  url: string;
  token: string;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
  /** Names are `${namePrefix}-${client}-${seq}`, unique per run */
  namePrefix: string;
  /** One enrol→details may take this long in all before it is given up and counted as an error. */
  opTimeoutMs?: number;
}

/** One complete enrolment measured inside the window. */
export interface Op {
  /** What enrol answered as url: the details secret (the client id is derived from it). */
  detailsSecret: string;
  /** Wall-clock ms (epoch, sub-ms precision) when the POST was sent and when details answered with the cert */
  startEpochMs: number;
  endEpochMs: number;
  totalMs: number;
  enrolMs: number;
  detailsMs: number;
  detailsCalls: number;
}

export interface LoadResult {
  concurrency: number;
  seconds: number;
  completed: number;
  perSecond: number;
  ops: Op[];
  /** Every non-2xx answer and every failed request over the whole run, warm-up included */
  errors: number;
  errorsByKind: Record<string, number>;
  /** Complete enrolments that were abandoned (timeout, 404, repeated failure) */
  abandoned: number;
  startedInWindow: number;
}

const epochMs = () => performance.timeOrigin + performance.now();

/**
 * `concurrency` virtual clients, each looping: POST /clientcontroller/enrol with a unique name, then
 * GET /informationservice/details/:id until it answers 200 with a certificate (the server itself waits
 * up to CERTPLANE_DETAILS_WAIT_MS and answers 503 after that; a 503 is counted and asked again).
 * Enrolments completing in [warm-up end, warm-up end + seconds] count; nothing new starts after that.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const opTimeoutMs = o.opTimeoutMs ?? 30_000;
  const http = new HttpClient(o.url, o.concurrency);
  const enrolHeaders = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' };
  const noHeaders = {};
  const errorsByKind: Record<string, number> = {};
  let errors = 0;
  let abandoned = 0;
  let startedInWindow = 0;
  const ops: Op[] = [];
  const fail = (kind: string) => {
    errors++;
    errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
  };

  const t0 = now();
  const windowStart = t0 + BigInt(Math.round(o.warmupSeconds * 1e9));
  const windowEnd = windowStart + BigInt(Math.round(o.seconds * 1e9));
  let lastCount = 0;
  let lastReport = windowStart;
  const reporter = setInterval(() => {
    const t = now();
    if (t < windowStart) return;
    const dt = Number(t - lastReport) / 1e9;
    progress(
      `  c${o.concurrency}: ${fmt(Number(t - windowStart) / 1e9, 0)}s ${ops.length} done, ${fmt((ops.length - lastCount) / dt, 1)}/s now, errors=${errors}`,
    );
    lastCount = ops.length;
    lastReport = t;
  }, 2000);
  reporter.unref();

  async function enrol(name: string, deadline: number): Promise<string | undefined> {
    try {
      const body = JSON.stringify({ name, topics: { insert: 'data', query: 'requests' } });
      const res = await http.send('POST', '/clientcontroller/enrol', enrolHeaders, body, deadline - Date.now());
      const text = res.text;
      if (res.status < 200 || res.status > 299) {
        fail(`enrol_${res.status}`);
        return undefined;
      }
      const id = (JSON.parse(text) as { url?: unknown }).url;
      if (typeof id !== 'string') {
        fail('enrol_bad_body');
        return undefined;
      }
      return id;
    } catch (e) {
      fail(`enrol_${failureKind(e)}`);
      return undefined;
    }
  }

  /** Resolves with the number of GETs it took, or undefined when the enrolment is abandoned. */
  async function details(id: string, deadline: number): Promise<number | undefined> {
    for (let calls = 1; ; calls++) {
      let retryAfterMs = 0;
      try {
        const res = await http.send(
          'GET',
          `/informationservice/details/${id}`,
          noHeaders,
          undefined,
          deadline - Date.now(),
        );
        const text = res.text;
        if (res.status >= 200 && res.status <= 299) {
          let cert: unknown;
          try {
            cert = (JSON.parse(text) as { cert?: unknown }).cert;
          } catch {
            cert = undefined;
          }
          if (typeof cert === 'string' && cert.startsWith('-----BEGIN CERTIFICATE-----')) return calls;
          fail('details_200_without_cert');
          retryAfterMs = 50;
        } else {
          fail(`details_${res.status}`);
          if (res.status === 404) return undefined; // the id is unknown: asking again will not help
          // 503 means the server already waited CERTPLANE_DETAILS_WAIT_MS; ask again at once.
          retryAfterMs = res.status === 503 ? 0 : 50;
        }
      } catch (e) {
        fail(`details_${failureKind(e)}`);
        retryAfterMs = 50;
      }
      if (Date.now() + retryAfterMs >= deadline) return undefined;
      if (retryAfterMs) await sleep(retryAfterMs);
    }
  }

  async function virtualClient(index: number): Promise<void> {
    for (let seq = 0; now() < windowEnd; seq++) {
      const start = now();
      const startEpochMs = epochMs();
      if (start >= windowStart) startedInWindow++;
      const deadline = Date.now() + opTimeoutMs;
      const id = await enrol(`${o.namePrefix}-${index}-${seq}`, deadline);
      if (id === undefined) {
        abandoned++;
        await sleep(50); // no hot loop against a failing server
        continue;
      }
      const enrolled = now();
      const calls = await details(id, deadline);
      const end = now();
      if (calls === undefined) {
        abandoned++;
        continue;
      }
      if (end >= windowStart && end <= windowEnd) {
        ops.push({
          detailsSecret: id,
          startEpochMs,
          endEpochMs: epochMs(),
          totalMs: Number(end - start) / 1e6,
          enrolMs: Number(enrolled - start) / 1e6,
          detailsMs: Number(end - enrolled) / 1e6,
          detailsCalls: calls,
        });
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: o.concurrency }, (_, i) => virtualClient(i)));
  } finally {
    clearInterval(reporter);
    http.close();
  }
  return {
    concurrency: o.concurrency,
    seconds: o.seconds,
    completed: ops.length,
    perSecond: ops.length / o.seconds,
    ops,
    errors,
    errorsByKind,
    abandoned,
    startedInWindow,
  };
}
