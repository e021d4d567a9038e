import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * A plain node:http client over one keep-alive agent, for the load generator. The load generator runs on
 * the same cores as certplane, so what it burns is taken from what it measures: global fetch (undici, with
 * its web streams, Headers and AbortSignal per request) cost about as much CPU per enrolment as Postgres
 * did. This is the light end, like the Go tool the Go CA was measured with: one pooled connection per
 * virtual client, the answer read as one string.
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets: number) {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:') throw new Error(`HttpClient speaks plain http only, got ${u.protocol}`);
    this.host = u.hostname;
    this.port = Number(u.port || 80);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /**
   * Settles with the status and the whole body, or rejects: with an error named `TimeoutError` when
   * `timeoutMs` pass before the body is complete (the request is then torn down), else with node's
   * socket error (its `code`, e.g. ECONNRESET, says what went wrong).
   */
  send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<HttpAnswer> {
    return new Promise<HttpAnswer>((resolve, reject) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text });
          });
          res.on('error', fail);
          // A connection closed mid-answer; settling twice is a no-op when 'end' or 'error' came first.
          res.on('close', () => {
            if (!res.complete)
              fail(
                Object.assign(new Error('connection closed before the answer was complete'), { code: 'ECONNRESET' }),
              );
          });
        },
      );
      const timer = setTimeout(
        () => {
          const e = new Error(`${method} ${path} took longer than ${timeoutMs} ms`);
          e.name = 'TimeoutError';
          req.destroy();
          fail(e);
        },
        Math.max(1, timeoutMs),
      );
      function fail(e: Error): void {
        clearTimeout(timer);
        reject(e);
      }
      req.on('error', fail);
      req.end(body);
    });
  }

  /** Closes the pooled connections, so nothing is left open after a run. */
  close(): void {
    this.agent.destroy();
  }
}

/** The kind a failed request is counted under: TimeoutError, or the socket error's code. */
export function failureKind(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.name === 'TimeoutError' ? 'TimeoutError' : (err?.code ?? err?.name ?? 'Error');
}
