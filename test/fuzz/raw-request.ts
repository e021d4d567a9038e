import { request } from 'node:http';

/** A request exactly as a hostile client would write it: the path is not normalised, the body is bytes or text as given. */
export interface FuzzRequest {
  method: string;
  /** Sent verbatim, so `..`, `%2e%2e`, `%00` and repeated query keys reach the server as written. */
  path: string;
  /** Raw body: JSON text the kind wrote by hand (duplicate keys, `__proto__`, truncation) or bytes. */
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export interface RawAnswer {
  status: number;
  contentType: string;
  body: Buffer;
  /** The body parsed as JSON, undefined when it is not JSON. */
  json: any;
}

/** node:http rather than fetch: fetch resolves `../` and re-encodes the path before sending it. */
export function sendRaw(baseUrl: string, r: FuzzRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
  const headers: Record<string, string | number> = {
    ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}),
    ...r.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: r.method, path: r.path, headers, timeout: 20_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          let json: unknown;
          try {
            json = JSON.parse(buf.toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: buf,
            json,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${r.method} ${r.path.slice(0, 80)} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}
