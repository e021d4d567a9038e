import { BadInputKind } from './bad-input-catalogue';
import { PROXY_HEADER_KINDS } from './proxy-header-kinds';

/** test/fuzz/README.md: the catalogue of bad-input kinds, with the codes a run saw for each. */
export function catalogueMarkdown(
  kinds: readonly BadInputKind[],
  seen: Map<string, Map<string, number>>,
  csrOutcomes: string[],
): string {
  const rows = kinds.map((k, i) => {
    const codes = [...(seen.get(k.name) ?? new Map()).entries()].map(([code, n]) => `${code} ×${n}`).join(', ');
    return `| ${i + 1} | ${k.name} | ${k.what.replace(/\|/g, '\\|')} | ${codes} |`;
  });
  return [
    '# Hostile-input fuzzing',
    '',
    '`npm run fuzz` sends property-based (fast-check) hostile requests over real HTTP to a real certplane',
    '(Postgres + NATS JetStream, via test/support/certplane-harness.ts), `CERTPLANE_FUZZ_RUNS` per kind (default 200 there,',
    '6 in `npm test`); `CERTPLANE_FUZZ_SEED` replays a run. Every answer must be a 4xx whose `code` is in',
    '`ERROR_CODES` and is one the kind expects (the OCSP responder answers in its own protocol: HTTP 200 with',
    'malformedRequest); the event store, every read model and the JetStream stream must be unchanged after all of them;',
    'CSRs asking for CA:TRUE, their own EKU/KU, 100 years or 100/500 SANs must be refused or get the server profile',
    '(checked with @peculiar/x509 and `openssl x509 -text` / `openssl verify`); and no private key (PEM lines, DER, private',
    'numbers), API token, tunnel authToken, enrolment token or details secret of the run may appear in a log line, a stored event, the',
    "outbox, a dead letter, a message on the run's JetStream stream, or an answer to a bad request.",
    '',
    'Regenerate this file (codes as one run saw them): `CERTPLANE_FUZZ_WRITE_README=1 npx jest test/fuzz`.',
    '',
    `## The ${kinds.length} kinds of bad input`,
    '',
    '| # | kind | what is sent | answered with (one run) |',
    '|---|------|--------------|-------------------------|',
    ...rows,
    '',
    `## The ${PROXY_HEADER_KINDS.length} kinds of hostile PROXY protocol header`,
    '',
    'test/fuzz/proxy-header.test.ts sends them over TCP to the HTTP and HTTPS listeners of a certplane with',
    '`CERTPLANE_TRUSTED_PROXIES` set, `CERTPLANE_FUZZ_RUNS` × 4 per kind, each followed by a request. A header the parser',
    '(apps/api/src/http/proxy-header.ts) reads, from the trusted proxy, gets the request answered; anything else gets the',
    'connection closed unanswered and a `connection refused` log line naming the peer. Nothing is recorded.',
    '',
    '| # | kind | what is sent |',
    '|---|------|--------------|',
    ...PROXY_HEADER_KINDS.map((k, i) => `| ${i + 1} | ${k.name} | ${k.what} |`),
    '',
    '## CSRs that ask for more than the profile gives',
    '',
    ...csrOutcomes.map((o) => `- ${o}`),
    '',
  ].join('\n');
}
