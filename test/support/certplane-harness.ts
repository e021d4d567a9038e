import { randomBytes } from 'node:crypto';
import { Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { CertplaneConfig, loadConfig } from '@certplane/config';
import { PostgresEventStore } from '@certplane/event-store';
import { IssuanceModule } from '@certplane/issuance';
import { PlatformModule } from '@certplane/platform';
import { ProjectionsModule } from '@certplane/projections';
import { CertificateAuthorityStore } from '@certplane/vault';
import { ApiModule } from '../../apps/api/src/api.module';
import { startHttpApp } from '../../apps/api/src/http-app';
import { TlsListener } from '../../apps/api/src/tls/tls-listener';
import { callHttp, type HttpAnswer } from './http';
import { type BusNames, deleteStream, uniqueBusNames } from './nats-admin';
import { createTestDatabase, TestDatabase } from './test-database';
import { testServices } from './test-services';
import { pollUntil } from './wait';

export type Worker = 'cert-issuer' | 'projector';

export interface HarnessOptions {
  /** Workers running beside the api in this process; default both. */
  workers?: Worker[];
  /** Extra environment, e.g. CERTPLANE_DETAILS_WAIT_MS. */
  env?: Record<string, string>;
  /** Reuse a database / bus names (a second process of the same deployment). */
  database?: TestDatabase;
  bus?: BusNames;
  natsUrl?: string;
  /** Keep every log line the process writes in `logs` (at CERTPLANE_LOG_LEVEL, default trace then) instead of stdout. */
  captureLogs?: boolean;
}

export interface Harness {
  url: string;
  /** https://127.0.0.1:<port> of the mTLS listener; undefined with CERTPLANE_TLS_ENABLED=false. */
  tlsUrl?: string;
  token: string;
  config: CertplaneConfig;
  env: Record<string, string>;
  db: TestDatabase;
  bus: BusNames;
  app: NestFastifyApplication;
  /** The log lines written so far, when started with captureLogs. */
  logs: string[];
  ds: DataSource;
  store: PostgresEventStore;
  /**
   * How many events were recorded after start-up: what start-up itself recorded (the CA as the first
   * issuer) is not counted, so a test that records nothing expects 0.
   */
  eventsSinceStart(): Promise<number>;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  /** Stops the app; keeps the database and stream (for a restart on the same deployment). */
  stopApp(): Promise<void>;
  /** Stops the app and drops the database and the stream. */
  stop(): Promise<void>;
}

/**
 * certplane in this test process against the machine's real Postgres and NATS, on a fresh
 * database and fresh stream names: the api plus, by default, the cert-issuer and the projector.
 */
export async function startCertplane(opts: HarnessOptions = {}): Promise<Harness> {
  const services = testServices();
  const db = opts.database ?? (await createTestDatabase('e2e'));
  const bus = opts.bus ?? uniqueBusNames();
  const token = 'test-token-' + randomBytes(16).toString('hex');
  const env: Record<string, string> = {
    PORT: '0',
    // Any free port: tests run side by side, and 8443 may be anyone's.
    CERTPLANE_TLS_PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: db.url,
    NATS_URL: opts.natsUrl ?? services.natsUrl,
    CERTPLANE_API_TOKEN: token,
    CERTPLANE_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    CERTPLANE_NATS_STREAM: bus.streamName,
    CERTPLANE_NATS_SUBJECT_PREFIX: bus.subjectPrefix,
    CERTPLANE_LOG_LEVEL: process.env.CERTPLANE_TEST_LOG_LEVEL ?? (opts.captureLogs ? 'trace' : 'silent'),
    CERTPLANE_RELAY_SWEEP_AFTER_MS: '500',
    ...opts.env,
  };
  const config = loadConfig(env);
  const workers = opts.workers ?? ['cert-issuer', 'projector'];
  const logs: string[] = [];
  const logDestination = opts.captureLogs ? { write: (line: string) => void logs.push(line) } : undefined;
  @Module({
    imports: [
      PlatformModule.forRoot({ role: 'all-in-one', config, logDestination }),
      ApiModule,
      ...(workers.includes('cert-issuer') ? [IssuanceModule] : []),
      ...(workers.includes('projector') ? [ProjectionsModule] : []),
    ],
  })
  class HarnessModule {}
  const app = await startHttpApp(HarnessModule, { role: 'all-in-one', announce: false });
  const tlsPort = config.tls.enabled ? app.get(TlsListener).port : undefined;
  // HTTPS only (CERTPLANE_HTTP_ENABLED=false): call() cannot trust the server, tests use curl with cluster.crt.
  const url = config.httpEnabled
    ? `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`
    : `https://127.0.0.1:${tlsPort}`;
  const ds = app.get(DataSource);
  // Start-up records the CA as the first issuer at the first use of the issuers: made to happen here, before the count starts.
  await app
    .get(CertificateAuthorityStore)
    .issuers()
    .catch(() => undefined);
  const [{ p: startedAt }] = await ds.query(`SELECT coalesce(max(position), 0)::text AS p FROM events`);
  let appStopped = false;
  const stopApp = async () => {
    if (appStopped) return;
    appStopped = true;
    await app.close();
  };
  return {
    url,
    tlsUrl: tlsPort ? `https://127.0.0.1:${tlsPort}` : undefined,
    token: config.apiToken!,
    config,
    env,
    db,
    bus,
    app,
    logs,
    ds,
    store: app.get(PostgresEventStore),
    eventsSinceStart: async () =>
      (await ds.query(`SELECT count(*)::int AS n FROM events WHERE position > $1::bigint`, [startedAt]))[0].n,
    call: (method, path, body, headers) => callHttp(url, method, path, { body, headers }),
    stopApp,
    async stop() {
      await stopApp();
      await deleteStream(env.NATS_URL, bus.streamName);
      await db.drop();
    },
  };
}

export const bearer = (h: Harness) => ({ authorization: `Bearer ${h.token}` });

/** Polls every 50 ms until fn returns a value other than undefined, or fails after timeoutMs. */
export function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  return pollUntil(what, fn, { timeoutMs, everyMs: 50 });
}

/** The client id certplane derives from the details secret enrol answers with (its `url`). */
export { clientIdForDetailsSecret as clientIdOf } from '@certplane/domain';
