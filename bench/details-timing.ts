import { setTimeout as sleep } from 'node:timers/promises';
import { describeMs, now, nsToMs, progress, summarize, Summary } from './stats';

/**
 * Issue #5's timing oracle, measured where timing belongs (not in tests): one client enrolled and
 * issued, then `samples` rounds of details for its secret (hit), for an unknown secret (miss) and
 * for a malformed one, interleaved so drift in the machine's load hits all three alike. The gap
 * between the hit and miss means is what an attacker timing details would have to work with.
 */
export interface DetailsTimingResult {
  hit: Summary;
  miss: Summary;
  malformed: Summary;
  /** mean(hit) - mean(miss), ms */
  gapMs: number;
  errors: number;
}

export async function runDetailsTiming(o: {
  url: string;
  token: string;
  samples?: number;
}): Promise<DetailsTimingResult> {
  const samples = o.samples ?? 200;
  let errors = 0;
  const enrolled = await fetch(`${o.url}/clientcontroller/enrol`, {
    method: 'POST',
    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `timing-${Date.now()}`, topics: { insert: 'data' } }),
  });
  const secret = ((await enrolled.json()) as { url: string }).url;
  const unknown = [...secret].reverse().join('') === secret ? '0'.repeat(32) : [...secret].reverse().join('');
  const timed = async (id: string, expected: number): Promise<number> => {
    const t0 = now();
    const res = await fetch(`${o.url}/informationservice/details/${id}`, { signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    if (res.status !== expected) errors++;
    return nsToMs(now() - t0);
  };
  // The certificate first, so every hit below is a plain read.
  for (let i = 0; i < 50; i++) {
    const first = await fetch(`${o.url}/informationservice/details/${secret}`);
    await first.arrayBuffer();
    if (first.status === 200) break;
    await sleep(100);
  }
  const hit: number[] = [];
  const miss: number[] = [];
  const malformed: number[] = [];
  for (let i = 0; i < samples; i++) {
    hit.push(await timed(secret, 200));
    miss.push(await timed(unknown, 404));
    malformed.push(await timed('not-a-details-secret', 404));
  }
  const result = { hit: summarize(hit), miss: summarize(miss), malformed: summarize(malformed), gapMs: 0, errors };
  result.gapMs = result.hit.mean - result.miss.mean;
  progress(`details timing: hit ${describeMs(result.hit)}`);
  progress(`details timing: miss ${describeMs(result.miss)}`);
  progress(`details timing: malformed ${describeMs(result.malformed)}`);
  return result;
}
