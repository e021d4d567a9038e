import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { ConsumerSpec, DeadLetter } from '@certplane/messaging';

/** Unique stream and prefix per test so runs sharing one NATS never collide. */
export function uniqueStream(): { streamName: string; subjectPrefix: string } {
  const id = randomBytes(5).toString('hex');
  return { streamName: `cp-test-${id}`, subjectPrefix: `cpt.${id}.events` };
}

export async function deleteStream(servers: string, streamName: string): Promise<void> {
  const nc = await connect({ servers, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(streamName).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

export async function deleteConsumer(servers: string, streamName: string, durable: string): Promise<void> {
  const nc = await connect({ servers, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.delete(streamName, durable);
  } finally {
    await nc.close();
  }
}

export function consumerSpec(subjectPrefix: string, overrides: Partial<ConsumerSpec> = {}): ConsumerSpec {
  return {
    durable: 'worker',
    filterSubjects: [`${subjectPrefix}.>`],
    maxDeliver: 5,
    ackWaitMs: 5_000,
    backoffMs: [100],
    concurrency: 4,
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(20);
  }
}

export const noDeadLetters = async (dl: DeadLetter): Promise<void> => {
  throw new Error(`unexpected dead letter for ${dl.subject} (${dl.msgId}): ${dl.error}`);
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A private nats-server with JetStream that a test may kill -9 and restart on the same port and store. */
export class NatsServerProcess {
  private proc?: ChildProcess;
  private constructor(
    readonly port: number,
    readonly storeDir: string,
  ) {}

  static async start(): Promise<NatsServerProcess> {
    const server = new NatsServerProcess(await freePort(), mkdtempSync(join(tmpdir(), 'cp-nats-')));
    await server.restart();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
    this.proc = spawn(bin, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await portAccepts(this.port))) {
      if (this.proc.exitCode !== null || Date.now() > deadline) {
        throw new Error(`nats-server on port ${this.port} did not start (exit code ${this.proc.exitCode})`);
      }
      await sleep(50);
    }
  }

  /** SIGSTOP: the TCP connection stays up but nothing answers — a hung server or a partition. */
  async freeze(): Promise<void> {
    const pid = this.proc?.pid;
    this.proc?.kill('SIGSTOP');
    // Signals are delivered asynchronously: wait until the kernel reports it stopped (Linux).
    const deadline = Date.now() + 2_000;
    while (pid !== undefined && Date.now() < deadline) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (/^\d+ \(.*\) [Tt] /.test(stat)) {
        return;
      }
      await sleep(5);
    }
  }

  thaw(): void {
    this.proc?.kill('SIGCONT');
  }

  /** SIGKILL: no graceful shutdown, no flushing — like a crashed node. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
      return;
    }
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
