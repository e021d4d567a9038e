import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODES } from '../../apps/api/src/openapi/error-codes';
import { streamContents } from '../tunnels/tunnel-fixtures';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';
import { BadCase, BAD_INPUT_KINDS } from './bad-input-catalogue';
import { checkIssuedAgainstProfile, hostileCsrs } from './csr-profile';
import { createFixtures, FuzzFixtures } from './fuzz-fixtures';
import { catalogueMarkdown } from './catalogue-doc';
import { RawAnswer, sendRaw } from './raw-request';
import { findSecrets } from './secret-scan';
import { settledState, snapshotState, StateSnapshot } from './state-snapshot';

/** Runs per kind: a few in `npm test`, many in `npm run fuzz` (CERTPLANE_FUZZ_RUNS). */
const RUNS = Number(process.env.CERTPLANE_FUZZ_RUNS ?? 6);
const SEED = process.env.CERTPLANE_FUZZ_SEED === undefined ? undefined : Number(process.env.CERTPLANE_FUZZ_SEED);
const README = join(__dirname, 'README.md');
// The OCSPResponse a responder sends for what it cannot parse: SEQUENCE { ENUMERATED malformedRequest(1) }.
const OCSP_MALFORMED = Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x01]);

jest.setTimeout(Math.max(120_000, RUNS * 2_000));

/** Why the answer is wrong for the case, or undefined when it is right. */
function wrongAnswer(c: BadCase, a: RawAnswer): string | undefined {
  if (c.codes === 'OCSP_MALFORMED') {
    return a.status === 200 && a.contentType.startsWith('application/ocsp-response') && a.body.equals(OCSP_MALFORMED)
      ? undefined
      : 'expected HTTP 200 with an OCSP malformedRequest response';
  }
  if (a.status < 400 || a.status >= 500) return `expected a 4xx, got ${a.status}`;
  const code = a.json?.code;
  if (typeof code !== 'string' || !(code in ERROR_CODES))
    return `the code ${JSON.stringify(code)} is not in ERROR_CODES`;
  if (ERROR_CODES[code as keyof typeof ERROR_CODES].status !== a.status)
    return `${code} is documented as ${ERROR_CODES[code as keyof typeof ERROR_CODES].status}, answered ${a.status}`;
  if (a.json.statusCode !== a.status || typeof a.json.message !== 'string' || a.json.message.length === 0)
    return 'the body is not {statusCode, code, message}';
  if (!c.codes.includes(code)) return `expected one of ${c.codes.join(', ')}, got ${code}`;
  return undefined;
}

const describeRequest = (c: BadCase) => {
  const body =
    c.request.body === undefined ? '' : ` body(${c.request.body.length}): ${c.request.body.toString().slice(0, 160)}`;
  return `${c.request.method} ${c.request.path.slice(0, 160)}${c.request.anonymous ? ' (no bearer)' : ''} ${JSON.stringify(c.request.headers ?? {})}${body}`;
};

