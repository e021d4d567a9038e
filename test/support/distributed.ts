import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type BusNames, deleteStream, uniqueBusNames } from './nats-admin';
import { ChildRun, deploymentEnv, freePort } from './processes';
import { createTestDatabase, TestDatabase } from './test-database';
import { testServices } from './test-services';
import { waitUntil } from './wait';

const ROOT = join(__dirname, '..', '..');
export const entryOf = (app: 'api' | 'cert-issuer' | 'projector') => join(ROOT, 'dist', 'apps', app, 'src', 'main.js');

export function assertBuilt(): void {
  for (const app of ['api', 'cert-issuer', 'projector'] as const) {
    if (!existsSync(entryOf(app)))
      throw new Error(`${entryOf(app)} is missing: run \`npm run build\` before the topology tests`);
  }
}

/** certplane distributed: the api, cert-issuers and a projector as node processes of the build, meeting only in Postgres and NATS. */
export interface Distributed {
  url: string;
  token: string;
  api: ChildRun;
  issuers: ChildRun[];
  projector: ChildRun;
  children: ChildRun[];
  db: TestDatabase;
  bus: BusNames;
  /** Stops every process, drops the database and deletes the stream. */
  stop(): Promise<void>;
}

/**
 * Starts the processes on a fresh database and stream and waits until each is up; `issuerEnv` is
 * added to each cert-issuer's environment. A process that exits while starting fails it, with what
 * every process printed.
 */
export async function startDistributed(
  opts: { issuers?: number; issuerEnv?: Record<string, string> } = {},
): Promise<Distributed> {
  assertBuilt();
  const db = await createTestDatabase('topo');
  const bus = uniqueBusNames();
  const token = 'topology-token-' + randomBytes(16).toString('hex');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const children: ChildRun[] = [];
  const common = {
    ...deploymentEnv(db.url, bus, token),
    CERTPLANE_RELAY_SWEEP_AFTER_MS: '500',
    CERTPLANE_TLS_PORT: '0',
  };
  const start = (name: string, app: 'api' | 'cert-issuer' | 'projector', extra: Record<string, string> = {}) => {
    const c = ChildRun.spawn(name, process.execPath, [entryOf(app)], { env: { ...common, ...extra }, cwd: ROOT });
    children.push(c);
    return c;
  };
  const api = start('api', 'api', { PORT: String(port), HOST: '127.0.0.1' });
  const issuers = Array.from({ length: opts.issuers ?? 1 }, (_, i) =>
    start(`cert-issuer-${i + 1}`, 'cert-issuer', opts.issuerEnv),
  );
  const projector = start('projector', 'projector');
  const stop = async () => {
    await Promise.all(children.map((c) => c.stop(10_000)));
    await deleteStream(testServices().natsUrl, bus.streamName).catch(() => undefined);
    await db.drop();
  };

  const context = () => ChildRun.describeAll(children);
  const alive = () => {
    const dead = children.find((c) => !c.running);
    if (dead) throw new Error(`${dead.name} exited during start-up\n${context()}`);
  };
  try {
    await waitUntil(
      'the api to answer',
      async () => {
        alive();
        const r = await fetch(`${url}/informationservice/details/${'0'.repeat(32)}`).catch(() => undefined);
        return r?.status === 404 ? true : undefined;
      },
      40_000,
      context,
    );
    for (const [c, role] of [...issuers.map((i) => [i, 'cert-issuer'] as const), [projector, 'projector'] as const]) {
      await waitUntil(
        `${c.name} to start`,
        async () => {
          alive();
          return c.logLines().some((l) => l.msg === `certplane ${role} started`) ? true : undefined;
        },
        40_000,
        context,
      );
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, token, api, issuers, projector, children, db, bus, stop };
}
