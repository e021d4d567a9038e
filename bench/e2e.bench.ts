import { clientIdForDetailsSecret } from '@certplane/domain';
/**
 * `npm run bench`: how fast certplane turns an enrolment into a certificate, next to what the machine's
 * crypto could do at best. Runs against the machine's real Postgres and NATS JetStream on a fresh database
 * and fresh stream names, and leaves nothing behind. Progress lines first; the LAST line is key=value pairs.
 *
 *   BENCH_SECONDS          measured seconds per e2e run (default 10)
 *   BENCH_WARMUP_SECONDS   warm-up before each e2e run (default 2)
 *   BENCH_RAW_SECONDS      node crypto baseline (default 2)
 *   BENCH_ISSUE_SECONDS    libs/pki issuing (default 3)
 *   BENCH_ISSUE_WARMUP_SECONDS  issuing before it is measured, for V8 to optimise the encoder (default 2)
 *   (the same raw and issue seconds again for each of P-384, RSA-2048 and Ed25519: raw_per_s_<type>,
 *   issue_per_s_<type>, issue_ratio_<type>, beside the P-256 figures raw_per_s, issue_per_s, issue_ratio)
 *   BENCH_SIGNING_THREADS  threads of the signing pool measured as issue_per_s_pool (default: one per core)
 *                          (issue_per_s_hsm: the same load with the CA key in SoftHSM2, signing through PKCS#11)
 *   BENCH_POSTGRES_URL     admin URL (default postgres://postgres@127.0.0.1:5432/postgres)
 *   BENCH_NATS_URL         (default nats://127.0.0.1:4222)
 *   BENCH_CPU_PROFILE      write a .cpuprofile of the certplane process during the c64 window to this file
 *   BENCH_QUERY_COUNT      write the statements certplane sent to Postgres during the c64 window, counted by text, to this file
 *   BENCH_CERTPLANE_NODE_ARGS  extra node flags for the certplane process (space separated)
 *   BENCH_CERTPLANE_ENV    JSON object of extra certplane environment, e.g. '{"CERTPLANE_DB_POOL_SIZE":"20"}'
 *   BENCH_EST_COUNT        EST simpleenroll enrolments measured as est_enroll_per_s_c16 (default 400)
 *
 * After the c64 run, the same certplane process answers issue #3's "1,000 clients listed by tag in under a
 * second": 1,000 tagged clients (and 200 others) are created through POST /clients, and the 10 pages of
 * GET /clients?tag=…&limit=100 are timed one after the other (list_1000_by_tag_ms). Then issue #5's timing
 * oracle: details for a known, an unknown and a malformed id, interleaved (details_hit_ms, details_miss_ms:
 * means; details_gap_ms: their difference, ~0 when misses cannot be told from hits by their timing).
 *
 * Then issue #17's est_enroll_per_s_c16: BENCH_EST_COUNT one-use tokens and CSRs made up front, then EST
 * simpleenroll over HTTPS, 16 at a time, each answered with its certificate (bench/est-enroll.ts). The
 * enrolment floor (CERTPLANE_ENROLMENT_MIN_ANSWER_MS, 250 ms as deployed) holds it to at most 64/s.
 *
 * Then issue #5's "revocation within one second": 20 rounds of renew-with-revokeOld, timing from each
 * CertificateRevoked event to the first mTLS connection the old certificate is refused on (mtls_revocation_max_ms).
 *
 * Then issue #20's "a page with 10,000 clients loads in under a second (paged server-side)": 10,000 clients
 * created through POST /clients/bulk in batches of 1,000, then the console's first clients page: its API call
 * (console_clients_page_api_ms_10k, p50 of 20) and, with Debian's chromium, the page in a browser from navigation
 * to its 25 rows shown (console_clients_page_ms_10k, the best of 5; bench/console-clients-page.ts).
 *
 * Last, with that process stopped, one more c1 run (same warm-up and BENCH_SECONDS) against a certplane of its
 * own (fresh database and stream) started with CERTPLANE_DETAILS_MIN_ANSWER_MS=0: e2e_per_s_c1_nofloor and
 * p50_ms_c1_nofloor. The main figures keep the floor, as deployed, which holds e2e_per_s_c1 to about 20/s;
 * this one shows the pipeline's own sequential latency underneath it.
 *
 * The load generator (bench/load.ts) speaks node:http over one keep-alive connection per virtual client: it
 * shares the cores with certplane, so it should cost as little as the light Go tool the Go CA was measured with.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCertplaneProcess, CertplaneProcess } from './certplane-process';
import { cpuDelta, CpuDelta, cpuSnapshot } from './cpu-meter';
import { measureRawCrypto } from './crypto-baseline';
import { measureHsmIssueRate, measureIssueRate, measurePoolIssueRate } from './issue-rate';
import { keyTypeRateFields, measureKeyTypeRates } from './key-type-rates';
import { DetailsTimingResult, runDetailsTiming } from './details-timing';
import { ListByTagResult, runListByTag } from './list-by-tag';
import { ConsoleClientsPageResult, runConsoleClientsPage } from './console-clients-page';
import { MtlsRevocationResult, runMtlsRevocation } from './mtls-revocation';
import { EstEnrollResult, runEstEnroll } from './est-enroll';
import { LoadResult, runLoad } from './load';
import { summarizeProfile } from './profile-summary';
import {
  benchServices,
  BenchDatabase,
  checkNats,
  createBenchDatabase,
  deleteStream,
  freePort,
  uniqueBusNames,
  withAdmin,
} from './services';
import { describeMs, fmt, progress, summarize } from './stats';

const num = (name: string, def: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const v = Number(raw);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return v;
};

interface RunReport {
  load: LoadResult;
  cpu: CpuDelta;
  stages?: StageTimes;
}

interface StageTimes {
  matched: number;
  /** request sent → enrol transaction started (HTTP, Nest, guard, validation, pool wait) */
  toEnrolTx: number[];
  /** enrol transaction started → issuer's append transaction started (commit, relay, NATS, issuer load + crypto) */
  toIssuedTx: number[];
  /** issuer's append started → details answered with the cert (commit, relay, NATS, projector, details poll, HTTP) */
  toAnswer: number[];
}

