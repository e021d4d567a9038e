import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BusNames } from './nats-admin';
import { testServices } from './test-services';
import { pollUntil } from './wait';

// Kept here too for the files that import them from this module.
export { sleep, waitUntil } from './wait';

/** A port nothing listens on right now (the OS picks it; a tiny reuse race is accepted). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function portAccepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * What the built processes of one test deployment share: its database, its stream on the machine's NATS, its api
 * token and key; logs at info, and the workers' health listeners on free ports (several share the host).
 */
export function deploymentEnv(databaseUrl: string, bus: BusNames, token: string): Record<string, string> {
  return {
    ...minimalEnv(),
    DATABASE_URL: databaseUrl,
    NATS_URL: testServices().natsUrl,
    CERTPLANE_NATS_STREAM: bus.streamName,
    CERTPLANE_NATS_SUBJECT_PREFIX: bus.subjectPrefix,
    CERTPLANE_API_TOKEN: token,
    CERTPLANE_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    CERTPLANE_LOG_LEVEL: 'info',
    CERTPLANE_WORKER_HTTP_PORT: '0',
  };
}

/** The environment a spawned certplane process starts from: PATH and HOME only, nothing of the test's. */
export function minimalEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };
}

/**
 * A private nats-server with JetStream on a free port and its own store dir, for tests that
 * kill -9 it and restart it on the same port and store, or freeze it. The machine's shared NATS
 * is never touched.
 */
