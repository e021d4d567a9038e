export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body parsed as JSON; undefined when it is not JSON. */
  body: any;
  text: string;
}

export interface HttpCallOptions {
  /** A string is sent as it is; anything else as JSON (with content-type application/json). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Abort after this long, so a hung server fails the test with a reason instead of the test timeout. */
  timeoutMs?: number;
}

/** One request to a certplane under test, e.g. callHttp(url, 'POST', '/clientcontroller/enrol', { body, headers }). */
export async function callHttp(
  baseUrl: string,
  method: string,
  path: string,
  { body, headers = {}, timeoutMs }: HttpCallOptions = {},
): Promise<HttpAnswer> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}
