import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Client as PgClient } from 'pg';
import { ChildRun, freePort, minimalEnv, PrivateNatsServer } from '../test/support/processes';
import { softHsmStore, softHsmToken, type SoftHsmToken } from '../test/support/softhsm';
import { pollUntil } from '../test/support/wait';
import { PostgresCluster } from './postgres-cluster';

export type AppName = 'api' | 'cert-issuer' | 'projector';

/** Where the built entry points are, from dist/chaos/. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const entryOf = (app: AppName) => resolve(__dirname, '..', 'apps', app, 'src', 'main.js');
export const REBUILD_ENTRY = resolve(__dirname, '..', 'apps', 'projector', 'src', 'rebuild.main.js');

/**
 * One certplane process slot (the api, cert-issuer-1, ...): every incarnation it had is kept,
 * so the secret scan reads the logs of the killed ones too, and an exit the script did not
 * cause is a crash.
 */
export class ProcessSlot {
  readonly incarnations: ChildRun[] = [];
  /** Incarnations the script killed with SIGKILL on purpose. */
  private readonly killed = new Set<ChildRun>();
  /** Incarnations the script stopped with SIGTERM: they must exit 0 by themselves. */
  private readonly terminated = new Set<ChildRun>();

  constructor(
    readonly name: string,
    readonly app: AppName,
    private readonly env: () => Record<string, string>,
  ) {}

  get current(): ChildRun | undefined {
    return this.incarnations[this.incarnations.length - 1];
  }

  async start(): Promise<ChildRun> {
    const c = ChildRun.spawn(`${this.name}#${this.incarnations.length + 1}`, process.execPath, [entryOf(this.app)], {
      env: this.env(),
      cwd: REPO_ROOT,
    });
    this.incarnations.push(c);
    const started = this.app === 'api' ? 'listening' : `certplane ${this.app} started`;
    await pollUntil(
      `${c.name} to start`,
      () => {
        if (!c.running) throw new Error(`${c.name} exited during start-up\n${c.describe()}`);
        return c.logLines().some((l) => typeof l.msg === 'string' && l.msg.includes(started)) || undefined;
      },
      { timeoutMs: 60_000, everyMs: 100, context: () => c.describe() },
    );
    return c;
  }

  /** kill -9: no shutdown hooks, in-flight work abandoned. */
  async kill9(): Promise<void> {
    const c = this.current;
    if (!c?.running) return;
    this.killed.add(c);
    c.proc.kill('SIGKILL');
    await c.exited;
  }

  /** SIGTERM and wait for the graceful exit (which must be code 0). */
  async terminate(graceMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const c = this.current;
    if (!c?.running) return { code: c?.proc.exitCode ?? null, signal: c?.proc.signalCode ?? null };
    this.terminated.add(c);
    await c.stop(graceMs);
    return c.exited;
  }

  signal(sig: NodeJS.Signals): void {
    this.current?.proc.kill(sig);
  }

  /** Incarnations that ended by themselves, or that a SIGTERM did not end with code 0 (a hang ends in SIGKILL). */
  crashes(): Array<{ name: string; exit: string }> {
    return this.incarnations
      .filter((c) => !c.running && !this.killed.has(c))
      .filter((c) => !this.terminated.has(c) || c.proc.exitCode !== 0)
      .map((c) => ({ name: c.name, exit: String(c.proc.exitCode ?? c.proc.signalCode) }));
  }
}

export interface Secrets {
  apiToken: string;
  encryptionKey: string;
}

/**
 * How long a run's consumers may hold a message unacknowledged: a third of the default, so what a
 * killed or frozen worker held comes back within a short run and the freeze that outlasts it is short.
 */
export const RUN_ACK_WAIT_MS = 10_000;

/** The environment every certplane process of a run starts with. */
export function appEnv(d: RunTopology): Record<string, string> {
  return {
    ...minimalEnv(),
    DATABASE_URL: d.databaseUrl,
    NATS_URL: d.natsUrl,
    CERTPLANE_NATS_STREAM: d.bus.streamName,
    CERTPLANE_NATS_SUBJECT_PREFIX: d.bus.subjectPrefix,
    CERTPLANE_API_TOKEN: d.secrets.apiToken,
    CERTPLANE_ENCRYPTION_KEY: d.secrets.encryptionKey,
    CERTPLANE_RELAY_SWEEP_AFTER_MS: '1000',
    // The stream-loss step leaves work only the reconcilers find: look often, so the run is quiet soon after.
    CERTPLANE_RECONCILE_AFTER_MS: '5000',
    CERTPLANE_DETAILS_WAIT_MS: '2000',
    CERTPLANE_CONSUMER_ACK_WAIT_MS: String(RUN_ACK_WAIT_MS),
    CERTPLANE_LOG_LEVEL: 'info',
    CERTPLANE_WORKER_HTTP_PORT: '0',
  };
}

// One load generator on one address is all the traffic of a run: it is about faults, not abuse, so the
// per-caller limits are off; HTTPS takes any free port so runs never collide on 8443.
export const UNLIMITED_API_ENV = {
  HOST: '127.0.0.1',
  CERTPLANE_TLS_PORT: '0',
  CERTPLANE_RATE_LIMIT_PER_MINUTE: '0',
  CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: '0',
  CERTPLANE_DETAILS_MISS_LIMIT: '0',
};

