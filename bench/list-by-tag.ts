import { setTimeout as sleep } from 'node:timers/promises';
import { fmt, now, nsToMs, progress } from './stats';

/**
 * Issue #3's figure: "1,000 clients listed by tag in under a second". Creates `tagged` clients carrying `tag`
 * (and `untagged` others, interleaved, so the filter has something to leave out) through POST /clients with
 * bounded concurrency, waits until the read model lists all of them (`limit=1` probe, bounded), then times
 * GET /clients?tag=…&limit=100&offset=k*100 page by page, sequentially. The cert-issuer keeps issuing the new
 * clients' certificates in the background meanwhile: listing reads the read model, not the certificates.
 */
export interface ListByTagOptions {
  url: string;
  token: string;
  tag: string;
  /** Clients carrying the tag (default 1000) */
  tagged?: number;
  /** Clients without it, half with no tags and half with another tag (default 200) */
  untagged?: number;
  concurrency?: number;
  pageSize?: number;
  /** Bound on waiting for the read model to list every tagged client (default 60 s) */
  settleTimeoutMs?: number;
}

export interface ListByTagResult {
  tagged: number;
  untagged: number;
  /** Created with 201 */
  created: number;
  createMs: number;
  /** From the end of the creation until the `limit=1` probe first saw total = tagged (NaN if it never did) */
  settleMs: number;
  /** Sum of the timed pages; NaN when any page failed its checks */
  listMs: number;
  pageMs: number[];
  /** Non-201 creations, failed requests and failed page checks */
  errors: number;
  errorsByKind: Record<string, number>;
}

export async function runListByTag(o: ListByTagOptions): Promise<ListByTagResult> {
  const tagged = o.tagged ?? 1000;
  const untagged = o.untagged ?? 200;
  const concurrency = o.concurrency ?? 32;
  const pageSize = o.pageSize ?? 100;
  const settleTimeoutMs = o.settleTimeoutMs ?? 60_000;
  const headers = { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' };
  const errorsByKind: Record<string, number> = {};
  let errors = 0;
  const fail = (kind: string) => {
    errors++;
    errorsByKind[kind] = (errorsByKind[kind] ?? 0) + 1;
  };

  // Interleaved: one client without the tag after every tagged/untagged ones, so tagged rows are not contiguous.
  const bodies: object[] = [];
  const every = untagged > 0 ? Math.max(1, Math.floor(tagged / untagged)) : Infinity;
  let u = 0;
  for (let i = 0; i < tagged; i++) {
    bodies.push({ name: `list-${i}`, tags: [o.tag] });
    if ((i + 1) % every === 0 && u < untagged) {
      bodies.push(u % 2 === 0 ? { name: `nolist-${u}` } : { name: `nolist-${u}`, tags: [`${o.tag}-other`] });
      u++;
    }
  }
  for (; u < untagged; u++) bodies.push({ name: `nolist-${u}` });

  let created = 0;
  let next = 0;
  const t0 = now();
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      try {
        const res = await fetch(`${o.url}/clients`, {
          method: 'POST',
          headers,
          body: JSON.stringify(bodies[i]),
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        if (res.status === 201) created++;
        else fail(`create_${res.status}`);
      } catch (e) {
        fail(`create_${(e as Error).name}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const createMs = nsToMs(now() - t0);
  progress(
    `list by tag: created ${created} of ${bodies.length} clients (${tagged} tagged "${o.tag}") in ${fmt(createMs, 0)} ms, c${concurrency}; errors=${errors}`,
  );

  const base = `${o.url}/clients?tag=${encodeURIComponent(o.tag)}`;
  const getJson = async (url: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(url, {
      headers: { authorization: headers.authorization },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body };
  };

  // The read model follows the event store by a moment: wait until it lists every tagged client.
  const t1 = now();
  let settleMs = NaN;
  let lastTotal: unknown;
  while (nsToMs(now() - t1) < settleTimeoutMs) {
    try {
      const r = await getJson(`${base}&limit=1`);
      lastTotal = (r.body as { total?: unknown } | undefined)?.total;
      if (r.status === 200 && lastTotal === tagged) {
        settleMs = nsToMs(now() - t1);
        break;
      }
    } catch {
      // asked again below
    }
    await sleep(100);
  }
  if (!Number.isFinite(settleMs)) {
    fail('settle_timeout');
    progress(
      `list by tag: the read model listed total=${JSON.stringify(lastTotal)} after ${fmt(settleTimeoutMs / 1000, 0)} s, not ${tagged}; not timing the listing`,
    );
    return { tagged, untagged, created, createMs, settleMs, listMs: NaN, pageMs: [], errors, errorsByKind };
  }

  // The figure: every tagged client, page by page, one request after the other.
  const pageMs: number[] = [];
  const seen = new Set<string>();
  let ok = true;
  const pages = Math.ceil(tagged / pageSize);
  for (let k = 0; k < pages; k++) {
    const expected = Math.min(pageSize, tagged - k * pageSize);
    const ts = now();
    let r: { status: number; body: unknown };
    try {
      r = await getJson(`${base}&limit=${pageSize}&offset=${k * pageSize}`);
    } catch (e) {
      fail(`list_${(e as Error).name}`);
      ok = false;
      continue;
    }
    pageMs.push(nsToMs(now() - ts));
    const page = r.body as { items?: { id?: unknown; tags?: unknown }[]; total?: unknown } | undefined;
    if (r.status !== 200) {
      fail(`list_${r.status}`);
      ok = false;
    } else if (!Array.isArray(page?.items) || page.items.length !== expected || page.total !== tagged) {
      fail('list_wrong_page');
      ok = false;
      progress(
        `list by tag: page ${k} has ${Array.isArray(page?.items) ? page.items.length : 'no'} items, total=${JSON.stringify(page?.total)}; expected ${expected} and ${tagged}`,
      );
    } else {
      for (const item of page.items) {
        if (!Array.isArray(item.tags) || !item.tags.includes(o.tag)) fail('list_item_without_tag');
        if (typeof item.id === 'string') seen.add(item.id);
      }
    }
  }
  if (ok && seen.size !== tagged) {
    fail('list_duplicates_or_missing_ids');
    progress(`list by tag: ${seen.size} distinct ids over all pages, expected ${tagged}`);
    ok = false;
  }
  const listMs = ok && !errorsByKind.list_item_without_tag ? pageMs.reduce((a, b) => a + b, 0) : NaN;
  return { tagged, untagged, created, createMs, settleMs, listMs, pageMs, errors, errorsByKind };
}
