import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
 * A private nats-server with JetStream on a free port and its own store dir, for tests that
 * kill -9 and restart it. The machine's shared NATS is never touched.
 */
export class PrivateNatsServer {
  private proc?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  static async start(): Promise<PrivateNatsServer> {
    const server = new PrivateNatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'cp-nats-')));
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** What the server printed (it logs to stderr); for failure messages. */
  get log(): string {
    return this.output.slice(-4000);
  }

  async restart(): Promise<void> {
    if (this.running) return;
    const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
    const proc = spawn(bin, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout!.on('data', (d) => (this.output += d));
    proc.stderr!.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 10_000;
    while (!(await portAccepts(this.port))) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        throw new Error(`nats-server on port ${this.port} did not start (exit code ${proc.exitCode}):\n${this.log}`);
      }
      await sleep(50);
    }
  }

  /** SIGKILL: no graceful shutdown, like a crashed node. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || !this.running) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
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

  static spawn(name: string, command: string, args: string[], opts: { env: Record<string, string>; cwd?: string }): ChildRun {
    return new ChildRun(name, spawn(command, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] }));
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
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${timeoutMs} ms\n${this.describe()}`)), timeoutMs);
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
 * Polls until fn returns a value other than undefined; the error names what and adds context().
 * An error thrown by fn ends the wait at once (e.g. "the process exited"): catch what is transient.
 */
export async function waitUntil<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, context?: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${context ? '\n' + context() : ''}`);
    await sleep(100);
  }
}
