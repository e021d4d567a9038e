/**
 * Optional preload for the certplane process (`node -r dist/bench/query-count.preload.js`), used when the
 * benchmark runs with BENCH_QUERY_COUNT=<file>. It counts the statements certplane sends to Postgres, by
 * statement text, between the same two SIGWINCHs that bound the CPU profile (the c64 window), and writes
 * them as JSON to BENCH_QUERY_COUNT_OUT: Postgres here has no pg_stat_statements, and round trips per
 * enrolment are what the node-postgres client (which does not pipeline) pays for.
 */
import { writeFileSync } from 'node:fs';

const out = process.env.BENCH_QUERY_COUNT_OUT;
if (out) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
  const original = pg.Client.prototype.query;
  let counts: Map<string, number> | undefined;
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    if (counts) {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 120);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return original.apply(this, args);
  };
  process.on('SIGWINCH', () => {
    if (!counts) {
      counts = new Map();
      return;
    }
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    counts = undefined;
    writeFileSync(out, JSON.stringify(sorted, null, 1));
  });
}
