import express from 'express';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { jsonBody } from './json-body';

/** jsonBody in front of a route that echoes the parsed body, on a loopback port. */
async function post(body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const app = express();
  app.use(jsonBody());
  app.post('/', (req, res) => void res.json(req.body));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: res.status, body: await res.json() };
  } finally {
    server.close();
  }
}

describe('jsonBody', () => {
  it.each(['gzip', 'deflate', 'br'])(
    'answers a body labelled %s that does not decompress with 400 INVALID_CONTENT_ENCODING, not 500',
    async (encoding) => {
      expect(
        await post(Buffer.from('{"name":"x"}'), { 'content-type': 'application/json', 'content-encoding': encoding }),
      ).toEqual({
        status: 400,
        body: { statusCode: 400, code: 'INVALID_CONTENT_ENCODING', message: expect.any(String) },
      });
    },
  );

  it('still reads a body that is gzip indeed', async () => {
    expect(
      await post(gzipSync('{"name":"x"}'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    ).toEqual({ status: 200, body: { name: 'x' } });
  });
});
