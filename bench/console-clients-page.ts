import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';
import { fmt, now, nsToMs, progress, sortedAsc, summarize } from './stats';

/** Debian's chromium, as the browser tests use it; without it the page itself is not timed. */
const CHROMIUM = '/usr/bin/chromium';

/**
 * Issue #20's figure: "a page with 10,000 clients loads in under a second (paged server-side)".
 * Creates `clients` clients carrying `tag` through POST /clients/bulk in batches of 1,000, waits
 * until the read model lists them all, then times what the console's clients page asks for the first
 * page (GET /clients?tag=…&limit=25), `samples` times one after the other; and, with Chromium
 * present, the page itself: from navigating to /console/clients?tag=… (signed in) until its table
 * shows the 25 rows of the first page of all of them.
 */
export interface ConsoleClientsPageOptions {
  url: string;
  token: string;
  tag: string;
  clients?: number;
  samples?: number;
  settleTimeoutMs?: number;
}

export interface ConsoleClientsPageResult {
  clients: number;
  created: number;
  createMs: number;
  /** The first page's API call, p50 and slowest over the samples (NaN when a page was wrong) */
  apiP50Ms: number;
  apiMaxMs: number;
  /** Navigation to the 25 rows shown, the best and the slowest of the samples; NaN without Chromium */
  pageMs: number;
  pageMaxMs: number;
  errors: number;
}

const BATCH = 1000;
const PAGE = 25;

export async function runConsoleClientsPage(o: ConsoleClientsPageOptions): Promise<ConsoleClientsPageResult> {
  const total = o.clients ?? 10_000;
  const samples = o.samples ?? 20;
  const auth = { authorization: `Bearer ${o.token}` };
  let errors = 0;
  let created = 0;
  const t0 = now();
  for (let first = 0; first < total; first += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, total - first) }, (_, i) => ({
      name: `${o.tag}-${String(first + i).padStart(5, '0')}`,
      tags: [o.tag],
    }));
    const res = await fetch(`${o.url}/clients/bulk`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(batch),
      signal: AbortSignal.timeout(120_000),
    });
    await res.arrayBuffer();
    if (res.status === 201) created += batch.length;
    else errors++;
  }
  const createMs = nsToMs(now() - t0);
  progress(`console clients page: created ${created} clients in batches of ${BATCH} in ${fmt(createMs / 1000, 1)} s`);

  const firstPage = `${o.url}/clients?tag=${encodeURIComponent(o.tag)}&limit=${PAGE}`;
  const ask = async () => {
    const res = await fetch(firstPage, { headers: auth, signal: AbortSignal.timeout(30_000) });
    return {
      status: res.status,
      body: (await res.json().catch(() => undefined)) as { items?: unknown[]; total?: number },
    };
  };
  const deadline = Date.now() + (o.settleTimeoutMs ?? 120_000);
  while ((await ask().catch(() => undefined))?.body?.total !== created) {
    if (Date.now() > deadline) {
      progress(`console clients page: the read model did not list all ${created} clients in time; not timed`);
      return {
        clients: total,
        created,
        createMs,
        apiP50Ms: NaN,
        apiMaxMs: NaN,
        pageMs: NaN,
        pageMaxMs: NaN,
        errors: errors + 1,
      };
    }
    await sleep(200);
  }

  const apiMs: number[] = [];
  let wrong = false;
  for (let i = 0; i < samples; i++) {
    const ts = now();
    const r = await ask();
    apiMs.push(nsToMs(now() - ts));
    if (r.status !== 200 || r.body.items?.length !== PAGE || r.body.total !== created) wrong = true;
  }
  if (wrong) errors++;
  const api = summarize(apiMs);

  let pageTimes: number[] = [];
  if (existsSync(CHROMIUM))
    pageTimes = await timePage(o, created, Math.min(samples, 5)).catch((e: Error) => {
      progress(`console clients page: the browser failed: ${e.message}`);
      errors++;
      return [];
    });
  else progress(`console clients page: no Chromium at ${CHROMIUM}; the page itself is not timed`);
  const sorted = sortedAsc(pageTimes);
  return {
    clients: total,
    created,
    createMs,
    apiP50Ms: wrong ? NaN : api.p50,
    apiMaxMs: wrong ? NaN : Math.max(...apiMs),
    pageMs: sorted.length ? sorted[0] : NaN,
    pageMaxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
    errors,
  };
}

/** Each sample a fresh tab, signed in (the token put in sessionStorage before the page's scripts run). */
async function timePage(o: ConsoleClientsPageOptions, created: number, samples: number): Promise<number[]> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext();
    await context.addInitScript(`sessionStorage.setItem('certplane.token', ${JSON.stringify(o.token)})`);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const page = await context.newPage();
      const ts = now();
      await page.goto(`${o.url}/console/clients?tag=${encodeURIComponent(o.tag)}`);
      await page
        .getByTestId('clients')
        .locator('caption')
        .filter({ hasText: `${created} clients, 1–${PAGE} shown` })
        .waitFor({ timeout: 30_000 });
      times.push(nsToMs(now() - ts));
      if ((await page.getByTestId('clients').locator('tbody tr').count()) !== PAGE) throw new Error('not 25 rows');
      await page.close();
    }
    return times;
  } finally {
    await browser.close();
  }
}
