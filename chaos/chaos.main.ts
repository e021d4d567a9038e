import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as PgClient } from 'pg';
import { deadLettered, readModelDiff } from './checks';
import { FAULT_STEPS, FaultContext, FaultWindow } from './fault-steps';
import { LoadGenerator } from './load-generator';
import { ChaosFigures, exitWithRun, reportFigures, settleAndCount } from './report';
import { privateKeyNeedle, publishedHaystack, scanForSecrets, Secret, storedHaystacks } from './secret-scan';
import { ChaosTopology, RUN_ACK_WAIT_MS } from './topology';

/**
 * `npm run chaos`: the distributed topology under steady load while faults are injected one
 * after another, then the checks. CERTPLANE_CHAOS_SECONDS sets how long the load and faults
 * last (default 150; CI runs a shorter variant). Progress goes to stderr, the figures to stdout
 * as the last line; the exit code is 1 when a check fails.
 */
// Past the consumers' ack wait, so what the frozen projector held is delivered again while it is stopped.
const FREEZE_MS = RUN_ACK_WAIT_MS + 5_000;
const MIN_SECONDS = FREEZE_MS / 1000 + 10;

const log = (line: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<number> {
  const seconds = Number(process.env.CERTPLANE_CHAOS_SECONDS ?? 150);
  if (!Number.isFinite(seconds) || seconds < MIN_SECONDS)
    throw new Error(
      `CERTPLANE_CHAOS_SECONDS must be a number ≥ ${MIN_SECONDS} (the projector stays frozen ${FREEZE_MS / 1000} s)`,
    );
  const started = Date.now();
  const topo = await ChaosTopology.start(log);
  try {
    return await run(topo, seconds, started);
  } catch (e) {
    log(`failed: ${(e as Error).message}\n${topo.describe()}`);
    throw e;
  } finally {
    if (process.env.CERTPLANE_CHAOS_KEEP === '1')
      log(`kept: postgres ${topo.databaseUrl} (data ${topo.pg.dataDir}), nats ${topo.nats.url}`);
    else await topo.destroy();
  }
}

async function run(topo: ChaosTopology, seconds: number, started: number): Promise<number> {
  const runId = randomBytes(3).toString('hex');
  const ns = await fetch(`${topo.apiUrl}/v1/namespace`, {
    method: 'POST',
    headers: { authorization: `Bearer ${topo.secrets.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `chaos-${runId}` }),
  });
  if (ns.status !== 201) throw new Error(`creating the namespace answered ${ns.status}: ${await ns.text()}`);

  const load = new LoadGenerator({
    url: topo.apiUrl,
    token: topo.secrets.apiToken,
    virtualClients: 6,
    namePrefix: `chaos-${runId}`,
    namespace: `chaos-${runId}`,
    tunnelEvery: 5,
  });
  load.start();
  // What the steps themselves take besides their pauses, roughly; the rest is spread between them.
  const gapMs = Math.max(2_000, ((seconds - FREEZE_MS / 1000 - 15) * 1000) / (FAULT_STEPS.length + 1) / 1.5);
  const ctx: FaultContext = {
    topo,
    load,
    log,
    pauseMs: Math.round(gapMs / 2),
    freezeMs: FREEZE_MS,
    poisonIds: [],
    duplicatesPublished: 0,
  };
  const windows: FaultWindow[] = [];
  for (const step of FAULT_STEPS) {
    await sleep(gapMs);
    const start = Date.now();
    const note = await step.run(ctx);
    windows.push({ kind: step.kind, start, end: Date.now(), note });
    log(`${step.kind}: ${note} (${Date.now() - start} ms)`);
  }
  await sleep(gapMs);
  await load.stop();
  const record = load.record;
  log(`load stopped: ${record.accepted.length} enrolments accepted, ${record.answers.length} answers`);

  const db = new PgClient({ connectionString: topo.databaseUrl });
  await db.connect();
  let figures: ChaosFigures;
  const crashedWhileRunning = topo.crashes();
  try {
    // A second more before the details are asked again: the last issuances' answers may be on their way.
    const quiet = await settleAndCount({
      db,
      natsUrl: topo.nats.url,
      streamName: topo.bus.streamName,
      accepted: record.accepted,
      answers: record.answers,
      windows,
      missingDetails: () => sleep(1_000).then(() => load.collectMissingDetails()),
      log,
    });
    const dead = await deadLettered(db, ctx.poisonIds);

    const secrets: Secret[] = [
      { kind: 'api token', needle: topo.secrets.apiToken },
      { kind: 'encryption key', needle: topo.secrets.encryptionKey },
      ...record.tunnelTokens.map((t): Secret => ({ kind: 'tunnel authToken', needle: t })),
      ...record.accepted
        .filter((e) => e.privateKey)
        .map((e): Secret => ({ kind: 'private key', needle: privateKeyNeedle(e.privateKey!) })),
      ...record.accepted.map((e): Secret => ({ kind: 'details secret', needle: e.detailsSecret })),
    ];
    const published = await publishedHaystack(topo.nats.url, topo.bus.streamName);
    const stored = await storedHaystacks(db);
    await db.end();

    // Stopped in order (each must exit 0), then the read models are compared with a rebuild.
    await topo.stopApps();
    const crashed = topo.crashes();
    for (const c of crashed)
      log(
        `crashed: ${c.name} (exit ${c.exit})${crashedWhileRunning.some((x) => x.name === c.name) ? ' while the run went on' : ' on the final SIGTERM'}`,
      );
    const diff = await readModelDiff(topo);
    if (diff.total) log(`read model diff: ${JSON.stringify(diff.byTable)}\n  ${diff.examples.join('\n  ')}`);

    const logs = topo.logs().map((l) => ({ where: `log of ${l.name}`, text: l.text }));
    const logDir = process.env.CERTPLANE_CHAOS_LOG_DIR;
    if (logDir) {
      mkdirSync(logDir, { recursive: true });
      for (const l of topo.logs()) writeFileSync(join(logDir, `${l.name.replace('#', '.')}.log`), l.text);
      writeFileSync(join(logDir, 'answers.json'), JSON.stringify({ windows, answers: record.answers }));
      log(`logs written to ${logDir}`);
    }
    const found = scanForSecrets(secrets, [...logs, ...stored, published]);
    for (const f of found.slice(0, 10)) log(`secret found: a ${f.kind} in ${f.where.join(', ')}: …${f.context}…`);
    log(
      `secret scan: ${secrets.length} secrets (${record.tunnelTokens.length} tunnel tokens, ${secrets.filter((s) => s.kind === 'private key').length} private keys) in ${logs.length} logs, ${stored.length} tables and the stream`,
    );

    figures = {
      accepted: record.accepted.length,
      issued: quiet.issued,
      lost: quiet.lost,
      duplicated: quiet.duplicated,
      read_model_diff: diff.total,
      dead_lettered: dead.length,
      unexpected_5xx: quiet.unexpected_5xx,
      crashed: crashed.length,
      secrets_found: found.length,
      details_missing: quiet.details_missing,
      poison_published: ctx.poisonIds.length,
      duplicates_published: ctx.duplicatesPublished,
      answers: record.answers.length,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await db.end().catch(() => undefined);
  }
  return reportFigures(figures, log);
}

exitWithRun('chaos', main);