/** Refuses to start a run from missing artefacts. */
export function assertBuilt(): void {
  for (const app of ['api', 'cert-issuer', 'projector'] as const) {
    if (!existsSync(entryOf(app))) throw new Error(`${entryOf(app)} is missing: run \`npm run build\` first`);
  }
}

/** A Postgres cluster of the run's own, started, with the run's database created. */
export async function startRunPostgres(database: string, log: (line: string) => void): Promise<PostgresCluster> {
  const pg = await PostgresCluster.create();
  pg.start();
  log(`postgres cluster on port ${pg.port} (${pg.dataDir})`);
  const c = new PgClient({ connectionString: pg.urlOf('postgres') });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${database}`);
  } finally {
    await c.end().catch(() => undefined);
  }
  return pg;
}

/**
 * What a run's processes share (one Postgres cluster and database, one bus, one set of secrets)
 * and its process slots: the chaos run's and the scale run's topologies.
 */
export abstract class RunTopology {
  readonly database = 'certplane';
  abstract readonly bus: { streamName: string; subjectPrefix: string };
  abstract readonly secrets: Secrets;
  abstract readonly slots: ProcessSlot[];

  protected constructor(readonly pg: PostgresCluster) {}

  /** NATS_URL of the run's processes. */
  abstract get natsUrl(): string;
  protected abstract destroyNats(): Promise<void>;

  get databaseUrl(): string {
    return this.pg.urlOf(this.database);
  }

  async withAdmin<T>(fn: (c: PgClient) => Promise<T>, database = 'postgres'): Promise<T> {
    const c = new PgClient({ connectionString: this.pg.urlOf(database) });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Everything every certplane process printed, per incarnation. */
  logs(): Array<{ name: string; text: string }> {
    return this.slots.flatMap((s) => s.incarnations.map((c) => ({ name: c.name, text: c.stdout + '\n' + c.stderr })));
  }

  crashes(): Array<{ name: string; exit: string }> {
    return this.slots.flatMap((s) => s.crashes());
  }

  describe(): string {
    return ChildRun.describeAll(this.slots.flatMap((s) => s.incarnations));
  }

  async stopApps(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.terminate()));
  }

  async destroy(): Promise<void> {
    await Promise.all(this.slots.map(async (s) => s.current?.stop(5_000)));
    await this.destroyNats().catch(() => undefined);
    this.pg.destroy();
  }
}

/**
 * The distributed topology on this machine: a Postgres cluster and a nats-server -js of the
 * run's own, the api, two cert-issuers on one durable and a projector, each its own process.
 */
export class ChaosTopology extends RunTopology {
  readonly bus = {
    streamName: `cp-chaos-${randomBytes(4).toString('hex')}`,
    subjectPrefix: `cpc.${randomBytes(4).toString('hex')}.events`,
  };
  readonly secrets: Secrets = {
    apiToken: 'chaos-token-' + randomBytes(24).toString('hex'),
    encryptionKey: randomBytes(32).toString('base64'),
  };
  readonly slots: ProcessSlot[];
  readonly api: ProcessSlot;
  readonly issuers: [ProcessSlot, ProcessSlot];
  readonly projector: ProcessSlot;

  private constructor(
    pg: PostgresCluster,
    readonly nats: PrivateNatsServer,
    readonly apiPort: number,
    /** The CA key is in a SoftHSM2 token of the run's own, so the HSM can go away mid-run */
    readonly hsm: SoftHsmToken,
  ) {
    super(pg);
    const common = () => ({ ...appEnv(this), ...hsm.env, SOFTHSM2_CONF: hsm.conf });
    this.api = new ProcessSlot('api', 'api', () => ({ ...common(), ...UNLIMITED_API_ENV, PORT: String(apiPort) }));
    // A few messages at a time per issuer, so a burst is spread over both and a kill -9 lands mid-batch.
    this.issuers = [1, 2].map(
      (i) =>
        new ProcessSlot(`cert-issuer-${i}`, 'cert-issuer', () => ({
          ...common(),
          CERTPLANE_CONSUMER_CONCURRENCY: '4',
        })),
    ) as [ProcessSlot, ProcessSlot];
    this.projector = new ProcessSlot('projector', 'projector', common);
    this.slots = [this.api, ...this.issuers, this.projector];
  }

  static async start(log: (line: string) => void): Promise<ChaosTopology> {
    assertBuilt();
    const pg = await startRunPostgres('certplane', log);
    const nats = await PrivateNatsServer.start();
    log(`nats-server -js on port ${nats.port} (${nats.storeDir})`);
    const hsm = softHsmToken(softHsmStore());
    log(`SoftHSM2 token ${hsm.tokenLabel} (${hsm.conf}) holds the CA key`);
    const topo = new ChaosTopology(pg, nats, await freePort(), hsm);
    // The api migrates first; the workers then find the schema in place.
    await topo.api.start();
    await Promise.all([...topo.issuers, topo.projector].map((s) => s.start()));
    log(`api on ${topo.apiUrl}, cert-issuer x2, projector started`);
    return topo;
  }

  get natsUrl(): string {
    return this.nats.url;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  protected destroyNats(): Promise<void> {
    return this.nats.destroy();
  }

  override async destroy(): Promise<void> {
    await super.destroy();
    this.hsm.remove();
    rmSync(dirname(this.hsm.conf), { recursive: true, force: true });
  }
}
