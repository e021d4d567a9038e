import fastify from 'fastify';
import { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { toErrorResponse } from './error-response';
import { readRequestBodies } from './request-bodies';

/** The api's body reading in front of a route that echoes the parsed body, on a loopback port. */
async function post(body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const app = fastify();
  readRequestBodies(app);
  app.setErrorHandler((error, _req, reply) => {
    const answer = toErrorResponse(error);
    void reply.code(answer.body.statusCode).send(answer.body);
  });
  app.post('/', (req, reply) => void reply.send(req.body));
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const res = await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: res.status, body: await res.json() };
  } finally {
    await app.close();
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