describe('fuzz: hostile input gets a stable 4xx and changes nothing', () => {
  let h: Harness;
  let fx: FuzzFixtures;
  let before: StateSnapshot;
  /** What each kind was answered with: the codes seen and how often. */
  const seen = new Map<string, Map<string, number>>();
  const answers: string[] = [];
  const csrOutcomes: string[] = [];

  beforeAll(async () => {
    // Hundreds of bad requests from one address and one token: the per-caller limits (tested in test/abuse)
    // would answer 429 before the input is ever read, and the input is what this suite is about.
    // Likewise the answer floor of token uses (its timing is tested in test/enrolment-tokens): hundreds of uses would wait it out.
    const noLimits = {
      CERTPLANE_RATE_LIMIT_PER_MINUTE: '0',
      CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: '0',
      CERTPLANE_AUTH_FAILURE_LIMIT: '0',
      CERTPLANE_DETAILS_MISS_LIMIT: '0',
      CERTPLANE_RENEWALS_PER_CLIENT_PER_HOUR: '0',
      CERTPLANE_ENROLMENT_MIN_ANSWER_MS: '0',
    };
    h = await startCertplane({ captureLogs: true, env: noLimits });
    fx = await createFixtures(h);
    // The issuer and the projector finish the setup's work in the background: wait until nothing moves.
    before = await settledState(h.ds, h.env.NATS_URL, h.bus.streamName);
  });

  afterAll(async () => {
    if (process.env.CERTPLANE_FUZZ_WRITE_README === '1')
      writeFileSync(README, catalogueMarkdown(BAD_INPUT_KINDS, seen, csrOutcomes));
    await h?.stop();
  });

  it('catalogues at least 50 distinct, named kinds of bad input, all documented in test/fuzz/README.md', () => {
    const names = BAD_INPUT_KINDS.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(50);
    const doc = readFileSync(README, 'utf8');
    expect(names.filter((n) => !doc.includes(`| ${n} |`))).toEqual([]);
  });

  it.each(BAD_INPUT_KINDS.map((k) => [k.name, k] as const))('%s', async (_name, kind) => {
    const codes = seen.get(kind.name) ?? new Map<string, number>();
    seen.set(kind.name, codes);
    await fc.assert(
      fc.asyncProperty(kind.cases(fx), async (c) => {
        const headers = { ...(c.request.anonymous ? {} : bearer(h)), ...c.request.headers };
        const a = await sendRaw(h.url, { ...c.request, headers });
        answers.push(a.body.subarray(0, 4096).toString('latin1'));
        const key = c.codes === 'OCSP_MALFORMED' ? 'OCSP malformedRequest' : String(a.json?.code ?? a.status);
        codes.set(key, (codes.get(key) ?? 0) + 1);
        const wrong = wrongAnswer(c, a);
        if (wrong)
          throw new Error(
            `${wrong}\n  request: ${describeRequest(c)}\n  answer: ${a.status} ${a.body.subarray(0, 300).toString()}`,
          );
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('leaves the event store, every read model and the JetStream stream as they were', async () => {
    // A rejected request appends nothing; give anything that was appended the time to show anyway.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await snapshotState(h.ds, h.env.NATS_URL, h.bus.streamName)).toEqual(before);
  });

  it.each(hostileCsrs.map((c) => [c.name, c] as const))(
    'a CSR asking for %s gets the server profile, not what it asked',
    async (_name, hostile) => {
      const csr = await hostile.make();
      fx.secrets.privateKeysPem.push(csr.privateKeyPem);
      const name = `csr-${hostile.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 60);
      const created = await h.call('POST', '/clients', { name, csr: csr.pem }, bearer(h));
      // Refusing is allowed too; answering with what the CSR asked for is not.
      if (created.status >= 400) {
        expect(created.status).toBeLessThan(500);
        expect(created.body.code in ERROR_CODES).toBe(true);
        csrOutcomes.push(`${hostile.name}: refused, ${created.status} ${created.body.code} (${created.body.message})`);
        return;
      }
      expect(created.status).toBe(201);
      await checkIssuedAgainstProfile(h, fx, created.body.id, `user-${name}`, 1);
      const renewed = await h.call(
        'POST',
        `/clients/${created.body.id}/certificate/renew`,
        { csr: csr.pem },
        bearer(h),
      );
      expect(renewed.status).toBe(202);
      await checkIssuedAgainstProfile(h, fx, created.body.id, `user-${name}`, 2);
      csrOutcomes.push(
        `${hostile.name}: issued on create and on renew, with the server profile (CA:FALSE, clientAuth only, digitalSignature only, ${h.config.certValidity}, no SAN from the CSR)`,
      );
    },
  );

  it('never writes a private key, API token, tunnel authToken, enrolment token or details secret of the run to a log line, an event, a message or an answer', async () => {
    const events: string[] = (await h.ds.query(`SELECT row_to_json(e)::text AS t FROM events e`)).map(
      (r: { t: string }) => r.t,
    );
    const outbox: string[] = (await h.ds.query(`SELECT row_to_json(o)::text AS t FROM outbox o`)).map(
      (r: { t: string }) => r.t,
    );
    const deadLetters: string[] = (await h.ds.query(`SELECT row_to_json(d)::text AS t FROM dead_letters d`)).map(
      (r: { t: string }) => r.t,
    );
    const messages = await streamContents(h);
    // The scan must have had something to scan: setup, fuzzing and the CSR cases all log, append and publish.
    expect(h.logs.length).toBeGreaterThan(100);
    expect(events.length).toBeGreaterThan(10);
    expect(messages.length).toBeGreaterThan(10);
    expect(fx.secrets.privateKeysPem.length).toBeGreaterThanOrEqual(7);
    // And it must be able to find one: a key line planted in a copy of the logs is found.
    const planted = fx.secrets.privateKeysPem[0].split('\n')[1];
    expect(findSecrets(fx.secrets, { logs: [...h.logs, `{"msg":"${planted}"}`] })).toEqual([
      'private key #1 (PEM line 1) in logs #' + h.logs.length,
    ]);

    expect(
      findSecrets(fx.secrets, {
        'log line': h.logs,
        event: events,
        outbox,
        'dead letter': deadLetters,
        'JetStream message': messages,
        'answer to a bad request': answers,
      }),
    ).toEqual([]);
  });
});
