import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { callHttp, HttpAnswer } from '../support/http';
import { BusNames, deleteStream, uniqueBusNames } from '../support/nats-admin';
import { ChildRun, freePort, minimalEnv } from '../support/processes';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { testServices } from '../support/test-services';
import { pollUntil } from '../support/wait';

export type App = 'api' | 'cert-issuer' | 'projector';

const ROOT = join(__dirname, '..', '..');
export const entryOf = (app: App) => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');

/** One running certplane process and the HTTP port it answers health (and, for the api, everything) on. */
export interface Proc {
  name: string;
  app: App;
  run: ChildRun;
  url: string;
  call(method: string, path: string, opts?: { body?: unknown; headers?: Record<string, string> }): Promise<HttpAnswer>;
}

/**
 * A certplane deployment of separate processes built from dist/ (as production runs them), on a
 * fresh database and fresh stream names: each process is started on a free port and counts as up
 * once its /health/ready passes.
 */
export class Deployment {
  readonly procs: Proc[] = [];
  readonly token = 'operability-token-' + randomBytes(16).toString('hex');
  readonly encryptionKey = randomBytes(32).toString('base64');

  private constructor(
    readonly db: TestDatabase,
    readonly bus: BusNames,
    private readonly env: Record<string, string>,
  ) {}

  static async create(label: string, env: Record<string, string> = {}): Promise<Deployment> {
    for (const app of ['api', 'cert-issuer', 'projector'] as const) {
      if (!existsSync(entryOf(app)))
        throw new Error(`${entryOf(app)} is missing: run \`npm run build\` before the operability tests`);
    }
    return new Deployment(await createTestDatabase(label), uniqueBusNames(), env);
  }

  /** The environment every process of this deployment shares. */
  commonEnv(): Record<string, string> {
    return {
      ...minimalEnv(),
      DATABASE_URL: this.db.url,
      NATS_URL: testServices().natsUrl,
      CERTPLANE_NATS_STREAM: this.bus.streamName,
      CERTPLANE_NATS_SUBJECT_PREFIX: this.bus.subjectPrefix,
      CERTPLANE_API_TOKEN: this.token,
      CERTPLANE_ENCRYPTION_KEY: this.encryptionKey,
      CERTPLANE_RELAY_SWEEP_AFTER_MS: '500',
      HOST: '127.0.0.1',
      CERTPLANE_TLS_PORT: '0',
      ...this.env,
    };
  }

  async start(name: string, app: App, extra: Record<string, string> = {}): Promise<Proc> {
    const port = await freePort();
    const portVar = app === 'api' ? 'PORT' : 'CERTPLANE_WORKER_HTTP_PORT';
    const run = ChildRun.spawn(name, process.execPath, [entryOf(app)], {
      env: { ...this.commonEnv(), [portVar]: String(port), ...extra },
      cwd: ROOT,
    });
    const url = `http://127.0.0.1:${port}`;
    const proc: Proc = {
      name,
      app,
      run,
      url,
      call: (method, path, opts = {}) => callHttp(url, method, path, { ...opts, timeoutMs: 20_000 }),
    };
    this.procs.push(proc);
    await this.waitReady(proc);
    return proc;
  }

  async waitReady(proc: Proc): Promise<void> {
    await pollUntil(
      `${proc.name} to be ready`,
      async () => {
        if (!proc.run.running) throw new Error(`${proc.name} exited during start-up\n${proc.run.describe()}`);
        const r = await proc.call('GET', '/health/ready').catch(() => undefined);
        return r?.status === 200 ? true : undefined;
      },
      { timeoutMs: 40_000, everyMs: 100, context: () => this.describe() },
    );
  }

  get api(): Proc {
    const api = this.procs.find((p) => p.app === 'api' && p.run.running);
    if (!api) throw new Error('no api of this deployment is running');
    return api;
  }

  bearer(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }

  describe(): string {
    return ChildRun.describeAll(this.procs.map((p) => p.run));
  }

  /** Runs fn; a failure carries what the processes printed. */
  explained<T>(fn: () => Promise<T>): Promise<T> {
    return ChildRun.explainFailures(
      this.procs.map((p) => p.run),
      fn,
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.run.stop(15_000)));
    await deleteStream(testServices().natsUrl, this.bus.streamName).catch(() => undefined);
    await this.db.drop();
  }
}
