/**
 * `npm run bench:floors`: what the building blocks of one enrolment cost on this machine at the least,
 * with nothing of certplane in them, so the e2e figures of `npm run bench` can be read against what the
 * design could reach at best. Each is measured under load (64 HTTP clients, 16 Postgres connections,
 * 256 JetStream publishes in flight, a pull consumer) and reported as CPU ms per operation for each side,
 * read from /proc, and the rate reached on this machine's cores. Uses the machine's Postgres and NATS
 * (BENCH_POSTGRES_URL, BENCH_NATS_URL), a throwaway stream, and leaves nothing behind.
 *
 *   BENCH_FLOOR_OPS   operations per measurement (default 20000)
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { processCpuMs } from './cpu-meter';
import { HttpClient } from './http-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { benchServices, createBenchDatabase, freePort, withAdmin } from './services';
import { fmt, percentile, progress, sortedAsc } from './stats';

const ops = Number(process.env.BENCH_FLOOR_OPS ?? 20_000);

interface Floor {
  perSecond: number;
  /** CPU ms per operation: the serving side (server, Postgres backend, nats-server) and the calling side. */
  serverMs: number;
  clientMs: number;
}

const selfCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function measure(serverPids: () => number[], run: () => Promise<void>): Promise<Floor> {
  const server0 = serverPids().reduce((a, pid) => a + processCpuMs(pid), 0);
  const client0 = selfCpuMs();
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  return {
    perSecond: ops / seconds,
    serverMs: (serverPids().reduce((a, pid) => a + processCpuMs(pid), 0) - server0) / ops,
    clientMs: (selfCpuMs() - client0) / ops,
  };
}

async function httpFloor(): Promise<Floor> {
  const port = await freePort();
  const server = fork(resolve(__dirname, 'floor-server.js'), [String(port)]);
  await new Promise((r) => server.once('message', r));
  const http = new HttpClient(`http://127.0.0.1:${port}`, 64);
  const body = JSON.stringify({ name: 'floor', topics: { insert: 'data', query: 'requests' } });
  const run = () =>
    Promise.all(
      Array.from({ length: 64 }, async () => {
        for (let i = 0; i < ops / 64; i++)
          await http.send('POST', '/clientcontroller/enrol', { 'content-type': 'application/json' }, body, 10_000);
      }),
    ).then(() => undefined);
  try {
    await run(); // warm-up
    return await measure(() => [server.pid!], run);
  } finally {
    http.close();
    server.kill();
  }
}

