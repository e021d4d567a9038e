import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import { pollUntil } from '../test/support/wait';
import { readModelDiff } from './checks';
import { LoadGenerator } from './load-generator';
import { exitWithRun, reportFigures, RunFigures, settleAndCount } from './report';
import { ScaleTopology } from './scale-topology';

/**
 * `npm run scale`: every service replicated on loopback (a three-node JetStream cluster, two apis,
 * two cert-issuers, two projectors) under enrolment load through both apis, while the stream's
 * leader is killed and, later, a node's store is wiped and the node restarted. Once quiet: every
 * accepted enrolment issued exactly once, details answer each, the read models equal a rebuild.
 * CERTPLANE_SCALE_SECONDS bounds the load (default 90), CERTPLANE_SCALE_MAX_ENROLMENTS its count
 * (default 2000). Progress goes to stderr, the figures to stdout as the last line; exit code 1
 * when a check fails.
 */
const log = (line: string) => process.stderr.write(`[scale ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<number> {
  const seconds = Number(process.env.CERTPLANE_SCALE_SECONDS ?? 90);
  const maxEnrolments = Number(process.env.CERTPLANE_SCALE_MAX_ENROLMENTS ?? 2000);
  if (!Number.isFinite(seconds) || seconds < 20 || seconds > 3600)
    throw new Error('CERTPLANE_SCALE_SECONDS must be a number of seconds from 20 to 3600');
  if (!Number.isInteger(maxEnrolments) || maxEnrolments < 1 || maxEnrolments > 100_000)
    throw new Error('CERTPLANE_SCALE_MAX_ENROLMENTS must be a whole number from 1 to 100000');
  const started = Date.now();
  const topo = await ScaleTopology.start(log);
  try {
    return await run(topo, seconds, maxEnrolments, started);
  } catch (e) {
    log(`failed: ${(e as Error).message}\n${topo.describe()}`);
    throw e;
  } finally {
    await topo.destroy();
  }
}

async function run(topo: ScaleTopology, seconds: number, maxEnrolments: number, started: number): Promise<number> {
  const runId = randomBytes(3).toString('hex');
  const namespace = `scale-${runId}`;
  const ns = await fetch(`${topo.apiUrls[0]}/v1/namespace`, {
    method: 'POST',
    headers: { authorization: `Bearer ${topo.secrets.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: namespace }),
  });
  if (ns.status !== 201) throw new Error(`creating the namespace answered ${ns.status}: ${await ns.text()}`);
  const loads = topo.apiUrls.map(
    (url, i) =>
      new LoadGenerator({
        url,
        token: topo.secrets.apiToken,
        virtualClients: 3,
        namePrefix: `scale-${runId}-${i}`,
        namespace,
        tunnelEvery: 5,
      }),
  );
  loads.forEach((l) => l.start());
  const accepted = () => loads.reduce((n, l) => n + l.record.accepted.length, 0);
  const loadStarted = Date.now();
  /** Waits until `fraction` of the load's time has passed, or its count is reached, whichever is first. */
  const until = (fraction: number) =>
    pollUntil(
      'the next step',
      () => (Date.now() >= loadStarted + fraction * seconds * 1000 || accepted() >= maxEnrolments ? true : undefined),
      { timeoutMs: seconds * 1000 + 60_000, everyMs: 200 },
    );

  await until(1 / 3);
  const leader = await topo.streamLeader();
  await leader.kill();
  log(`stream leader (nats port ${leader.port}) kill -9 with ${accepted()} enrolments accepted`);
  await sleep(3_000);
  await leader.restart();
  log('former leader restarted on its store');

  await until(2 / 3);
  const newLeader = await topo.streamLeader();
  const follower = topo.nats.nodes.find((n) => n !== newLeader)!;
  await ScaleTopology.wipe(follower);
  log(
    `follower (nats port ${follower.port}) kill -9, store wiped, restarted empty, with ${accepted()} enrolments accepted`,
  );

  await until(1);
  await Promise.all(loads.map((l) => l.stop()));
  const records = loads.map((l) => l.record);
  const all = { accepted: records.flatMap((r) => r.accepted), answers: records.flatMap((r) => r.answers) };
  log(
    `load stopped: ${all.accepted.length} enrolments accepted through ${loads.length} apis, ${all.answers.length} answers`,
  );

  const db = new PgClient({ connectionString: topo.databaseUrl });
  await db.connect();
  let figures: RunFigures;
  try {
    // No database fault in this run: only the documented waits for lagging workers are expected.
    const quiet = await settleAndCount({
      db,
      natsUrl: topo.natsUrl,
      streamName: topo.bus.streamName,
      accepted: all.accepted,
      answers: all.answers,
      windows: [],
      missingDetails: async () => (await Promise.all(loads.map((l) => l.collectMissingDetails()))).flat(),
      log,
    });
    await db.end();

    await topo.stopApps();
    const crashed = topo.crashes();
    for (const c of crashed) log(`crashed: ${c.name} (exit ${c.exit})`);
    const diff = await readModelDiff(topo);
    if (diff.total) log(`read model diff: ${JSON.stringify(diff.byTable)}\n  ${diff.examples.join('\n  ')}`);
    figures = {
      accepted: all.accepted.length,
      issued: quiet.issued,
      lost: quiet.lost,
      duplicated: quiet.duplicated,
      details_missing: quiet.details_missing,
      read_model_diff: diff.total,
      unexpected_5xx: quiet.unexpected_5xx,
      crashed: crashed.length,
      answers: all.answers.length,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await db.end().catch(() => undefined);
  }
  return reportFigures(figures, log);
}

exitWithRun('scale', main);