async function main(): Promise<void> {
  const seconds = num('BENCH_SECONDS', 10);
  const warmup = num('BENCH_WARMUP_SECONDS', 2);
  const rawSeconds = num('BENCH_RAW_SECONDS', 2);
  const issueSeconds = num('BENCH_ISSUE_SECONDS', 3);
  // Issuing encodes DER in JS: cold it costs more than once V8 has optimised it.
  const issueWarmup = num('BENCH_ISSUE_WARMUP_SECONDS', 2);
  const signingThreads = process.env.BENCH_SIGNING_THREADS ? num('BENCH_SIGNING_THREADS', 1) : undefined;
  const services = benchServices();
  const profileFile = process.env.BENCH_CPU_PROFILE ? resolve(process.env.BENCH_CPU_PROFILE) : undefined;
  const queryCountFile = process.env.BENCH_QUERY_COUNT ? resolve(process.env.BENCH_QUERY_COUNT) : undefined;
  const extraEnv = process.env.BENCH_CERTPLANE_ENV
    ? (JSON.parse(process.env.BENCH_CERTPLANE_ENV) as Record<string, string>)
    : {};
  const nodeArgs = (process.env.BENCH_CERTPLANE_NODE_ARGS ?? '').split(' ').filter(Boolean);

  const c = cpus();
  progress(
    `certplane bench: node ${process.version}, ${c.length} cpu(s) ${c[0]?.model ?? ''}, loadavg ${loadavg()
      .map((l) => fmt(l, 2))
      .join(' ')}`,
  );
  progress(
    `postgres ${redact(services.postgresAdminUrl)}, nats ${services.natsUrl}; e2e ${warmup}s warm-up + ${seconds}s per concurrency`,
  );
  if (Object.keys(extraEnv).length) progress(`extra certplane env: ${JSON.stringify(extraEnv)}`);

  // Fail before measuring anything if a service is missing.
  await withAdmin(services.postgresAdminUrl, (cl) => cl.query('SELECT 1'));
  await checkNats(services.natsUrl);

  // 1. The ceiling: node's own crypto, before certplane is running, on a quiet process.
  progress(`raw crypto: P-256 keygen + ECDSA-SHA256 sign, sync, ${rawSeconds}s …`);
  const raw = measureRawCrypto(rawSeconds, 0.5);
  progress(
    `raw crypto: ${raw.ops} ops in ${fmt(raw.seconds, 2)}s = ${fmt(raw.perSecond)}/s (${fmt(raw.cpuMsPerOp, 3)} cpu-ms/op)`,
  );

  // 2. certplane's pki: a complete client certificate with a new key, one at a time.
  progress(
    `pki issue: issueClientCertificate with a new key, sequential, ${issueWarmup}s warm-up then ${issueSeconds}s …`,
  );
  const issue = await measureIssueRate(issueSeconds, issueWarmup);
  progress(
    `pki issue: ${issue.ops} certs in ${fmt(issue.seconds, 2)}s = ${fmt(issue.perSecond)}/s (${fmt(issue.cpuMsPerOp, 3)} cpu-ms/cert, all threads)`,
  );
  progress(
    `pki issue on the signing pool (libs/issuance CertificateSigner), ${issueWarmup}s warm-up then ${issueSeconds}s …`,
  );
  const pool = await measurePoolIssueRate(issueSeconds, issueWarmup, signingThreads);
  progress(
    `pki issue pool: ${pool.ops} certs in ${fmt(pool.seconds, 2)}s on ${pool.threads} thread(s) = ${fmt(pool.perSecond)}/s = ${fmt(pool.perSecond / issue.perSecond, 2)}x one core`,
  );
  progress(`pki issue with the CA key in SoftHSM2 (PKCS#11), ${issueWarmup}s warm-up then ${issueSeconds}s …`);
  const hsm = await measureHsmIssueRate(issueSeconds, issueWarmup, signingThreads);
  progress(
    hsm
      ? `pki issue hsm: ${hsm.ops} certs in ${fmt(hsm.seconds, 2)}s = ${fmt(hsm.perSecond)}/s = ${fmt(hsm.perSecond / pool.perSecond, 2)}x the pool`
      : 'pki issue hsm: SoftHSM2 is not installed, not measured',
  );
  progress(`pki issue per key type (profiles), ${rawSeconds}s raw and ${issueSeconds}s issuing each …`);
  const keyTypeRates = await measureKeyTypeRates(rawSeconds, issueSeconds, issueWarmup, progress);

  // 3. End to end, against a separate certplane process.
  const bus = uniqueBusNames();
  let db: BenchDatabase | undefined;
  let cp: CertplaneProcess | undefined;
  let peakRss = NaN;
  const runs: Record<number, RunReport> = {};
  let profileNote = '';
  let listByTag: ListByTagResult | undefined;
  let consolePage: ConsoleClientsPageResult | undefined;
  let detailsTiming: DetailsTimingResult | undefined;
  let revocation: MtlsRevocationResult | undefined;
  let estEnroll: EstEnrollResult | undefined;
  let noFloor: RunReport | undefined;
  let noFloorRun: { bus: ReturnType<typeof uniqueBusNames>; db?: BenchDatabase; cp?: CertplaneProcess } | undefined;
  let mainStreamDeleted = false;
  /** Stops the main certplane process, reads its database's statistics, drops it and deletes its stream; idempotent. */
  const teardownMain = async () => {
    if (cp) {
      const r = await cp
        .stop()
        .catch((e) => (progress(`stopping certplane failed: ${(e as Error).message}`), undefined));
      peakRss = cp.peakRssMb();
      if (r)
        progress(
          `certplane stopped (${r.killed ? 'SIGKILL after 10 s' : (r.signal ?? `exit ${r.code}`)}), peak RSS ${fmt(peakRss)} MB, ${cp.logLines()} log line(s)`,
        );
      cp = undefined;
    }
    if (db) {
      await databaseActivity(db.url).catch((e) =>
        progress(`could not read database statistics: ${(e as Error).message}`),
      );
      await dropDatabase(db);
      db = undefined;
    }
    if (!mainStreamDeleted) {
      mainStreamDeleted = true;
      await removeStream(services.natsUrl, bus.streamName);
    }
  };
  const cleanup = async () => {
    await teardownMain();
    if (noFloorRun) {
      const run = noFloorRun;
      noFloorRun = undefined;
      if (run.cp) {
        const r = await run.cp
          .stop()
          .catch((e) => (progress(`stopping the floorless certplane failed: ${(e as Error).message}`), undefined));
        if (r)
          progress(`floorless certplane stopped (${r.killed ? 'SIGKILL after 10 s' : (r.signal ?? `exit ${r.code}`)})`);
      }
      if (run.db) await dropDatabase(run.db);
      await removeStream(services.natsUrl, run.bus.streamName);
    }
  };
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    progress('interrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    db = await createBenchDatabase(services.postgresAdminUrl);
    const port = await freePort();
    const tlsPort = await freePort();
    progress(`starting certplane all-in-one on :${port} (database ${db.name}, stream ${bus.streamName}) …`);
    const t0 = process.hrtime.bigint();
    cp = await startCertplaneProcess({
      databaseUrl: db.url,
      natsUrl: services.natsUrl,
      streamName: bus.streamName,
      subjectPrefix: bus.subjectPrefix,
      port,
      tlsPort,
      nodeArgs: [
        ...nodeArgs,
        ...(profileFile ? ['-r', resolve(__dirname, 'cpu-profile.preload.js')] : []),
        ...(queryCountFile ? ['-r', resolve(__dirname, 'query-count.preload.js')] : []),
      ],
      extraEnv: {
        ...extraEnv,
        ...(profileFile ? { BENCH_CPU_PROFILE_OUT: profileFile } : {}),
        ...(queryCountFile ? { BENCH_QUERY_COUNT_OUT: queryCountFile } : {}),
      },
    });
    progress(
      `certplane pid ${cp.pid} answering after ${fmt(Number(process.hrtime.bigint() - t0) / 1e6, 0)} ms, RSS ${fmt(cp.currentRssMb())} MB`,
    );

    for (const concurrency of [1, 64]) {
      if (interrupted) return;
      const profiling = (profileFile !== undefined || queryCountFile !== undefined) && concurrency === 64;
      progress(`e2e c${concurrency}: ${concurrency} virtual client(s), ${warmup}s warm-up then ${seconds}s …`);
      const { load, cpu } = await loadWithCpu(cp, db.name, {
        concurrency,
        warmupSeconds: warmup,
        seconds,
        namePrefix: `b${bus.streamName.slice(-10)}-c${concurrency}`,
        onWindowEdge: profiling ? (proc) => proc.signal('SIGWINCH') : undefined,
      });
      reportRun(`c${concurrency}`, load, cpu);
      progress(`  certplane RSS now ${fmt(cp.currentRssMb())} MB, peak so far ${fmt(cp.peakRssMb())} MB`);
      runs[concurrency] = { load, cpu };
      if (cp.exitedEarly())
        throw new Error(`certplane exited during the c${concurrency} run: ${JSON.stringify(cp.exitedEarly())}`);
      if (profiling && profileFile) profileNote = await reportProfile(profileFile);
      if (profiling && queryCountFile) await reportQueryCount(queryCountFile, load.completed);
    }

    // Issue #3: 1,000 clients listed by tag, after (not during) the e2e windows, against the same process.
    if (interrupted) return;
    progress('list by tag: creating 1000 clients tagged "bench-list" and 200 others via POST /clients, c32 …');
    listByTag = await runListByTag({
      url: cp.url,
      token: cp.token,
      tag: 'bench-list',
      tagged: 1000,
      untagged: 200,
      concurrency: 32,
      pageSize: 100,
    });
    {
      const l = listByTag;
      const pages = l.pageMs.map((m) => fmt(m, 0)).join(' ');
      progress(
        `list by tag: read model listed all ${l.tagged} after ${fmt(l.settleMs, 0)} ms; ${l.pageMs.length} pages of 100 in ${fmt(l.listMs, 1)} ms (${pages} ms); ` +
          `errors=${l.errors}${l.errors ? ' ' + JSON.stringify(l.errorsByKind) : ''}`,
      );
    }
    if (cp.exitedEarly())
      throw new Error(`certplane exited during the list-by-tag part: ${JSON.stringify(cp.exitedEarly())}`);

    // Issue #5: can a miss be told from a hit by its timing?
    if (interrupted) return;
    detailsTiming = await runDetailsTiming({ url: cp.url, token: cp.token, samples: 200 });

    // Issue #17: devices enrolling themselves over EST, 16 at a time.
    if (interrupted) return;
    const estCount = num('BENCH_EST_COUNT', 400);
    progress(`est enroll c16: ${estCount} one-use tokens and CSRs made up front, then EST simpleenroll over HTTPS …`);
    estEnroll = await runEstEnroll({
      url: cp.url,
      tlsUrl: cp.tlsUrl!,
      token: cp.token,
      count: estCount,
      concurrency: 16,
    });
    progress(
      `est enroll c16: ${estEnroll.completed} certificates in ${fmt(estEnroll.seconds, 2)} s = ${fmt(estEnroll.perSecond)}/s (p50 ${fmt(estEnroll.latencyMs.p50)} ms, p99 ${fmt(estEnroll.latencyMs.p99)} ms); ` +
        `errors=${estEnroll.errors}${estEnroll.errors ? ' ' + JSON.stringify(estEnroll.errorsByKind) : ''}`,
    );
    if (cp.exitedEarly()) throw new Error(`certplane exited during the EST part: ${JSON.stringify(cp.exitedEarly())}`);

    // Issue #5: a revoked client certificate refused within a second of CertificateRevoked, without a restart.
    if (interrupted) return;
    progress(
      'mtls revocation: 20 rounds of renew with revokeOld, polling the old certificate over new TLS connections …',
    );
    revocation = await runMtlsRevocation({ url: cp.url, tlsUrl: cp.tlsUrl!, token: cp.token, rounds: 20 });

    // Issue #20: the console's clients page over 10,000 clients, last, as their issuance loads the process.
    if (interrupted) return;
    progress('console clients page: creating 10,000 clients via POST /clients/bulk in batches of 1,000 …');
    consolePage = await runConsoleClientsPage({ url: cp.url, token: cp.token, tag: 'bench-console' });
    progress(
      `console clients page: first page's API call p50 ${fmt(consolePage.apiP50Ms)} ms (max ${fmt(consolePage.apiMaxMs)}); ` +
        `the page in chromium ${fmt(consolePage.pageMs, 0)} ms (slowest ${fmt(consolePage.pageMaxMs, 0)}); errors=${consolePage.errors}`,
    );
    if (cp.exitedEarly())
      throw new Error(`certplane exited during the console page part: ${JSON.stringify(cp.exitedEarly())}`);

    // Where the time went, from the events' own timestamps (recorded_at = start of the appending transaction).
    for (const concurrency of [1, 64]) {
      const r = runs[concurrency];
      if (!r || r.load.ops.length === 0) continue;
      r.stages = await stageTimes(db.url, r.load);
      const s = r.stages;
      progress(
        `stages c${concurrency} (p50 / p99 ms, ${s.matched} enrolments): request→enrol tx ${fmt(p(s.toEnrolTx, 50))} / ${fmt(p(s.toEnrolTx, 99))}; ` +
          `enrol tx→issuer append ${fmt(p(s.toIssuedTx, 50))} / ${fmt(p(s.toIssuedTx, 99))}; issuer append→details answered ${fmt(p(s.toAnswer, 50))} / ${fmt(p(s.toAnswer, 99))}`,
      );
    }

    // The pipeline's own sequential latency: c1 again, against a process of its own (fresh database and
    // stream, the main one stopped) started with the details floor off, which caps e2e_per_s_c1 at about
    // 1000 / CERTPLANE_DETAILS_MIN_ANSWER_MS. A figure next to the main ones, never instead of them.
    if (interrupted) return;
    await teardownMain();
    noFloorRun = { bus: uniqueBusNames() };
    noFloorRun.db = await createBenchDatabase(services.postgresAdminUrl);
    progress(
      `starting a certplane with CERTPLANE_DETAILS_MIN_ANSWER_MS=0 (database ${noFloorRun.db.name}, stream ${noFloorRun.bus.streamName}) …`,
    );
    noFloorRun.cp = await startCertplaneProcess({
      databaseUrl: noFloorRun.db.url,
      natsUrl: services.natsUrl,
      streamName: noFloorRun.bus.streamName,
      subjectPrefix: noFloorRun.bus.subjectPrefix,
      port: await freePort(),
      nodeArgs,
      extraEnv: { ...extraEnv, CERTPLANE_DETAILS_MIN_ANSWER_MS: '0' },
    });
    if (interrupted) return;
    progress(`e2e c1 without the details floor: 1 virtual client, ${warmup}s warm-up then ${seconds}s …`);
    noFloor = await loadWithCpu(noFloorRun.cp, noFloorRun.db.name, {
      concurrency: 1,
      warmupSeconds: warmup,
      seconds,
      namePrefix: `b${noFloorRun.bus.streamName.slice(-10)}-nofloor`,
    });
    reportRun('c1 without the details floor', noFloor.load, noFloor.cpu);
    if (noFloorRun.cp.exitedEarly())
      throw new Error(
        `the floorless certplane exited during its c1 run: ${JSON.stringify(noFloorRun.cp.exitedEarly())}`,
      );
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (!interrupted) await cleanup();
  }

  const c1 = runs[1]?.load;
  const c64 = runs[64]?.load;
  const lat64 = summarize(c64?.ops.map((o) => o.totalMs) ?? []);
  const latNoFloor = summarize(noFloor?.load.ops.map((o) => o.totalMs) ?? []);
  const errors = (c1?.errors ?? 0) + (c64?.errors ?? 0) + (noFloor?.load.errors ?? 0);
  const e2e64 = c64?.perSecond ?? NaN;

  process.stdout.write('\n');
  process.stdout.write('summary\n');
  process.stdout.write(
    `  node crypto (keygen+sign, 1 core) ${fmt(raw.perSecond)}/s; certplane pki issue ${fmt(issue.perSecond)}/s = ${fmt((issue.perSecond / raw.perSecond) * 100)}% of it; on the signing pool ${fmt(pool.perSecond)}/s (${pool.threads} threads)\n`,
  );
  process.stdout.write(
    `  end to end (enrol → details with cert): ${fmt(c1?.perSecond ?? NaN)}/s with 1 client, ${fmt(e2e64)}/s with 64 (p50 ${fmt(lat64.p50)} ms, p99 ${fmt(lat64.p99)} ms) = ${fmt((e2e64 / raw.perSecond) * 100, 2)}% of raw crypto\n`,
  );
  process.stdout.write(
    `  without the details floor (CERTPLANE_DETAILS_MIN_ANSWER_MS=0, a process of its own): ${fmt(noFloor?.load.perSecond ?? NaN)}/s with 1 client (p50 ${fmt(latNoFloor.p50)} ms, p99 ${fmt(latNoFloor.p99)} ms)\n`,
  );
  process.stdout.write(
    `  certplane peak RSS ${fmt(peakRss)} MB; ${errors} error answer(s)${errors ? ' — treat the rates with suspicion' : ''}\n`,
  );
  const noise = [1, 64]
    .filter((k) => runs[k])
    .map((k) => `c${k} ${fmt(runs[k].cpu.other, 2)}`)
    .join(', ');
  if (listByTag) {
    const l = listByTag;
    process.stdout.write(
      `  list by tag (issue #3): ${l.tagged} of ${l.tagged + l.untagged} clients in ${l.pageMs.length} pages of 100, sequential: ${fmt(l.listMs, 1)} ms ` +
        `(${Number.isFinite(l.listMs) ? (l.listMs < 1000 ? 'under' : 'NOT under') + ' a second' : 'not measured'}); slowest page ${fmt(l.pageMs.length ? Math.max(...l.pageMs) : NaN, 1)} ms; ` +
        `created in ${fmt(l.createMs / 1000, 1)} s at c32, listed ${fmt(l.settleMs, 0)} ms after; ${l.errors} error(s)\n`,
    );
  }
  if (consolePage) {
    const c = consolePage;
    process.stdout.write(
      `  console clients page (issue #20): ${c.created} clients, the first page of 25 in a browser in ${fmt(c.pageMs, 0)} ms ` +
        `(${Number.isFinite(c.pageMs) ? (c.pageMs < 1000 ? 'under' : 'NOT under') + ' a second' : 'not measured'}), its API call p50 ${fmt(c.apiP50Ms)} ms; ${c.errors} error(s)\n`,
    );
  }
  if (revocation) {
    const lag = summarize(revocation.lagMs);
    const max = revocation.lagMs.length ? Math.max(...revocation.lagMs) : NaN;
    process.stdout.write(
      `  mTLS revocation (issue #5): CertificateRevoked → first refused connection p50 ${fmt(lag.p50, 0)} ms, max ${fmt(max, 0)} ms over ${revocation.lagMs.length} rounds ` +
        `(${Number.isFinite(max) ? (max < 1000 ? 'within' : 'NOT within') + ' a second' : 'not measured'}); ${revocation.errors} error(s)\n`,
    );
  }
  if (estEnroll) {
    process.stdout.write(
      `  EST simpleenroll (issue #17): ${fmt(estEnroll.perSecond)}/s with 16 devices over HTTPS (p50 ${fmt(estEnroll.latencyMs.p50)} ms, p99 ${fmt(estEnroll.latencyMs.p99)} ms); ${estEnroll.errors} error(s)\n`,
    );
  }
  if (noise)
    process.stdout.write(
      `  machine: ${cpus().length} cores; busy cores not accounted to this benchmark (noise from other work): ${noise}\n`,
    );
  if (profileNote) process.stdout.write(profileNote);
  process.stdout.write(
    [
      `raw_per_s=${fmt(raw.perSecond)}`,
      `issue_per_s=${fmt(issue.perSecond)}`,
      `issue_ratio=${fmt(issue.perSecond / raw.perSecond, 3)}`,
      `issue_per_s_pool=${fmt(pool.perSecond)}`,
      `issue_per_s_hsm=${fmt(hsm?.perSecond ?? NaN)}`,
      ...keyTypeRateFields(keyTypeRates, fmt),
      `e2e_per_s_c1=${fmt(c1?.perSecond ?? NaN)}`,
      `e2e_per_s_c1_nofloor=${fmt(noFloor?.load.perSecond ?? NaN)}`,
      `p50_ms_c1_nofloor=${fmt(latNoFloor.p50)}`,
      `e2e_per_s_c64=${fmt(e2e64)}`,
      `p50_ms_c64=${fmt(lat64.p50)}`,
      `p99_ms_c64=${fmt(lat64.p99)}`,
      `e2e_ratio=${fmt(e2e64 / raw.perSecond, 4)}`,
      `rss_mb=${fmt(peakRss)}`,
      `list_1000_by_tag_ms=${fmt(listByTag?.listMs ?? NaN)}`,
      `list_errors=${listByTag?.errors ?? 'NaN'}`,
      `details_hit_ms=${fmt(detailsTiming?.hit.mean ?? NaN, 2)}`,
      `details_miss_ms=${fmt(detailsTiming?.miss.mean ?? NaN, 2)}`,
      `details_gap_ms=${fmt(detailsTiming?.gapMs ?? NaN, 2)}`,
      `details_timing_errors=${detailsTiming?.errors ?? 'NaN'}`,
      `mtls_revocation_max_ms=${fmt(revocation?.lagMs.length ? Math.max(...revocation.lagMs) : NaN)}`,
      `est_enroll_per_s_c16=${fmt(estEnroll?.perSecond ?? NaN)}`,
      `est_enroll_errors=${estEnroll?.errors ?? 'NaN'}`,
      `console_clients_page_ms_10k=${fmt(consolePage?.pageMs ?? NaN)}`,
      `console_clients_page_api_ms_10k=${fmt(consolePage?.apiP50Ms ?? NaN)}`,
      `console_page_errors=${consolePage?.errors ?? 'NaN'}`,
      `errors=${errors}`,
    ].join(' ') + '\n',
  );
}