async function postgresFloor(url: string): Promise<Floor> {
  const clients = await Promise.all(
    Array.from({ length: 16 }, async () => {
      const c = new Client({ connectionString: url, application_name: 'certplane-bench-floors' });
      await c.connect();
      return c;
    }),
  );
  try {
    const pids = await Promise.all(
      clients.map(async (c) => (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number),
    );
    const run = () =>
      Promise.all(
        clients.map(async (c) => {
          for (let i = 0; i < ops / 16; i++) await c.query('SELECT $1::text AS v', ['floor']);
        }),
      ).then(() => undefined);
    await run();
    return await measure(() => pids, run);
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/**
 * What one sequential client waits for at the least: a round trip and a durable commit on an otherwise
 * idle connection (20 ms apart, as a lone client's steps are), p50 of 100.
 */
async function idleLatencies(url: string): Promise<{ selectMs: number; commitMs: number }> {
  const c = new Client({ connectionString: url, application_name: 'certplane-bench-floors' });
  await c.connect();
  try {
    const select: number[] = [];
    const commit: number[] = [];
    for (let i = 0; i < 100; i++) {
      await sleep(20);
      let t = performance.now();
      await c.query('SELECT 1');
      select.push(performance.now() - t);
      await sleep(20);
      // A temporary table's rows are not WAL-logged: commit a row of a real table, as an append does.
      t = performance.now();
      await c.query('INSERT INTO floor_commits_durable (n) VALUES ($1)', [i]);
      commit.push(performance.now() - t);
    }
    return { selectMs: percentile(sortedAsc(select), 50), commitMs: percentile(sortedAsc(commit), 50) };
  } finally {
    await c.end();
  }
}

async function jetStreamFloors(servers: string): Promise<{ publish: Floor; consume: Floor }> {
  const nc = await connect({ servers, noAsyncTraces: true });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const name = `floors-${randomBytes(5).toString('hex')}`;
  await jsm.streams.add({ name, subjects: [`${name}.>`] });
  const natsPids = natsServerPids;
  try {
    const data = Buffer.alloc(600, 'x'); // about an event's size
    const publish = await measure(natsPids, async () => {
      for (let i = 0; i < ops; i += 256)
        await Promise.all(
          Array.from({ length: Math.min(256, ops - i) }, (_, k) =>
            js.publish(`${name}.e`, data, { msgID: `${i + k}` }),
          ),
        );
    });
    await jsm.consumers.add(name, { durable_name: 'floors', ack_policy: AckPolicy.Explicit });
    const consumer = await js.consumers.get(name, 'floors');
    const consume = await measure(natsPids, async () => {
      const messages = await consumer.consume({ max_messages: 256 });
      let seen = 0;
      for await (const m of messages) {
        m.ack();
        if (++seen >= ops) break;
      }
    });
    return { publish, consume };
  } finally {
    await jsm.streams.delete(name).catch(() => undefined);
    await nc.close();
  }
}

/** Every nats-server on the machine: the bench's services are the machine's own. */
function natsServerPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'nats-server';
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function main(): Promise<void> {
  const services = benchServices();
  progress(`floors: ${ops} operations each`);
  const http = await httpFloor();
  progress(
    `bare node:http request (64 keep-alive clients): ${fmt(http.perSecond, 0)}/s; server ${fmt(http.serverMs, 3)} cpu-ms, client ${fmt(http.clientMs, 3)} cpu-ms`,
  );
  const pg = await postgresFloor(services.postgresAdminUrl);
  progress(
    `Postgres statement (16 connections): ${fmt(pg.perSecond, 0)}/s; postgres ${fmt(pg.serverMs, 3)} cpu-ms, client ${fmt(pg.clientMs, 3)} cpu-ms`,
  );
  const db = await createBenchDatabase(services.postgresAdminUrl);
  let idle: { selectMs: number; commitMs: number };
  try {
    await withAdmin(db.url, (c) => c.query('CREATE TABLE floor_commits_durable (n int)'));
    idle = await idleLatencies(db.url);
  } finally {
    await db.drop();
  }
  progress(
    `idle connection, one at a time: round trip p50 ${fmt(idle.selectMs, 2)} ms, durable commit of one row p50 ${fmt(idle.commitMs, 2)} ms`,
  );
  const { publish, consume } = await jetStreamFloors(services.natsUrl);
  progress(
    `JetStream publish + PubAck (256 in flight): ${fmt(publish.perSecond, 0)}/s; nats-server ${fmt(publish.serverMs, 3)} cpu-ms, client ${fmt(publish.clientMs, 3)} cpu-ms`,
  );
  progress(
    `JetStream pull consume + ack: ${fmt(consume.perSecond, 0)}/s; nats-server ${fmt(consume.serverMs, 3)} cpu-ms, client ${fmt(consume.clientMs, 3)} cpu-ms`,
  );
  // One enrolment: two HTTP requests, the statements and messages `npm run bench` counts per enrolment.
  const perEnrolment =
    2 * (http.serverMs + http.clientMs) +
    2 * (pg.serverMs + pg.clientMs) +
    2 * (publish.serverMs + publish.clientMs) +
    3 * (consume.serverMs + consume.clientMs);
  process.stdout.write(
    `floor per enrolment (2 requests, 2 statements, 2 publishes, 3 deliveries; no certplane logic): ${fmt(perEnrolment, 2)} cpu-ms = at most ${fmt((2 * 1000) / perEnrolment, 0)} enrolments/s on 2 cores\n`,
  );
  process.stdout.write(
    [
      `http_floor_per_s=${fmt(http.perSecond, 0)}`,
      `http_server_ms=${fmt(http.serverMs, 3)}`,
      `http_client_ms=${fmt(http.clientMs, 3)}`,
      `pg_statement_ms=${fmt(pg.serverMs + pg.clientMs, 3)}`,
      `js_publish_ms=${fmt(publish.serverMs + publish.clientMs, 3)}`,
      `js_consume_ms=${fmt(consume.serverMs + consume.clientMs, 3)}`,
      `floor_ms_per_enrolment=${fmt(perEnrolment, 2)}`,
      `idle_round_trip_ms=${fmt(idle.selectMs, 2)}`,
      `idle_commit_ms=${fmt(idle.commitMs, 2)}`,
    ].join(' ') + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`bench:floors failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
