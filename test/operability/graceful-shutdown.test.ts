import { clientIdForDetailsSecret } from '@certplane/domain';
import { Client as PgClient } from 'pg';
import { callHttp } from '../support/http';
import { sleep } from '../support/processes';
import { pollUntil } from '../support/wait';
import { Deployment, Proc } from './deployment';

jest.setTimeout(180_000);

interface LoadResult {
  accepted: string[];
  /** Answers other than 200 (there should be none: no 5xx while processes come and go). */
  refused: Array<{ status: number; body: string }>;
  /** Requests that got no answer at all (connection refused or closed before a response). */
  unanswered: string[];
}

/**
 * Enrols as fast as `concurrency` callers can, each sending to the first api that takes its
 * connection, as a load balancer would; stops when told.
 */
function enrolUnderLoad(
  apis: () => Proc[],
  token: string,
  concurrency: number,
  stopped: () => boolean,
): Promise<LoadResult> {
  const result: LoadResult = { accepted: [], refused: [], unanswered: [] };
  let n = 0;
  const caller = async () => {
    while (!stopped()) {
      const name = `load-${n++}`;
      let answered = false;
      for (const api of apis()) {
        try {
          const r = await callHttp(api.url, 'POST', '/clientcontroller/enrol', {
            body: { name, topics: { insert: 'data' } },
            headers: { authorization: `Bearer ${token}` },
            timeoutMs: 20_000,
          });
          if (r.status === 200) result.accepted.push(r.body.url);
          else result.refused.push({ status: r.status, body: r.text });
          answered = true;
          break;
        } catch (e) {
          result.unanswered.push(
            `${api.name}: ${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}`,
          );
        }
      }
      if (!answered) await sleep(20);
    }
  };
  return Promise.all(Array.from({ length: concurrency }, caller)).then(() => result);
}

/**
 * SIGTERM mid-load to an api, a cert-issuer and the projector, each a separate process: every
 * enrolment an api accepted is issued exactly once, every client reaches the read model, and the
 * stopped processes exit 0 after finishing what they had in flight.
 */
describe('operability: graceful shutdown under load', () => {
  let d: Deployment;
  let pg: PgClient;
  beforeAll(async () => {
    d = await Deployment.create('opshutdown', { CERTPLANE_CONSUMER_CONCURRENCY: '8' });
    pg = new PgClient({ connectionString: d.db.url });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end().catch(() => undefined);
    await d?.stop();
  });

  it('loses nothing when an api, a cert-issuer and the projector are stopped while enrolments pour in', () =>
    d.explained(async () => {
      // api-a migrates; the others then find the schema in place and start side by side.
      const apiA = await d.start('api-a', 'api');
      const [apiB, issuer1, , projector1] = await Promise.all([
        d.start('api-b', 'api'),
        d.start('cert-issuer-1', 'cert-issuer'),
        d.start('cert-issuer-2', 'cert-issuer'),
        d.start('projector-1', 'projector'),
      ]);

      let stop = false;
      // api-a first while it runs, so that it is busy when it is told to stop.
      const load = enrolUnderLoad(
        () => [apiA, apiB].filter((a) => a.run.running),
        d.token,
        6,
        () => stop,
      );
      const exits: Record<string, Promise<{ code: number | null; signal: NodeJS.Signals | null }>> = {};
      const terminate = (p: Proc) => {
        p.run.proc.kill('SIGTERM');
        exits[p.name] = p.run.waitForExit(40_000);
      };

      await sleep(1_500);
      terminate(issuer1);
      await sleep(1_500);
      terminate(apiA);
      await sleep(1_000);
      terminate(projector1);
      expect(await exits['projector-1']).toEqual({ code: 0, signal: null });
      await d.start('projector-2', 'projector');
      await sleep(1_500);
      stop = true;
      const result = await load;

      expect(await exits['cert-issuer-1']).toEqual({ code: 0, signal: null });
      expect(await exits['api-a']).toEqual({ code: 0, signal: null });
      expect(result.refused).toEqual([]);
      expect(result.unanswered.filter((u) => !u.startsWith('api-a:'))).toEqual([]);
      expect(result.accepted.length).toBeGreaterThan(50);
      // The stopped api answered until it closed; after that only the other one did.
      const servedByA = apiA.run
        .logLines()
        .filter((l) => l.msg === 'request completed' && l.req?.url === '/clientcontroller/enrol').length;
      expect(servedByA).toBeGreaterThan(0);
      expect(apiA.run.logLines().filter((l) => l.level >= 50)).toEqual([]);

      // Every enrolment in the store, accepted or not, ends with exactly one certificate.
      const streams = await pollUntil(
        'every enrolment to be issued',
        async () => {
          const { rows } = await pg.query(
            `SELECT stream_id, array_agg(type ORDER BY stream_version) AS types FROM events WHERE stream_id LIKE 'client-%' GROUP BY stream_id`,
          );
          return rows.every((r) => r.types.includes('CertificateIssued')) ? rows : undefined;
        },
        { timeoutMs: 60_000, everyMs: 500 },
      );
      for (const s of streams)
        expect({ stream: s.stream_id, types: s.types }).toEqual({
          stream: s.stream_id,
          types: ['ClientEnrolled', 'CertificateIssued'],
        });
      // And exactly the accepted ones are stored: the stopping api answered every request it took
      // (the callers that got no answer had been turned away before anything was written).
      expect(streams.map((s) => s.stream_id.slice('client-'.length)).sort()).toEqual(
        result.accepted.map(clientIdForDetailsSecret).sort(),
      );

      // Every client reached the read model with its certificate, and each key was sealed with it.
      await pollUntil(
        'the read model to hold every certificate',
        async () => {
          const [{ n }] = (
            await pg.query(`SELECT count(*)::int AS n FROM rm_clients WHERE certificate_pem IS NOT NULL`)
          ).rows;
          return n === streams.length ? true : undefined;
        },
        { timeoutMs: 60_000, everyMs: 500 },
      );
      const [{ keys }] = (await pg.query(`SELECT count(*)::int AS keys FROM client_keys`)).rows;
      expect(keys).toBe(streams.length);
      const [{ serials }] = (
        await pg.query(
          `SELECT count(DISTINCT data->>'serialNumber')::int AS serials FROM events WHERE type = 'CertificateIssued'`,
        )
      ).rows;
      expect(serials).toBe(streams.length);
      expect((await pg.query(`SELECT consumer, error FROM dead_letters`)).rows).toEqual([]);
      await pollUntil(
        'the outbox to drain',
        async () => ((await pg.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n === 0 ? true : undefined),
        { timeoutMs: 20_000 },
      );
    }));
});