async function dropDatabase(db: BenchDatabase): Promise<void> {
  await db.drop().then(
    () => progress(`dropped database ${db.name}`),
    (e) => progress(`could not drop database ${db.name}: ${(e as Error).message}`),
  );
}

async function removeStream(natsUrl: string, streamName: string): Promise<void> {
  await deleteStream(natsUrl, streamName).then(
    (ok) => progress(ok ? `deleted stream ${streamName}` : `stream ${streamName} was not there`),
    (e) => progress(`could not delete stream ${streamName}: ${(e as Error).message}`),
  );
}

/**
 * One e2e load run against `proc`, with the CPU each component used in the measured window (not the
 * warm-up); `onWindowEdge` is called as the window opens and as it closes.
 */
async function loadWithCpu(
  proc: CertplaneProcess,
  dbName: string,
  o: {
    concurrency: number;
    warmupSeconds: number;
    seconds: number;
    namePrefix: string;
    onWindowEdge?: (proc: CertplaneProcess) => void;
  },
): Promise<RunReport> {
  let cpuStart = cpuSnapshot(proc.pid, dbName);
  const windowTimer = setTimeout(() => {
    cpuStart = cpuSnapshot(proc.pid, dbName);
    o.onWindowEdge?.(proc);
  }, o.warmupSeconds * 1000);
  let cpuEnd = cpuStart;
  const endTimer = setTimeout(
    () => {
      cpuEnd = cpuSnapshot(proc.pid, dbName);
      o.onWindowEdge?.(proc);
    },
    (o.warmupSeconds + o.seconds) * 1000,
  );
  try {
    const load = await runLoad({
      url: proc.url,
      token: proc.token,
      concurrency: o.concurrency,
      warmupSeconds: o.warmupSeconds,
      seconds: o.seconds,
      namePrefix: o.namePrefix,
    });
    return { load, cpu: cpuDelta(cpuStart, cpuEnd) };
  } finally {
    clearTimeout(windowTimer);
    clearTimeout(endTimer);
  }
}

