import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { progress } from './stats';

export interface CertplaneProcessOptions {
  databaseUrl: string;
  natsUrl: string;
  streamName: string;
  subjectPrefix: string;
  port: number;
  /** HTTPS (mTLS) port; unset: any free port, unknown to the bench. */
  tlsPort?: number;
  /** Extra node flags for the certplane process, e.g. --cpu-prof (BENCH_CERTPLANE_NODE_ARGS). */
  nodeArgs?: string[];
  /** Environment added last (tuning knobs such as CERTPLANE_DB_POOL_SIZE). */
  extraEnv?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface CertplaneProcess {
  pid: number;
  url: string;
  /** https://127.0.0.1:<tlsPort>, when tlsPort was given */
  tlsUrl?: string;
  token: string;
  /** Highest resident set seen: max of VmRSS sampled every 200 ms and the kernel's VmHWM. */
  peakRssMb(): number;
  currentRssMb(): number;
  logLines(): number;
  /** Sends a signal (SIGWINCH toggles the optional CPU-profile preload). */
  signal(sig: NodeJS.Signals): void;
  /** Set when the process ended before stop() was called. */
  exitedEarly(): { code: number | null; signal: string | null } | undefined;
  stop(): Promise<{ code: number | null; signal: string | null; killed: boolean }>;
}

/** Where `npm run build` puts the all-in-one entry point, relative to dist/bench/. */
export const ALL_IN_ONE_MAIN = resolve(__dirname, '../apps/api/src/all-in-one.main.js');
const REPO_ROOT = resolve(__dirname, '../..');

/**
 * Starts `node dist/apps/api/src/all-in-one.main.js` (api + cert-issuer + projector) as its own process, so
 * its memory can be read from /proc and the load generator never shares its event loop.
 */
export async function startCertplaneProcess(opts: CertplaneProcessOptions): Promise<CertplaneProcess> {
  const token = 'bench-token-' + randomBytes(16).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'certplane-bench-'));
  // The parent's environment minus anything certplane would read, then exactly what this run needs.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.startsWith('CERTPLANE_') && !['DATABASE_URL', 'NATS_URL', 'PORT', 'HOST'].includes(k),
    ),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    DATABASE_URL: opts.databaseUrl,
    NATS_URL: opts.natsUrl,
    PORT: String(opts.port),
    // Never 8443, which may be anyone's.
    CERTPLANE_TLS_PORT: String(opts.tlsPort ?? 0),
    HOST: '127.0.0.1',
    CERTPLANE_DATA_DIR: dataDir,
    CERTPLANE_API_TOKEN: token,
    CERTPLANE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    CERTPLANE_NATS_STREAM: opts.streamName,
    CERTPLANE_NATS_SUBJECT_PREFIX: opts.subjectPrefix,
    CERTPLANE_LOG_LEVEL: 'warn',
    // The load comes from one address with one token, thousands of requests a second, and the details
    // timing asks for hundreds of unknown ids: no rate limits.
    CERTPLANE_RATE_LIMIT_PER_MINUTE: '0',
    CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: '0',
    CERTPLANE_DETAILS_MISS_LIMIT: '0',
    ...opts.extraEnv,
  };
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ALL_IN_ONE_MAIN], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not spawn the certplane process');
  const pid = child.pid;

  let exited: { code: number | null; signal: string | null } | undefined;
  let stopping = false;
  let early: typeof exited;
  const exitedPromise = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      if (!stopping) {
        early = exited;
        progress(
          `certplane process ${child.pid} EXITED UNEXPECTEDLY (${signal ?? `exit ${code}`}); the rest of the run will count errors`,
        );
      }
      r();
    }),
  );

  const tail: string[] = [];
  let lines = 0;
  const onLine = (line: string) => {
    if (!line.trim()) return;
    lines++;
    tail.push(line);
    if (tail.length > 40) tail.shift();
    // A handful are shown as they come (warnings under load are worth seeing); the rest are counted.
    if (lines <= 5) progress(`[certplane] ${line.length > 300 ? line.slice(0, 300) + '…' : line}`);
    else if (lines === 6) progress('[certplane] (further log lines are counted, not shown)');
  };
  lineReader(child, onLine);

  let peakKb = 0;
  let currentKb = 0;
  const sampleRss = () => {
    const st = readStatus(pid);
    if (!st) return;
    currentKb = st.rssKb;
    peakKb = Math.max(peakKb, st.rssKb, st.hwmKb);
  };
  const sampler = setInterval(sampleRss, 200);
  sampler.unref();

  const url = `http://127.0.0.1:${opts.port}`;
  const cleanup = () => {
    clearInterval(sampler);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const stop = async () => {
    stopping = true;
    sampleRss();
    clearInterval(sampler);
    let killed = false;
    if (!exited) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exitedPromise.then(() => false), sleep(10_000).then(() => true)]);
      if (timedOut && !exited) {
        killed = true;
        child.kill('SIGKILL');
        await exitedPromise;
      }
    }
    cleanup();
    return { code: exited?.code ?? null, signal: exited?.signal ?? null, killed };
  };

  try {
    await waitUntilAnswering(url, () => exited, opts.readyTimeoutMs ?? 60_000);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n--- last certplane output ---\n${tail.join('\n')}`);
  }
  sampleRss();

  return {
    pid,
    url,
    tlsUrl: opts.tlsPort ? `https://127.0.0.1:${opts.tlsPort}` : undefined,
    token,
    peakRssMb: () => peakKb / 1024,
    currentRssMb: () => currentKb / 1024,
    logLines: () => lines,
    signal: (sig) => void child.kill(sig),
    exitedEarly: () => early,
    stop,
  };
}

/** Ready = the api answers HTTP at all (an unknown client id is a 404); workers subscribe before it listens. */
async function waitUntilAnswering(url: string, exited: () => object | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`certplane exited during startup: ${JSON.stringify(exited())}`);
    try {
      const res = await fetch(`${url}/informationservice/details/${'0'.repeat(32)}`, {
        signal: AbortSignal.timeout(2000),
      });
      await res.arrayBuffer();
      return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`certplane did not answer on ${url} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

function readStatus(pid: number): { rssKb: number; hwmKb: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

function lineReader(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    stream?.on('end', () => buf && onLine(buf));
  }
}
