// The details path carries the client's details secret, the only credential for its private key.
const DETAILS = /details/i;
const REDACTED = '[redacted]';
// The console's OIDC callback (/console/oidc-callback) carries the issuer's authorization code in its query.
const CODE_IN_QUERY = /oidc-callback/i;

/**
 * A request's path with percent-escapes resolved (three rounds, so double encoding is seen through too), and
 * escapes that do not decode left as they are: what a lenient router or proxy could take the path to be.
 */
function lenientPath(url: string): string {
  const end = url.search(/[?#]/);
  let path = end < 0 ? url : url.slice(0, end);
  for (let round = 0; round < 3 && path.includes('%'); round++)
    path = path.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return path;
}

/**
 * Whether a request may be aimed at /informationservice/details/<secret>, in any spelling: letter case, escapes,
 * doubled slashes, dot segments. Deliberately wider than the router (which takes the exact, case-sensitive
 * path): the details miss limit counts and the request log redacts every request this says yes to, so no spelling
 * a router might accept gets around either.
 */
export function isDetailsPath(url: string): boolean {
  return DETAILS.test(lenientPath(url));
}

/**
 * The URL for a log line: on a details path, everything after "details" (query included) is replaced;
 * on the console's OIDC callback, the query.
 */
export function redactUrl(url: string): string {
  const path = lenientPath(url);
  const at = path.search(DETAILS);
  if (at >= 0) return `${path.slice(0, at + 'details'.length)}/${REDACTED}`;
  const query = url.search(/[?#]/);
  return query >= 0 && CODE_IN_QUERY.test(path) ? `${url.slice(0, query)}?${REDACTED}` : url;
}