function reportRun(label: string, load: LoadResult, cpu: CpuDelta): void {
  const lat = summarize(load.ops.map((o) => o.totalMs));
  progress(
    `e2e ${label}: ${load.completed} complete enrolments = ${fmt(load.perSecond)}/s; errors=${load.errors}${load.errors ? ' ' + JSON.stringify(load.errorsByKind) : ''}; abandoned=${load.abandoned}`,
  );
  progress(`  enrol→cert ${describeMs(lat)}`);
  progress(`  enrol (POST) ${describeMs(summarize(load.ops.map((o) => o.enrolMs)))}`);
  progress(
    `  details (GET until cert) ${describeMs(summarize(load.ops.map((o) => o.detailsMs)))}; GETs per enrolment max ${Math.max(0, ...load.ops.map((o) => o.detailsCalls))}`,
  );
  progress(
    `  cpu cores used: certplane ${fmt(cpu.certplane, 2)}, postgres ${fmt(cpu.postgres, 2)}, nats ${fmt(cpu.nats, 2)}, load generator ${fmt(cpu.bench, 2)}; ` +
      `machine busy ${fmt(cpu.machineBusyCores, 2)} of ${fmt(cpu.machineCores, 1)}, of which ${fmt(cpu.other, 2)} not ours (other databases' backends ${fmt(cpu.postgresOthers, 2)})`,
  );
  if (load.completed > 0) {
    const per = (cores: number) => fmt((cores * 1000) / load.perSecond, 2);
    progress(
      `  cpu-ms per enrolment: certplane ${per(cpu.certplane)}, postgres ${per(cpu.postgres)}, nats ${per(cpu.nats)}, load generator ${per(cpu.bench)}`,
    );
  }
}

