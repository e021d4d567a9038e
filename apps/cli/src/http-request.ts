import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpRequestOptions {
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** PEM certificates to trust for https instead of the system's (--cacert); fetch has no way to take them. */
  ca?: string;
  /** A client certificate and its key (PEM), for mutual TLS. */
  clientCertificate?: { cert: string; key: string };
  timeoutMs: number;
}

/** Raised when no byte arrived for timeoutMs; its name is what CertplaneApi tells apart. */
export class RequestTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** One HTTP(S) exchange with node:http(s), whose TLS options (unlike global fetch's) take a CA. */
export function sendRequest(url: URL, opts: HttpRequestOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: opts.method,
        headers: opts.headers,
        ...(opts.ca ? { ca: opts.ca } : {}),
        ...(opts.clientCertificate ?? {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
          }
          resolve({ status: res.statusCode ?? 0, headers, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    );
    req.setTimeout(opts.timeoutMs, () => req.destroy(new RequestTimeoutError(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}
