import { Client as PgClient } from 'pg';
import { waitForDurablesCaughtUp } from '../test/support/jetstream-inspect';
import { pollUntil } from '../test/support/wait';
import { answerSummary, duplicatedIssuance, issuance, unexpected5xx } from './checks';
import { FaultWindow } from './fault-steps';
import { Answer, Enrolment } from './load-generator';

/** The figures of a run, printed as the last line; the checks are what must hold. */
export interface ChaosFigures {
  accepted: number;
  issued: number;
  lost: number;
  duplicated: number;
  read_model_diff: number;
  dead_lettered: number;
  unexpected_5xx: number;
  crashed: number;
  secrets_found: number;
  /** Accepted, not left, issued, and still no certificate from details once quiet. */
  details_missing: number;
  poison_published: number;
  duplicates_published: number;
  answers: number;
  seconds: number;
}

/** What every run counts; the chaos run counts more (ChaosFigures). */
export type RunFigures = Pick<
  ChaosFigures,
  | 'accepted'
  | 'issued'
  | 'lost'
  | 'duplicated'
  | 'read_model_diff'
  | 'unexpected_5xx'
  | 'crashed'
  | 'details_missing'
  | 'answers'
  | 'seconds'
> &
  Partial<ChaosFigures>;

/** The checks that failed, of those the figures count. */
export function failedChecks(f: RunFigures): string[] {
  const failed: string[] = [];
  if (f.accepted === 0) failed.push('accepted=0: the load generator got no enrolment through');
  if (f.lost !== 0) failed.push(`lost=${f.lost}`);
  if (f.duplicated !== 0) failed.push(`duplicated=${f.duplicated}`);
  if (f.read_model_diff !== 0) failed.push(`read_model_diff=${f.read_model_diff}`);
  if (f.dead_lettered !== undefined && (f.dead_lettered !== f.poison_published || f.poison_published === 0))
    failed.push(`dead_lettered=${f.dead_lettered} of ${f.poison_published} poison messages`);
  if (f.unexpected_5xx !== 0) failed.push(`unexpected_5xx=${f.unexpected_5xx}`);
  if (f.crashed !== 0) failed.push(`crashed=${f.crashed}`);
  if (f.secrets_found !== undefined && f.secrets_found !== 0) failed.push(`secrets_found=${f.secrets_found}`);
  if (f.details_missing !== 0) failed.push(`details_missing=${f.details_missing}`);
  return failed;
}

/** Logs what failed and prints the figures as the last line on stdout; the run's exit code. */
export function reportFigures(figures: RunFigures, log: (line: string) => void): number {
  const failed = failedChecks(figures);
  if (failed.length) log(`FAILED: ${failed.join('; ')}`);
  process.stdout.write(keyValueLine(figures) + '\n');
  return failed.length ? 1 : 0;
}

/** Runs a run's main and exits with its code: 2 when it could not run at all. */
export function exitWithRun(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${name} run failed: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(2);
    },
  );
}

export function keyValueLine(f: object): string {
  return Object.entries(f)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** What a run left for the quiet checks: its accepted enrolments and answers, and where to look. */
export interface QuietInput {
  db: PgClient;
  natsUrl: string;
  streamName: string;
  accepted: Enrolment[];
  answers: Answer[];
  /** When faults were under way: a 5xx inside one (or just after) is expected. */
  windows: FaultWindow[];
  /** The accepted enrolments details still answer without a certificate, asked once more now. */
  missingDetails: () => Promise<Enrolment[]>;
  log: (line: string) => void;
}

export interface QuietFigures {
  issued: number;
  lost: number;
  duplicated: number;
  details_missing: number;
  unexpected_5xx: number;
}

/**
 * The end of a run, chaos or scale: waits until the system is quiet (every accepted enrolment issued, the outbox
 * empty, both durables caught up; what does not happen in time is logged and then counted), then counts what was
 * lost, issued twice, left without details or answered 5xx outside a fault, logging examples of each.
 */
export async function settleAndCount(input: QuietInput): Promise<QuietFigures> {
  const { db, accepted, log } = input;
  await pollUntil(
    'the system to settle (certificates issued, outbox empty)',
    async () =>
      ((await issuance(db, accepted)).lost.length === 0 &&
        (await db.query('SELECT 1 FROM outbox LIMIT 1')).rows.length === 0) ||
      undefined,
    { timeoutMs: 90_000, everyMs: 500 },
  ).catch((e) => log((e as Error).message));
  await waitForDurablesCaughtUp(input.natsUrl, input.streamName, ['cert-issuer', 'projector'], {
    timeoutMs: 60_000,
  }).catch((e) => log((e as Error).message));
  const noDetails = await input.missingDetails();
  if (noDetails.length)
    log(
      `details never answered with a certificate for ${noDetails.length} accepted enrolment(s): ${noDetails
        .slice(0, 5)
        .map((e) => e.name)
        .join(', ')}`,
    );
  const { issued, lost } = await issuance(db, accepted);
  if (lost.length) log(`lost: ${lost.slice(0, 10).join(', ')}`);
  const duplicated = await duplicatedIssuance(db);
  if (duplicated.length) log(`duplicated: ${duplicated.slice(0, 10).join(', ')}`);
  const bad5xx = unexpected5xx(input.answers, input.windows);
  if (bad5xx.length) log(`unexpected 5xx: ${JSON.stringify(answerSummary(bad5xx))}`);
  log(`answers: ${JSON.stringify(answerSummary(input.answers))}`);
  return {
    issued,
    lost: lost.length,
    duplicated: duplicated.length,
    details_missing: noDetails.length,
    unexpected_5xx: bad5xx.length,
  };
}
