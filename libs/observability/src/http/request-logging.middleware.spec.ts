import { EventEmitter } from 'node:events';
import { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { requestLoggingMiddleware } from './request-logging.middleware';

describe('request log lines', () => {
  function logged(level: string) {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level },
      { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const middleware = requestLoggingMiddleware(logger);
    const request = (method: string, url: string) => {
      const req = { method, url, readableAborted: false, headers: { authorization: 'Bearer secret-token' } };
      const res = Object.assign(new EventEmitter(), { req, statusCode: 200, writableEnded: false });
      middleware(req as unknown as IncomingMessage, res as unknown as ServerResponse, () => undefined);
      return { req, res };
    };
    return { lines, request };
  }

  it('writes one line per answer with method, redacted path, status and time taken, never the headers', () => {
    const { lines, request } = logged('info');
    const { res } = request('GET', '/informationservice/details/d0c8ae0ae920f4ed78b2b8725dffdb74');
    res.writableEnded = true;
    res.emit('finish');
    res.emit('close');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', url: '/informationservice/details/[redacted]' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('logs 5xx answers and response errors as errors, aborted requests as such, probes at debug only', () => {
    const { lines, request } = logged('info');
    const failed = request('POST', '/clientcontroller/enrol').res;
    failed.statusCode = 503;
    failed.writableEnded = true;
    failed.emit('finish');
    request('GET', '/clients').res.emit('error', new Error('socket hang up'));
    request('GET', '/clients').res.emit('close');
    request('GET', '/health/ready').res.emit('finish');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [50, 'request errored'],
      [50, 'request errored'],
      [30, 'request aborted'],
    ]);
    expect(lines[0]).toMatchObject({ res: { statusCode: 503 }, err: { message: 'failed with status code 503' } });
    expect(lines[1]).toMatchObject({ err: { message: 'socket hang up' } });
  });

  it('writes the probe lines at debug', () => {
    const { lines, request } = logged('debug');
    request('GET', '/metrics').res.emit('finish');
    expect(lines).toEqual([expect.objectContaining({ level: 20, req: { method: 'GET', url: '/metrics' } })]);
  });
});
