import { connect as tcpConnect, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { bearer, Harness, startCertplane } from '../support/certplane-harness';

/** Resolves with how long the server took to close the connection after `started`, and what it sent. */
function closed(socket: Socket, started: number): Promise<{ afterMs: number; received: string }> {
  let received = '';
  socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
  return new Promise((resolve) => socket.on('close', () => resolve({ afterMs: Date.now() - started, received })));
}

function open(url: string): Promise<Socket> {
  const { hostname, port, protocol } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket: Socket =
      protocol === 'https:'
        ? tlsConnect({ host: hostname, port: Number(port), rejectUnauthorized: false }, () => resolve(socket))
        : tcpConnect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.on('error', reject);
  });
}

describe('listener limits: timeouts, connection cap and header count on the HTTP and HTTPS listeners (real HTTP)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCertplane({
      workers: [],
      env: {
        CERTPLANE_HTTP_HEADERS_TIMEOUT_MS: '1000',
        CERTPLANE_HTTP_REQUEST_TIMEOUT_MS: '2000',
        CERTPLANE_HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
        CERTPLANE_HTTP_MAX_HEADERS: '20',
        CERTPLANE_HTTP_MAX_CONNECTIONS: '4',
      },
    });
  });
  afterAll(() => h.stop());

  it.each(['http', 'https'])(
    '%s: a client that never finishes its headers is answered 408 and cut off after the headers timeout',
    async (scheme) => {
      const socket = await open(scheme === 'http' ? h.url : h.tlsUrl!);
      const started = Date.now();
      const done = closed(socket, started);
      socket.write('GET /health HTTP/1.1\r\nHost: certplane\r\nX-Slow: ');
      const { afterMs, received } = await done;
      expect(received).toMatch(/^HTTP\/1\.1 408 /);
      expect(afterMs).toBeGreaterThanOrEqual(900);
      expect(afterMs).toBeLessThan(3_500);
    },
  );

  it.each(['http', 'https'])(
    '%s: a client that never finishes its body is cut off after the request timeout',
    async (scheme) => {
      const socket = await open(scheme === 'http' ? h.url : h.tlsUrl!);
      const started = Date.now();
      const done = closed(socket, started);
      socket.write(
        `POST /clients HTTP/1.1\r\nHost: certplane\r\nAuthorization: Bearer ${h.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`,
      );
      const { afterMs } = await done;
      expect(afterMs).toBeGreaterThanOrEqual(1_900);
      expect(afterMs).toBeLessThan(4_500);
      expect(await h.eventsSinceStart()).toBe(0);
    },
  );

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const socket = await open(h.url);
    const done = closed(socket, 0);
    const started = Date.now();
    socket.write('GET /health HTTP/1.1\r\nHost: certplane\r\n\r\n');
    const { afterMs, received } = await done;
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(afterMs - started).toBeLessThan(3_000);
  });

  it('closes connections past the cap at once, and takes new ones when there is room', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, () => open(h.url)));
    const extra = await open(h.url);
    const started = Date.now();
    const { afterMs } = await closed(extra, started);
    expect(afterMs).toBeLessThan(500);
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await h.call('GET', '/health')).status).toBe(200);
  });

  it('reads only the first headers of a request: an Authorization header past them is not seen', async () => {
    const junk = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`x-junk-${i}`, 'x']));
    expect((await h.call('GET', '/clients', undefined, bearer(h))).status).toBe(200);
    expect((await h.call('GET', '/clients', undefined, { ...junk, ...bearer(h) })).status).toBe(401);
  });
});
