import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';

/** The machine's shared services; the same defaults as the integration tests, overridable per run. */
export function benchServices() {
  return {
    postgresAdminUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222',
  };
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for this run only (certplane migrates it on start). */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs one admin query session; used for the database's lifecycle and for reading stage timings. */
export async function withAdmin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url, application_name: 'certplane-bench' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Unique stream and subject names, so the run never meets another deployment's messages. */
export function uniqueBusNames(): { streamName: string; subjectPrefix: string } {
  const id = randomBytes(5).toString('hex');
  return { streamName: `cp-bench-${id}`, subjectPrefix: `cpb.${id}.events` };
}

/** Fails fast (with the reason) when JetStream is not reachable, before anything is created. */
export async function checkNats(servers: string): Promise<void> {
  const nc = await connect({ servers, timeout: 5000 });
  try {
    await jetstreamManager(nc);
  } finally {
    await nc.close();
  }
}

export async function deleteStream(servers: string, streamName: string): Promise<boolean> {
  const nc = await connect({ servers, timeout: 5000 });
  try {
    const jsm = await jetstreamManager(nc);
    return await jsm.streams.delete(streamName).catch(() => false);
  } finally {
    await nc.close();
  }
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
