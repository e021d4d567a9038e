import fc from 'fast-check';
import { connect } from 'node:net';
import { readProxyHeader } from '../../apps/api/src/http/proxy-header';
import { PROXY, PROXY_HEADER_KINDS, validHeader } from './proxy-header-kinds';
import { eventually, Harness, startCertplane } from '../support/certplane-harness';
import { settledState, snapshotState, StateSnapshot } from './state-snapshot';

/** Runs per kind: a few in `npm test`, many in `npm run fuzz` (CERTPLANE_FUZZ_RUNS). */
const RUNS = Number(process.env.CERTPLANE_FUZZ_RUNS ?? 6) * 4;
const SEED = process.env.CERTPLANE_FUZZ_SEED === undefined ? undefined : Number(process.env.CERTPLANE_FUZZ_SEED);
const REQUEST = Buffer.from('GET /health HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n');

jest.setTimeout(Math.max(120_000, RUNS * 1_000));

/**
 * Hostile PROXY protocol headers on the api's listeners (CERTPLANE_TRUSTED_PROXIES), at the connection level where
 * they live: a header the parser reads gets the request behind it answered, anything else from the trusted proxy,
 * and any header at all from another address, gets the connection closed unanswered. Nothing is recorded, and the
 * api goes on serving.
 */
describe('fuzz: hostile PROXY headers get the connection closed, or read exactly as the parser reads them', () => {
  let h: Harness;
  let before: StateSnapshot;
  let http: number;
  let https: number;

  beforeAll(async () => {
    // A header cut short waits for the rest this long (the headers timeout) before it is refused.
    h = await startCertplane({
      captureLogs: true,
      env: {
        CERTPLANE_TRUSTED_PROXIES: PROXY,
        CERTPLANE_LOG_LEVEL: 'info',
        CERTPLANE_HTTP_HEADERS_TIMEOUT_MS: '1000',
      },
    });
    http = Number(new URL(h.url).port);
    https = Number(new URL(h.tlsUrl!).port);
    // Start-up's issuer record is still being projected for a moment.
    before = await settledState(h.ds, h.env.NATS_URL, h.bus.streamName);
  });
  afterAll(() => h?.stop());

  it.each(PROXY_HEADER_KINDS.map((k) => [k.name, k] as const))('%s', async (_name, { from, headers }) => {
    await fc.assert(
      fc.asyncProperty(headers, fc.boolean(), async (header, tls) => {
        // On the TLS port the request is plain HTTP, which the handshake refuses at once once it gets it.
        const sent = Buffer.concat([header, REQUEST]);
        const got = await exchange(tls ? https : http, from, sent);
        const read = readProxyHeader(sent);
        // Only the trusted proxy's well-formed header lets the request behind it through, and then it is answered.
        const readable = from === PROXY && read.kind === 'header';
        if (!readable)
          expect({ header: header.toString('latin1'), got }).toEqual({ header: header.toString('latin1'), got: '' });
        else if (!tls) expect(got).toMatch(/^HTTP\/1\.1 (200|400) /);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('reads a valid header split over many writes, and logs the caller it names', async () => {
    await fc.assert(
      fc.asyncProperty(validHeader, fc.array(fc.nat(), { maxLength: 6 }), async (header, cuts) => {
        // A route logged at info, unlike /health.
        const bytes = Buffer.concat([
          header,
          Buffer.from('GET /pki/ca HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n'),
        ]);
        const points = [...new Set(cuts.map((c) => c % bytes.length))].sort((x, y) => x - y);
        const parts = [...points, bytes.length].map((end, i, ends) => bytes.subarray(i ? ends[i - 1] : 0, end));
        const logged = h.logs.length;
        expect(await exchange(http, PROXY, parts)).toMatch(/^HTTP\/1\.1 200 /);
        const { source } = readProxyHeader(header) as { source: { address: string } };
        const line = await eventually(
          async () =>
            h.logs
              .slice(logged)
              .map((l) => JSON.parse(l))
              .find((l) => l.msg === 'request completed' && l.req?.url === '/pki/ca'),
          5_000,
          'the request log line',
        );
        expect(line.req.remoteAddress).toBe(source.address);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('logs each refusal with the peer, never the caller a refused header claims; records nothing; goes on serving', async () => {
    const refused = h.logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'connection refused');
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((l) => l.peer))).toEqual(new Set(PROXY_HEADER_KINDS.map((k) => k.from)));
    expect((await h.call('GET', '/health')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await snapshotState(h.ds, h.env.NATS_URL, h.bus.streamName)).toEqual(before);
  });
});

/**
 * Writes the bytes (each part as its own write, a moment apart) on a new connection from localAddress; resolves
 * with all the server sent before closing. The client never half-closes: node's HTTP server drops the answer to a
 * request whose client did.
 */
function exchange(port: number, localAddress: string, bytes: Buffer | Buffer[]): Promise<string> {
  const parts = Array.isArray(bytes) ? bytes : [bytes];
  return new Promise((resolve, reject) => {
    // Each part a moment after the one before, so that they arrive as reads of their own.
    const writeFrom = (i: number) => {
      if (i >= parts.length || socket.destroyed) return;
      socket.write(parts[i]);
      setTimeout(() => writeFrom(i + 1), 5);
    };
    const socket = connect({ host: '127.0.0.1', port, localAddress }, () => writeFrom(0));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) =>
      ['ECONNRESET', 'EPIPE'].includes(e.code ?? '') ? undefined : reject(e),
    );
    socket.setTimeout(15_000, () => reject(new Error('the server neither answered nor closed')));
  });
}