const p = (values: number[], pct: number) => summarize(values)[pct === 50 ? 'p50' : 'p99'];

async function stageTimes(databaseUrl: string, load: LoadResult): Promise<StageTimes> {
  const rows = await withAdmin(databaseUrl, (cl) =>
    cl.query<{ id: string; enrolled: string | null; issued: string | null }>(
      `SELECT substring(stream_id from 8) AS id,
              extract(epoch from max(recorded_at) FILTER (WHERE type = 'ClientEnrolled')) * 1000 AS enrolled,
              extract(epoch from max(recorded_at) FILTER (WHERE type = 'CertificateIssued')) * 1000 AS issued
         FROM events WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
      [load.ops.map((o) => `client-${clientIdForDetailsSecret(o.detailsSecret)}`)],
    ),
  );
  const byId = new Map(rows.rows.map((r) => [r.id, r]));
  const out: StageTimes = { matched: 0, toEnrolTx: [], toIssuedTx: [], toAnswer: [] };
  for (const op of load.ops) {
    const r = byId.get(clientIdForDetailsSecret(op.detailsSecret));
    if (!r?.enrolled || !r.issued) continue;
    const enrolled = Number(r.enrolled);
    const issued = Number(r.issued);
    out.matched++;
    out.toEnrolTx.push(enrolled - op.startEpochMs);
    out.toIssuedTx.push(issued - enrolled);
    out.toAnswer.push(op.endEpochMs - issued);
  }
  return out;
}

/**
 * What certplane asked of Postgres over the whole e2e part (both runs and their warm-ups), read after
 * certplane has closed its connections so every backend has flushed its statistics.
 */
async function databaseActivity(databaseUrl: string): Promise<void> {
  await sleep(500);
  await withAdmin(databaseUrl, async (cl) => {
    const [counts] = (
      await cl.query(
        `SELECT count(*) FILTER (WHERE type = 'ClientEnrolled')::int AS enrolled, count(*) FILTER (WHERE type = 'CertificateIssued')::int AS issued FROM events`,
      )
    ).rows;
    const [dbStats] = (
      await cl.query(
        `SELECT xact_commit::bigint AS commits, xact_rollback::bigint AS rollbacks FROM pg_stat_database WHERE datname = current_database()`,
      )
    ).rows;
    const tables = (
      await cl.query<{ relname: string; scans: string; seq: string; writes: string }>(
        `SELECT relname, (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::bigint AS scans, coalesce(seq_scan, 0)::bigint AS seq, (n_tup_ins + n_tup_upd + n_tup_del)::bigint AS writes
           FROM pg_stat_user_tables ORDER BY 2 DESC LIMIT 8`,
      )
    ).rows;
    const n = Math.max(1, counts.enrolled);
    const per = (v: string | number) => fmt(Number(v) / n, 1);
    progress(
      `postgres over the e2e part: ${counts.enrolled} enrolments, ${counts.issued} certificates; per enrolment ${per(dbStats.commits)} commits, ${per(dbStats.rollbacks)} rollbacks; ` +
        `table scans per enrolment (of which sequential): ${tables.map((t) => `${t.relname} ${per(t.scans)} (${per(t.seq)})`).join(', ')}`,
    );
  });
}

/** Statements per enrolment in the c64 window, most frequent first, from the query-count preload. */
async function reportQueryCount(file: string, enrolments: number): Promise<void> {
  for (let i = 0; i < 50 && !existsSync(file); i++) await sleep(100);
  if (!existsSync(file)) return progress(`no query count appeared at ${file}`);
  const counts = JSON.parse(readFileSync(file, 'utf8')) as [string, number][];
  const n = Math.max(1, enrolments);
  const total = counts.reduce((sum, [, c]) => sum + c, 0);
  progress(`  statements per enrolment (c64 window): ${fmt(total / n, 1)} in all`);
  for (const [text, c] of counts.slice(0, 25)) progress(`    ${fmt(c / n, 2)}  ${text}`);
}

async function reportProfile(file: string): Promise<string> {
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(100);
  if (!existsSync(file)) {
    progress(`no CPU profile appeared at ${file}`);
    return '';
  }
  await sleep(200); // let the write finish
  try {
    const s = summarizeProfile(file);
    const lines = [`  certplane main-thread CPU profile (c64 window, ${fmt(s.totalMs, 0)} ms sampled) → ${file}`];
    lines.push(
      '    by subsystem (native work charged to its JS caller): ' +
        s.bySubsystem
          .slice(0, 12)
          .map((c) => `${c.name} ${fmt(c.share * 100)}%`)
          .join(', '),
    );
    lines.push(
      '    by code of the sampled frame: ' +
        s.byCategory
          .slice(0, 12)
          .map((c) => `${c.name} ${fmt(c.share * 100)}%`)
          .join(', '),
    );
    lines.push('    top self time:');
    for (const f of s.topFunctions) lines.push(`      ${fmt(f.share * 100).padStart(5)}%  ${f.name}`);
    const text = lines.join('\n') + '\n';
    progress('CPU profile written');
    return text;
  } catch (e) {
    progress(`could not read the CPU profile: ${(e as Error).message}`);
    return '';
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stdout.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    process.stdout.write(`status=failed errors=1\n`);
    process.exit(1);
  },
);