export class PrivateNatsServer {
  private proc?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly extraArgs: (server: PrivateNatsServer) => string[],
    private readonly env: Record<string, string>,
  ) {}

  /**
   * `config` (nats-server's configuration syntax: accounts, users, tls) goes into a file the
   * server reads; `args` are more command-line flags (cluster routes). Port, address, JetStream
   * and store dir are always the server's own.
   */
  static async start(
    opts: { config?: string; configFile?: string; args?: string[]; port?: number; env?: Record<string, string> } = {},
  ): Promise<PrivateNatsServer> {
    const storeDir = mkdtempSync(join(tmpdir(), 'cp-nats-'));
    const configFile = opts.configFile ?? join(storeDir, 'nats.conf');
    if (opts.config !== undefined) writeFileSync(configFile, opts.config);
    const withConfig = opts.config !== undefined || opts.configFile !== undefined;
    const env = {
      ...process.env,
      ...opts.env,
      ...(opts.configFile !== undefined ? { NATS_STORE_DIR: join(storeDir, 'js') } : {}),
    } as Record<string, string>;
    const server = new PrivateNatsServer(
      opts.port ?? (await freePort()),
      storeDir,
      () => [...(withConfig ? ['-c', configFile] : []), ...(opts.args ?? [])],
      env,
    );
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Started and not exited (a frozen server is still running). */
  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** What the server printed last (it logs to stderr); for failure messages. */
  get log(): string {
    return this.output;
  }

  /** Starts the server (again) on the same port and store; a no-op while it runs. */
  async restart(): Promise<void> {
    if (this.running) return;
    const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
    // A configuration file names its own store (deploy/nats/nats.conf: $NATS_STORE_DIR); the flag would clash with it.
    const store = this.env.NATS_STORE_DIR === undefined ? ['-sd', join(this.storeDir, 'js')] : [];
    const proc = spawn(bin, [...this.extraArgs(this), '-js', '-a', '127.0.0.1', '-p', String(this.port), ...store], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: this.env,
    });
    this.proc = proc;
    const keep = (d: Buffer) => (this.output = (this.output + d).slice(-4000));
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    await pollUntil(
      `nats-server on port ${this.port} to accept connections`,
      async () => {
        if (proc.exitCode !== null)
          throw new Error(`nats-server on port ${this.port} did not start (exit code ${proc.exitCode}):\n${this.log}`);
        return (await portAccepts(this.port)) || undefined;
      },
      { timeoutMs: 10_000, everyMs: 50, context: () => this.log },
    );
  }

  /** SIGKILL: no graceful shutdown, no flushing, like a crashed node. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }

  /** SIGSTOP: the TCP connections stay up but nothing answers, like a hung server or a partition. */
  async freeze(): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) return;
    proc.kill('SIGSTOP');
    // Signals are delivered asynchronously: wait until the kernel reports it stopped (Linux).
    await pollUntil(
      `nats-server (pid ${proc.pid}) to stop on SIGSTOP`,
      () => /^\d+ \(.*\) [Tt] /.test(readFileSync(`/proc/${proc.pid}/stat`, 'utf8')) || undefined,
      {
        timeoutMs: 2_000,
        everyMs: 5,
      },
    );
  }

  /** SIGCONT: undoes freeze(); harmless when the server is not frozen. */
  thaw(): void {
    if (this.running) this.proc!.kill('SIGCONT');
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/** A spawned child with everything it printed kept, for assertions and for failure messages. */
export class ChildRun {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    proc.stdout?.on('data', (d) => (this.stdout += d));
    proc.stderr?.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static spawn(
    name: string,
    command: string,
    args: string[],
    opts: { env: Record<string, string>; cwd?: string },
  ): ChildRun {
    return new ChildRun(
      name,
      spawn(command, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
  }

  /** describe() of each child, for failure messages. */
  static describeAll(runs: readonly ChildRun[]): string {
    return runs.map((c) => c.describe()).join('\n\n');
  }

  /** Runs fn; an Error it throws gets what the children printed appended to its message. */
  static async explainFailures<T>(runs: readonly ChildRun[], fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof Error) e.message += '\n\n' + ChildRun.describeAll(runs);
      throw e;
    }
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** JSON log lines on stdout (pino), the rest skipped. */
  logLines(): Array<Record<string, any>> {
    return this.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l)];
        } catch {
          return [];
        }
      });
  }

  describe(): string {
    const tail = (s: string) => (s.length > 3000 ? '…' + s.slice(-3000) : s);
    return `--- ${this.name} (pid ${this.proc.pid}, exit ${this.proc.exitCode ?? this.proc.signalCode ?? 'running'}) ---\nstderr:\n${tail(this.stderr)}\nstdout:\n${tail(this.stdout)}`;
  }

  /** Resolves with how it exited, or rejects after timeoutMs (the child is left running). */
  async waitForExit(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms\n${this.describe()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then SIGKILL if it is still there after graceMs. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.proc.kill('SIGTERM');
    try {
      await this.waitForExit(graceMs);
    } catch {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
  }
}

/**
 * Three nats-servers with JetStream clustered over routes on loopback, each with its own store:
 * for tests of replicated streams that kill or wipe one node. `url` lists all three, as NATS_URL.
 */
export class PrivateNatsCluster {
  private constructor(readonly nodes: PrivateNatsServer[]) {}

  /** `configFile` and `env`: a deployment's own configuration, with address, ports, routes and store made the test's. */
  static async start(
    size = 3,
    opts: { configFile?: string; env?: Record<string, string> } = {},
  ): Promise<PrivateNatsCluster> {
    const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
    const routePorts = await Promise.all(Array.from({ length: size }, () => freePort()));
    const monitorPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
    const routes = routePorts.map((p) => `nats://127.0.0.1:${p}`).join(',');
    const clusterName = `cp-${randomBytes(4).toString('hex')}`;
    const nodes = await Promise.all(
      ports.map((port, i) =>
        PrivateNatsServer.start({
          port,
          configFile: opts.configFile,
          env: opts.env,
          args: [
            '--name',
            `${clusterName}-n${i}`,
            '--cluster_name',
            clusterName,
            '--cluster',
            `nats://127.0.0.1:${routePorts[i]}`,
            '--routes',
            routes,
            '-m',
            String(monitorPorts[i]),
          ],
        }),
      ),
    );
    return new PrivateNatsCluster(nodes);
  }

  get url(): string {
    return this.nodes.map((n) => n.url).join(',');
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.destroy()));
  }
}
