import fc from 'fast-check';
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { serialOf } from '../../apps/api/src/auth/client-certificate.authenticator';
import { FRESH, FuzzFixtures } from './fuzz-fixtures';
import { FuzzRequest } from './raw-request';

/** One generated hostile request and what certplane may answer it with. */
export interface BadCase {
  request: FuzzRequest & { anonymous?: boolean };
  /** Error codes the answer may carry (all 4xx). OCSP answers in its own protocol instead. */
  codes: readonly string[] | 'OCSP_MALFORMED';
}

/** A kind of bad input: a name for the report, and the requests that are instances of it. */
export interface BadInputKind {
  name: string;
  what: string;
  cases(fx: FuzzFixtures): fc.Arbitrary<BadCase>;
}

// ---- building blocks ---------------------------------------------------------------------------

/** JSON text written by hand, for values JSON.stringify cannot write (thousands of levels deep). */
class RawJson {
  constructor(readonly text: string) {}
}
const json = (v: unknown): string => (v instanceof RawJson ? v.text : JSON.stringify(v));
/** `{"<key>": <raw>, ...valid}` written as text, so that `__proto__` stays an own key and duplicates stay duplicated. */
const withRawMember = (valid: object, key: string, rawValue: string) => {
  const rest = json(valid).slice(1);
  return `{${json(key)}:${rawValue}${rest === '}' ? '}' : ',' + rest}`;
};

interface BodyRoute {
  method: string;
  path: string;
  /** A body the route would accept but for the mutation each kind makes. */
  valid: Record<string, unknown>;
  fields: readonly string[];
}

const bodyRoutes = (fx: FuzzFixtures): BodyRoute[] => [
  {
    method: 'POST',
    path: '/clientcontroller/enrol',
    valid: { name: FRESH.client, topics: { insert: 'data' } },
    fields: ['name', 'topics', 'ip', 'hostname', 'validity'],
  },
  { method: 'POST', path: '/clientcontroller/leave', valid: { name: fx.client.name }, fields: ['name'] },
  {
    method: 'POST',
    path: '/clients',
    valid: { name: FRESH.client },
    fields: ['name', 'topics', 'tags', 'metadata', 'ip', 'hostname', 'csr', 'certificate', 'validity'],
  },
  {
    method: 'PATCH',
    path: `/clients/${fx.client.id}`,
    valid: { tags: ['fuzz'] },
    fields: ['name', 'tags', 'metadata', 'ip', 'hostname'],
  },
  {
    method: 'PUT',
    path: `/clients/${fx.client.id}/certificate`,
    valid: { certificate: fx.client.certificatePem },
    fields: ['certificate'],
  },
  {
    method: 'POST',
    path: `/clients/${fx.client.id}/certificate/renew`,
    valid: { revokeOld: false },
    fields: ['csr', 'revokeOld'],
  },
  {
    method: 'POST',
    path: `/certificates/${serialIn(fx.client.certificatePem)}/revoke`,
    valid: { reason: 'keyCompromise' },
    fields: ['reason'],
  },
  {
    method: 'POST',
    path: '/certificates/revoke',
    valid: { reason: 'keyCompromise', filter: { client: fx.plain.id } },
    fields: ['reason', 'filter'],
  },
  {
    method: 'POST',
    path: '/v1/namespace',
    valid: { name: FRESH.namespace },
    fields: ['name', 'labels', 'annotations'],
  },
  {
    method: 'POST',
    path: '/v1/tunnels',
    valid: { name: FRESH.tunnel, namespace: fx.namespace, tcpPorts: [8080] },
    fields: ['name', 'namespace', 'tcpPorts'],
  },
  {
    method: 'PUT',
    path: '/v1/tunnels',
    valid: { name: fx.tunnel.name, namespace: fx.tunnel.namespace, tcpPorts: [8080] },
    fields: ['name', 'namespace', 'tcpPorts'],
  },
  {
    method: 'POST',
    path: '/channels',
    valid: { name: 'fuzz-new-channel' },
    fields: ['name', 'tags', 'metadata', 'route'],
  },
  {
    method: 'PATCH',
    path: `/channels/${fx.channel.id}`,
    valid: { tags: ['fuzz'] },
    fields: ['name', 'tags', 'metadata', 'route'],
  },
  {
    method: 'POST',
    path: `/channels/${fx.channel.id}/connect`,
    valid: { client_ids: [fx.plain.id], types: ['subscribe'] },
    fields: ['client_ids', 'types'],
  },
  {
    method: 'POST',
    path: `/channels/${fx.channel.id}/disconnect`,
    valid: { client_ids: [fx.client.id], types: ['publish'] },
    fields: ['client_ids', 'types'],
  },
  {
    method: 'POST',
    path: `/clients/${fx.client.id}/roles`,
    valid: { name: 'fuzz-new-role', actions: ['view'] },
    fields: ['name', 'actions', 'members'],
  },
  {
    method: 'POST',
    path: `/clients/${fx.client.id}/roles/${fx.role}/members`,
    valid: { members: ['oidc:fuzz'] },
    fields: ['members'],
  },
  { method: 'POST', path: '/groups', valid: { name: 'fuzz-new-group' }, fields: ['name', 'metadata', 'parent_id'] },
  {
    method: 'POST',
    path: `/groups/${fx.groups.child}/parent`,
    valid: { parent_group_id: null },
    fields: ['parent_group_id'],
  },
  {
    method: 'POST',
    path: `/clients/${fx.client.id}/parent`,
    valid: { parent_group_id: fx.groups.root },
    fields: ['parent_group_id'],
  },
  {
    method: 'POST',
    path: '/enrolment-tokens',
    valid: { name: FRESH.client },
    fields: [
      'name',
      'namePattern',
      'ip',
      'hostname',
      'tags',
      'metadata',
      'topics',
      'validity',
      'profile',
      'ttl',
      'uses',
    ],
  },
  // The profile as it is: a valid PATCH that changes nothing.
  {
    method: 'PATCH',
    path: `/profiles/${fx.profile}`,
    valid: { extendedKeyUsages: ['serverAuth', 'clientAuth'] },
    fields: ['keyTypes', 'extendedKeyUsages', 'sans', 'subject', 'validity', 'maxValidity'],
  },
  // The operator's bearer stands for the enrolment token: a body that does not parse never gets to it.
  {
    method: 'POST',
    path: '/enrol',
    valid: { name: 'fuzz-dev-body', csr: fx.csrPem },
    fields: ['name', 'csr', 'validity'],
  },
];

const serialIn = (certificatePem: string) => serialOf(new X509Certificate(certificatePem));

/** A kind that mutates whole bodies, on every route that takes one. */
function bodyKind(
  name: string,
  what: string,
  codes: readonly string[],
  mutate: (r: BodyRoute) => fc.Arbitrary<{ body: string | Buffer; headers?: Record<string, string> }>,
): BadInputKind {
  return {
    name,
    what,
    cases: (fx) =>
      fc
        .constantFrom(...bodyRoutes(fx))
        .chain((r) =>
          mutate(r).map(({ body, headers }) => ({ request: { method: r.method, path: r.path, body, headers }, codes })),
        ),
  };
}

/** A field of one route: the body around it valid, so the field alone decides the answer. */
interface FieldTarget {
  method: string;
  path: string;
  base: Record<string, unknown>;
  field: string;
  code: string;
  /** Beside the operator's bearer, e.g. an enrolment token in its place. */
  headers?: Record<string, string>;
}

/** A kind that puts a bad value into one field, on every route that has it. `undefined` means: leave the field out. */
function fieldKind(
  name: string,
  what: string,
  targets: (fx: FuzzFixtures) => FieldTarget[],
  values: (t: FieldTarget, fx: FuzzFixtures) => fc.Arbitrary<unknown>,
): BadInputKind {
  return {
    name,
    what,
    cases: (fx) =>
      fc.constantFrom(...targets(fx)).chain((t) =>
        values(t, fx).map((v) => {
          const body = v === undefined ? json(t.base) : withRawMember(t.base, t.field, json(v));
          return { request: { method: t.method, path: t.path, body, headers: t.headers }, codes: [t.code] };
        }),
      ),
  };
}

const enrol = '/clientcontroller/enrol';
const TOPICS = { insert: 'data' };

const clientNameTargets = (fx: FuzzFixtures, opts: { patch?: boolean } = {}): FieldTarget[] => [
  { method: 'POST', path: enrol, base: { topics: TOPICS }, field: 'name', code: 'INVALID_NAME' },
  { method: 'POST', path: '/clientcontroller/leave', base: {}, field: 'name', code: 'INVALID_NAME' },
  { method: 'POST', path: '/clients', base: {}, field: 'name', code: 'INVALID_NAME' },
  ...(opts.patch === false
    ? []
    : [{ method: 'PATCH', path: `/clients/${fx.client.id}`, base: {}, field: 'name', code: 'INVALID_NAME' }]),
];
const labelNameTargets = (fx: FuzzFixtures): FieldTarget[] => [
  { method: 'POST', path: '/v1/namespace', base: {}, field: 'name', code: 'INVALID_NAMESPACE' },
  {
    method: 'POST',
    path: '/v1/tunnels',
    base: { namespace: fx.namespace, tcpPorts: [8080] },
    field: 'name',
    code: 'INVALID_NAME',
  },
  {
    method: 'PUT',
    path: '/v1/tunnels',
    base: { namespace: fx.tunnel.namespace, tcpPorts: [8080] },
    field: 'name',
    code: 'INVALID_NAME',
  },
];
const allNameTargets = (fx: FuzzFixtures, opts: { patch?: boolean } = {}) => [
  ...clientNameTargets(fx, opts),
  ...labelNameTargets(fx),
];

const ipTargets = (fx: FuzzFixtures, code: string): FieldTarget[] => [
  { method: 'POST', path: enrol, base: { name: FRESH.client, topics: TOPICS }, field: 'ip', code },
  { method: 'POST', path: '/clients', base: { name: FRESH.client }, field: 'ip', code },
  { method: 'PATCH', path: `/clients/${fx.client.id}`, base: {}, field: 'ip', code },
];
const hostnameTargets = (fx: FuzzFixtures, code: string): FieldTarget[] => [
  { method: 'POST', path: enrol, base: { name: FRESH.client, topics: TOPICS }, field: 'hostname', code },
  { method: 'POST', path: '/clients', base: { name: FRESH.client }, field: 'hostname', code },
  { method: 'PATCH', path: `/clients/${fx.enrolled.id}`, base: {}, field: 'hostname', code },
];
const clientFieldTargets = (fx: FuzzFixtures, field: string, code: string): FieldTarget[] => [
  { method: 'POST', path: '/clients', base: { name: FRESH.client }, field, code },
  { method: 'PATCH', path: `/clients/${fx.client.id}`, base: {}, field, code },
];
const topicsTargets = (_fx: FuzzFixtures, opts: { create?: boolean } = {}): FieldTarget[] => [
  { method: 'POST', path: enrol, base: { name: FRESH.client }, field: 'topics', code: 'INVALID_TOPICS' },
  ...(opts.create === false
    ? []
    : [{ method: 'POST', path: '/clients', base: { name: FRESH.client }, field: 'topics', code: 'INVALID_TOPICS' }]),
];
const csrTargets = (fx: FuzzFixtures): FieldTarget[] => [
  { method: 'POST', path: '/clients', base: { name: FRESH.client }, field: 'csr', code: 'INVALID_CSR' },
  {
    method: 'POST',
    path: '/enrol',
    base: { name: 'fuzz-dev-csr' },
    field: 'csr',
    code: 'INVALID_CSR',
    headers: { authorization: `Bearer ${fx.enrolmentTokens.live}` },
  },
  { method: 'POST', path: `/clients/${fx.client.id}/certificate/renew`, base: {}, field: 'csr', code: 'INVALID_CSR' },
];
const certificateTargets = (fx: FuzzFixtures, code = 'INVALID_CERTIFICATE'): FieldTarget[] => [
  { method: 'POST', path: '/clients', base: { name: FRESH.client }, field: 'certificate', code },
  { method: 'PUT', path: `/clients/${fx.enrolled.id}/certificate`, base: {}, field: 'certificate', code },
];
const tcpPortsTargets = (fx: FuzzFixtures): FieldTarget[] => [
  {
    method: 'POST',
    path: '/v1/tunnels',
    base: { name: FRESH.tunnel, namespace: fx.namespace },
    field: 'tcpPorts',
    code: 'INVALID_TCP_PORTS',
  },
  {
    method: 'PUT',
    path: '/v1/tunnels',
    base: { name: fx.tunnel.name, namespace: fx.tunnel.namespace },
    field: 'tcpPorts',
    code: 'INVALID_TCP_PORTS',
  },
];
const tunnelNamespaceTargets = (fx: FuzzFixtures): FieldTarget[] => [
  {
    method: 'POST',
    path: '/v1/tunnels',
    base: { name: FRESH.tunnel, tcpPorts: [8080] },
    field: 'namespace',
    code: 'INVALID_NAMESPACE',
  },
  {
    method: 'PUT',
    path: '/v1/tunnels',
    base: { name: fx.tunnel.name, tcpPorts: [8080] },
    field: 'namespace',
    code: 'INVALID_NAMESPACE',
  },
];
const namespaceMapTargets = (field: 'labels' | 'annotations'): FieldTarget[] => [
  {
    method: 'POST',
    path: '/v1/namespace',
    base: { name: FRESH.namespace },
    field,
    code: field === 'labels' ? 'INVALID_LABELS' : 'INVALID_ANNOTATIONS',
  },
];

const grantTargets = (field: string, code: string): FieldTarget[] => [
  {
    method: 'POST',
    path: '/enrolment-tokens',
    base: field === 'namePattern' ? {} : { name: FRESH.client },
    field,
    code,
  },
];
/** Every body that may set a certificate validity: a token's grant, a new client, and a device's own enrolment. */
const validityTargets = (fx: FuzzFixtures): FieldTarget[] => [
  ...grantTargets('validity', 'INVALID_VALIDITY'),
  {
    method: 'POST',
    path: enrol,
    base: { name: FRESH.client, topics: TOPICS },
    field: 'validity',
    code: 'INVALID_VALIDITY',
  },
  { method: 'POST', path: '/clients', base: { name: FRESH.client }, field: 'validity', code: 'INVALID_VALIDITY' },
  {
    method: 'POST',
    path: '/enrol',
    base: { name: 'fuzz-dev-validity', csr: fx.csrPem },
    field: 'validity',
    code: 'INVALID_VALIDITY',
    headers: { authorization: `Bearer ${fx.enrolmentTokens.live}` },
  },
];

// ---- values ------------------------------------------------------------------------------------

/** Anything JSON can carry that is not a string. */
const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);
/** Anything JSON can carry that is not an object. */
const notAnObject = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 40 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
);
const notAnArray = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 40 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
);
const CONTROL = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2028',
  '\ufeff',
  '\ud800',
];
const withControl = (prefix = 'a') =>
  fc.tuple(fc.constantFrom(...CONTROL), fc.stringMatching(/^[a-z0-9]{0,8}$/)).map(([c, s]) => `${prefix}${c}${s}`);
/** Text with at least one character no name, hostname or label allows. */
const foreignText = fc
  .string({ minLength: 1, maxLength: 80, unit: 'grapheme' })
  .filter((s) => /[^A-Za-z0-9_.:-]/.test(s));
const nonAsciiText = fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).map((s) => `ü${s}`);
const PATH_TRICKS = [
  '../../etc/passwd',
  '..%2f..%2fetc',
  '%2e%2e/%2e%2e',
  '/etc/passwd',
  'a/b',
  '..\\..\\windows',
  '%00',
  'a%00b',
  '~root/x',
  'file:///etc/passwd',
  '\\\\host\\share',
];
const hugeRun = (min: number, max: number, ch = 'a') => fc.integer({ min, max }).map((n) => ch.repeat(n));
const deepNest = fc
  .tuple(fc.integer({ min: 200, max: 5000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
  );
const validLabel = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
const notJsonText = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 200 }),
    fc.constantFrom(
      '{a:1}',
      "{'name':'x'}",
      '{"name":"x",}',
      '[1,]',
      'undefined',
      'NaN',
      '{"name":"x"}}',
      '\u0000{}',
      '<xml/>',
      'name=x&topics=y',
    ),
  )
  .filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return s.trim().length > 0;
    }
  });

const pemOf = (label: string, b64: string) =>
  `-----BEGIN ${label}-----\n${b64.replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
const pemBody = (pem: string) =>
  pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');
/** A PEM whose base64 has one character changed, away from the end where padding bits may not count. */
const corruptedPem = (pem: string, label: string) =>
  fc.integer({ min: 0, max: pemBody(pem).length - 8 }).map((i) => {
    const b = pemBody(pem);
    const flipped = b[i] === 'A' ? 'B' : 'A';
    return pemOf(label, b.slice(0, i) + flipped + b.slice(i + 1));
  });
const truncatedPem = (pem: string) => fc.integer({ min: 1, max: pem.length - 30 }).map((n) => pem.slice(0, n));
const randomPem = (label: string) =>
  fc.uint8Array({ minLength: 1, maxLength: 3000 }).map((b) => pemOf(label, Buffer.from(b).toString('base64')));

const profiledClient = (fx: FuzzFixtures, code: string): FieldTarget[] => [
  { method: 'POST', path: '/clients', base: { name: FRESH.client, profile: fx.profile }, field: 'sans', code },
];
const san = (type: string, value: unknown) => ({ type, value });
/** A whole profile as POST /profiles takes it but for one field, which each value replaces. */
const PROFILE_BASE = {
  keyTypes: ['ec-p384'],
  extendedKeyUsages: ['serverAuth'],
  subject: { commonName: 'svc-{name}' },
};
const profileFieldTargets = (fx: FuzzFixtures, field: string): FieldTarget[] => {
  // The field itself is left out of the base: a duplicate member would be the one JSON.parse keeps.
  const base = Object.fromEntries(Object.entries(PROFILE_BASE).filter(([k]) => k !== field));
  return [
    { method: 'POST', path: '/profiles', base: { name: FRESH.client, ...base }, field, code: 'INVALID_PROFILE' },
    { method: 'PUT', path: `/profiles/${fx.profile}`, base, field, code: 'INVALID_PROFILE' },
  ];
};

// ---- the catalogue -----------------------------------------------------------------------------

const BODY_KINDS: BadInputKind[] = [
  bodyKind('body: not JSON', 'text that is not JSON at all', ['INVALID_JSON'], () =>
    notJsonText.map((body) => ({ body })),
  ),
  bodyKind('body: truncated JSON', 'a valid body cut short', ['INVALID_JSON'], (r) =>
    fc.integer({ min: 1, max: json(r.valid).length - 1 }).map((n) => ({ body: json(r.valid).slice(0, n) })),
  ),
  bodyKind('body: JSON array', 'an array where an object is expected', ['INVALID_BODY'], (r) =>
    fc
      .oneof(fc.constant([r.valid]), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }))
      .map((v) => ({ body: json(v) })),
  ),
  bodyKind('body: JSON scalar', 'a number, string or boolean as the whole body', ['INVALID_JSON', 'INVALID_BODY'], () =>
    fc.oneof(fc.integer(), fc.string(), fc.boolean()).map((v) => ({ body: json(v) })),
  ),
  bodyKind('body: null', 'the JSON literal null as the whole body', ['INVALID_JSON', 'INVALID_BODY'], () =>
    fc.constantFrom('null', ' null ', 'null\n').map((body) => ({ body })),
  ),
  bodyKind('body: over 64 KiB', 'a valid body padded past the size limit', ['PAYLOAD_TOO_LARGE'], (r) =>
    fc
      .integer({ min: 65 * 1024, max: 256 * 1024 })
      .map((n) => ({ body: withRawMember(r.valid, 'padding', json('x'.repeat(n))) })),
  ),
  bodyKind(
    'body: unsupported charset',
    'Content-Type names a charset other than UTF-8',
    ['UNSUPPORTED_ENCODING'],
    (r) =>
      fc
        .constantFrom('iso-8859-1', 'koi8-r', 'x-hostile', 'ebcdic-cp-us', 'windows-1252')
        .map((cs) => ({ body: json(r.valid), headers: { 'content-type': `application/json; charset=${cs}` } })),
  ),
  bodyKind(
    'body: unsupported content-encoding',
    'Content-Encoding the server does not decode',
    ['UNSUPPORTED_ENCODING'],
    (r) =>
      fc
        .constantFrom('compress', 'x-hostile', 'gzip, x-hostile', 'exi')
        .map((enc) => ({ body: json(r.valid), headers: { 'content-encoding': enc } })),
  ),
  bodyKind(
    'body: gzip that is not gzip',
    'Content-Encoding: gzip or deflate over plain bytes',
    ['INVALID_CONTENT_ENCODING'],
    (r) =>
      fc
        .constantFrom('gzip', 'deflate', 'br')
        .map((enc) => ({ body: json(r.valid), headers: { 'content-encoding': enc } })),
  ),
  bodyKind('body: unknown extra field', 'a valid body plus a field the route does not know', ['UNKNOWN_FIELD'], (r) =>
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 30 }).filter((k) => !r.fields.includes(k) && k !== '__proto__'),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([k, v]) => ({ body: withRawMember(r.valid, k, json(v)) })),
  ),
  bodyKind('body: __proto__ key', 'a "__proto__" member beside valid fields', ['UNKNOWN_FIELD'], (r) =>
    fc
      .oneof(fc.constant({ isAdmin: true }), fc.constant({ name: 'server' }), fc.jsonValue({ maxDepth: 2 }))
      .map((v) => ({ body: withRawMember(r.valid, '__proto__', json(v)) })),
  ),
  bodyKind(
    'body: constructor/prototype keys',
    '"constructor", "prototype", "toString" and friends as members',
    ['UNKNOWN_FIELD'],
    (r) =>
      fc
        .tuple(
          fc.constantFrom(
            'constructor',
            'prototype',
            'toString',
            'hasOwnProperty',
            'valueOf',
            '__defineGetter__',
            'isPrototypeOf',
          ),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map(([k, v]) => ({
          body: withRawMember(r.valid, k, json(v)),
        })),
  ),
  bodyKind(
    'body: deep nesting',
    'hundreds to thousands of nested arrays or objects in an unknown member',
    ['UNKNOWN_FIELD'],
    (r) => deepNest.map((nested) => ({ body: withRawMember(r.valid, 'nested', nested) })),
  ),
  bodyKind(
    'body: control and unicode keys',
    'member names with NUL, RTL override, BOM, emoji',
    ['UNKNOWN_FIELD'],
    (r) => fc.oneof(withControl('name'), nonAsciiText).map((k) => ({ body: withRawMember(r.valid, k, '1') })),
  ),
  bodyKind('body: many unknown fields', 'thousands of members', ['UNKNOWN_FIELD'], (r) =>
    fc.integer({ min: 100, max: 3000 }).map((n) => ({
      body: json({ ...r.valid, ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i])) }),
    })),
  ),
];

const NAME_KINDS: BadInputKind[] = [
  fieldKind(
    'name: missing',
    'a body without its required name',
    (fx) => allNameTargets(fx, { patch: false }),
    () => fc.constant(undefined),
  ),
  fieldKind(
    'name: wrong type',
    'number, boolean, array or object as name',
    (fx) => allNameTargets(fx),
    () => notAString,
  ),
  fieldKind(
    'name: null',
    'null as name',
    (fx) => allNameTargets(fx),
    () => fc.constant(null),
  ),
  fieldKind(
    'name: empty',
    'the empty string as name',
    (fx) => allNameTargets(fx),
    () => fc.constant(''),
  ),
  fieldKind(
    'name: huge string',
    '200 to 30,000 characters',
    (fx) => allNameTargets(fx),
    () => hugeRun(200, 30_000),
  ),
  fieldKind(
    'name: forbidden characters',
    'spaces, slashes, quotes, emoji...',
    (fx) => allNameTargets(fx),
    () => foreignText,
  ),
  fieldKind(
    'name: control characters',
    'NUL, ESC, newline, RTL override, lone surrogate inside a name',
    (fx) => allNameTargets(fx),
    () => withControl(),
  ),
  fieldKind(
    'name: path tricks',
    '../, %2e%2e, NUL, backslashes as name',
    (fx) => allNameTargets(fx),
    () => fc.constantFrom(...PATH_TRICKS),
  ),
  fieldKind(
    'name: DNS label rules',
    'upper case, leading or trailing hyphen, 64+ characters for namespaces and tunnels',
    labelNameTargets,
    () => fc.oneof(fc.constantFrom('Upper', '-lead', 'trail-', 'a_b', 'a.b', 'a:b'), hugeRun(64, 200)),
  ),
  {
    name: 'name: duplicate key, last one bad',
    what: '{"name":"<valid>","name":<bad>} — JSON.parse keeps the last',
    cases: (fx) =>
      fc.constantFrom(...allNameTargets(fx)).chain((t) =>
        fc.oneof(notAString, fc.constant(''), foreignText).map((bad) => ({
          request: {
            method: t.method,
            path: t.path,
            body: withRawMember(t.base, 'name', `"fuzz-ok",${json('name')}:${json(bad)}`),
          },
          codes: [t.code],
        })),
      ),
  },
  fieldKind(
    'name: reserved',
    '"server" for clients, kube-* and certplane for namespaces',
    (fx) => [
      ...clientNameTargets(fx, { patch: true })
        .filter((t) => t.path !== '/clientcontroller/leave')
        .map((t) => ({ ...t, code: 'RESERVED_NAME' })),
      { method: 'POST', path: '/v1/namespace', base: {}, field: 'name', code: 'RESERVED_NAMESPACE' },
    ],
    (t) =>
      t.path === '/v1/namespace'
        ? fc.constantFrom('kube-system', 'kube-public', 'kube-anything', 'certplane')
        : fc.constant('server'),
  ),
];

const CLIENT_FIELD_KINDS: BadInputKind[] = [
  fieldKind(
    'topics: missing on enrol',
    'enrol without topics',
    (fx) => topicsTargets(fx, { create: false }),
    () => fc.constant(undefined),
  ),
  fieldKind('topics: wrong type', 'string, number, array as topics', topicsTargets, () => notAnObject),
  fieldKind('topics: empty', 'an empty topics object', topicsTargets, () => fc.constant({})),
  fieldKind('topics: too many', '33 to 2,000 topics', topicsTargets, () =>
    fc
      .integer({ min: 33, max: 2000 })
      .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`r${i}`, 't']))),
  ),
  fieldKind('topics: bad values', 'non-string, empty, huge or unicode topic names', topicsTargets, () =>
    fc
      .oneof(notAString, fc.constant(''), hugeRun(256, 5000), foreignText, fc.constant(null))
      .map((v) => ({ insert: v })),
  ),
  fieldKind('topics: bad keys', 'empty, unicode, control or 65+ character roles', topicsTargets, () =>
    fc
      .oneof(
        fc.constant(''),
        foreignText.filter((k) => k !== '__proto__'),
        withControl('r'),
        hugeRun(65, 500),
      )
      .map((k) => ({ [k]: 'data' })),
  ),
  fieldKind(
    'ip: not an address',
    'strings that are no IPv4 or IPv6 address',
    (fx) => ipTargets(fx, 'INVALID_IP_ADDRESS'),
    () =>
      fc.oneof(
        fc.constantFrom(
          '256.1.1.1',
          '1.2.3',
          '1.2.3.4.5',
          '::g',
          '10.0.0.1/24',
          '10.0.0.1:80',
          ' 10.0.0.1',
          '10.0.0.1\n',
          '0x0a.0.0.1',
          '',
        ),
        fc.string({ maxLength: 60 }).filter((s) => isIP(s) === 0),
      ),
  ),
  fieldKind(
    'ip: wrong type',
    'number, boolean, array or object as ip',
    (fx) => ipTargets(fx, 'INVALID_IP_ADDRESS'),
    () => notAString,
  ),
  fieldKind(
    'ip: reserved address',
    'unspecified, loopback, broadcast, multicast',
    (fx) => ipTargets(fx, 'RESERVED_IP_ADDRESS'),
    () =>
      fc.constantFrom(
        '0.0.0.0',
        '127.0.0.1',
        '127.9.9.9',
        '255.255.255.255',
        '224.0.0.1',
        '239.1.2.3',
        '::',
        '::1',
        'ff02::1',
      ),
  ),
  fieldKind(
    'ip: reserved address in another spelling',
    'IPv4-mapped, expanded, upper-case or zero-padded spellings of reserved addresses',
    (fx) => ipTargets(fx, 'RESERVED_IP_ADDRESS'),
    () =>
      fc.constantFrom(
        '::ffff:127.0.0.1',
        '0:0:0:0:0:ffff:127.0.0.1',
        '::ffff:7f00:1',
        '::FFFF:7F00:0001',
        '::ffff:0.0.0.0',
        '::ffff:255.255.255.255',
        '::ffff:e000:1',
        '0:0:0:0:0:0:0:0',
        '0000::0001',
        'FF02:0::1',
      ),
  ),
  fieldKind(
    'hostname: invalid',
    'bad characters, empty labels, 61+ characters',
    (fx) => hostnameTargets(fx, 'INVALID_HOSTNAME'),
    () =>
      fc.oneof(
        fc.constantFrom('', '.', 'a..b', '.a', '-a.b', 'a b', 'a/b', 'a@b', 'ä.example'),
        foreignText,
        hugeRun(61, 5000),
      ),
  ),
  fieldKind(
    'hostname: wrong type',
    'number, boolean, array or object as hostname',
    (fx) => hostnameTargets(fx, 'INVALID_HOSTNAME'),
    () => notAString,
  ),
  fieldKind(
    'hostname: reserved',
    "the server's own hostnames",
    (fx) => hostnameTargets(fx, 'RESERVED_HOSTNAME'),
    () => fc.constant('localhost'),
  ),
  {
    name: 'ip and hostname together',
    what: 'both SANs in one body',
    cases: () =>
      fc
        .constantFrom(
          { path: enrol, base: { name: FRESH.client, topics: TOPICS } },
          { path: '/clients', base: { name: FRESH.client } },
        )
        .map((t) => ({
          request: {
            method: 'POST',
            path: t.path,
            body: json({ ...t.base, ip: '10.99.0.1', hostname: 'both.example' }),
          },
          codes: ['PARAMETERS_NOT_APPROPRIATE'],
        })),
  },
  fieldKind(
    'tags: wrong type',
    'string, number, object as tags',
    (fx) => clientFieldTargets(fx, 'tags', 'INVALID_TAGS'),
    () => notAnArray,
  ),
  fieldKind(
    'tags: too many',
    '33 to 2,000 distinct tags',
    (fx) => clientFieldTargets(fx, 'tags', 'INVALID_TAGS'),
    () => fc.integer({ min: 33, max: 2000 }).map((n) => Array.from({ length: n }, (_, i) => `t${i}`)),
  ),
  fieldKind(
    'tags: duplicates',
    'the same tag twice',
    (fx) => clientFieldTargets(fx, 'tags', 'INVALID_TAGS'),
    () => validLabel.map((t) => [t, t]),
  ),
  fieldKind(
    'tags: bad elements',
    'empty, 65+ characters, unicode, control or non-string tags',
    (fx) => clientFieldTargets(fx, 'tags', 'INVALID_TAGS'),
    () =>
      fc
        .oneof(fc.constant(''), hugeRun(65, 3000), foreignText, withControl(), notAString, fc.constant(null))
        .map((t) => ['ok', t]),
  ),
  fieldKind(
    'metadata: wrong type',
    'array, string, number as metadata',
    (fx) => clientFieldTargets(fx, 'metadata', 'INVALID_METADATA'),
    () => fc.oneof(fc.integer(), fc.boolean(), fc.string(), fc.array(fc.integer())),
  ),
  fieldKind(
    'metadata: too many keys',
    '33 to 2,000 keys',
    (fx) => clientFieldTargets(fx, 'metadata', 'INVALID_METADATA'),
    () =>
      fc
        .integer({ min: 33, max: 2000 })
        .map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
  ),
  fieldKind(
    'metadata: nested or null values',
    'objects, arrays and null as values',
    (fx) => clientFieldTargets(fx, 'metadata', 'INVALID_METADATA'),
    () =>
      fc
        .oneof(
          fc.constant(null),
          fc.array(fc.integer(), { maxLength: 3 }),
          fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
        )
        .map((v) => ({ owner: v as unknown }))
        .chain((v) =>
          fc.oneof(
            fc.constant<unknown>(v),
            deepNest.map((d) => new RawJson(`{"owner":${d}}`)),
          ),
        ),
  ),
  fieldKind(
    'metadata: huge value',
    'a 257 to 30,000 character value',
    (fx) => clientFieldTargets(fx, 'metadata', 'INVALID_METADATA'),
    () => hugeRun(257, 30_000).map((v) => ({ owner: v })),
  ),
  fieldKind(
    'metadata: bad keys',
    'empty, unicode, control or 65+ character keys',
    (fx) => clientFieldTargets(fx, 'metadata', 'INVALID_METADATA'),
    () =>
      fc
        .oneof(
          fc.constant(''),
          foreignText.filter((k) => k !== '__proto__'),
          withControl('k'),
          hugeRun(65, 500),
        )
        .map((k) => ({ [k]: 'v' })),
  ),
  fieldKind(
    'revokeOld: wrong type',
    'strings, numbers, null as revokeOld',
    (fx) => [
      {
        method: 'POST',
        path: `/clients/${fx.client.id}/certificate/renew`,
        base: {},
        field: 'revokeOld',
        code: 'INVALID_BODY',
      },
    ],
    () =>
      fc.oneof(
        fc.constantFrom('true', 'false', 1, 0, null),
        notAString.filter((v) => typeof v !== 'boolean'),
      ),
  ),
];

const PEM_KINDS: BadInputKind[] = [
  fieldKind('csr: wrong type', 'null, number, array, object as csr', csrTargets, () =>
    fc.oneof(fc.constant(null), notAString),
  ),
  fieldKind('csr: not PEM', 'arbitrary text, base64 without armour, a certificate label', csrTargets, (_t, fx) =>
    fc.oneof(
      fc.string({ maxLength: 500 }),
      fc.constant(pemBody(fx.csrPem)),
      fc.constant(fx.client.certificatePem),
      fc.constant('-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n'),
    ),
  ),
  fieldKind('csr: truncated PEM', 'a valid CSR cut short', csrTargets, (_t, fx) => truncatedPem(fx.csrPem)),
  fieldKind(
    'csr: corrupted',
    'a valid CSR with one base64 character changed (bad DER or bad signature)',
    csrTargets,
    (_t, fx) => corruptedPem(fx.csrPem, 'CERTIFICATE REQUEST'),
  ),
  fieldKind('csr: random DER', 'random bytes in a CSR armour, up to 3 KB', csrTargets, () =>
    randomPem('CERTIFICATE REQUEST'),
  ),
  fieldKind('csr: certificate inside', "a certificate's DER in a CSR armour", csrTargets, (_t, fx) =>
    fc.constant(pemOf('CERTIFICATE REQUEST', pemBody(fx.client.certificatePem))),
  ),
  fieldKind(
    'csr: key type the profile does not allow',
    "a well-formed CSR of an RSA-2048 key, where the client's profile (the default one) allows only EC P-256",
    (fx) => csrTargets(fx).map((t) => ({ ...t, code: 'KEY_TYPE_NOT_ALLOWED' })),
    (_t, fx) => fc.constant(fx.rsaCsrPem),
  ),
  fieldKind('csr: huge', '40-60 KB of base64 in a CSR armour', csrTargets, () =>
    fc
      .integer({ min: 30_000, max: 45_000 })
      .map((n) => pemOf('CERTIFICATE REQUEST', Buffer.alloc(n, 0x30).toString('base64'))),
  ),
  fieldKind(
    'certificate: wrong type',
    'null, number, array, object as certificate',
    (fx) => certificateTargets(fx),
    () => fc.oneof(fc.constant(null), notAString),
  ),
  fieldKind(
    'certificate: not PEM',
    'arbitrary text, a CSR, base64 without armour',
    (fx) => certificateTargets(fx),
    (_t, fx) =>
      fc.oneof(fc.string({ maxLength: 500 }), fc.constant(fx.csrPem), fc.constant(pemBody(fx.client.certificatePem))),
  ),
  fieldKind(
    'certificate: truncated PEM',
    'a valid certificate cut short',
    (fx) => certificateTargets(fx),
    (_t, fx) => truncatedPem(fx.client.certificatePem),
  ),
  fieldKind(
    'certificate: corrupted',
    'one base64 character changed',
    (fx) => certificateTargets(fx),
    (_t, fx) => corruptedPem(fx.client.certificatePem, 'CERTIFICATE'),
  ),
  fieldKind(
    'certificate: random DER',
    'random bytes in a certificate armour',
    (fx) => certificateTargets(fx),
    () => randomPem('CERTIFICATE'),
  ),
  fieldKind(
    'certificate: another CA',
    'a self-signed certificate of a CA certplane does not know',
    (fx) => certificateTargets(fx),
    (_t, fx) => fc.constant(fx.foreignCertificatePem),
  ),
  fieldKind(
    'certificate: the CA itself',
    "certplane's own CA certificate",
    (fx) => certificateTargets(fx),
    (_t, fx) => fc.constant(fx.caPem),
  ),
  fieldKind(
    "certificate: another client's",
    "another live client's certificate, which states that client's name",
    (fx) => certificateTargets(fx),
    (_t, fx) => fc.constant(fx.client.certificatePem),
  ),
  fieldKind(
    "certificate: the server's",
    "certplane's own HTTPS certificate: signed by the CA, serverAuth only, its serial reserved",
    (fx) => certificateTargets(fx),
    (_t, fx) => fc.constant(fx.serverCertificatePem),
  ),
  fieldKind(
    "certificate: a SAN not the client's",
    "a client certificate of the CA with the client's CN and a hostname the client does not hold",
    (fx) => certificateTargets(fx),
    (t, fx) => fc.constant(fx.strayHostnameCertificatePems[t.method === 'POST' ? FRESH.client : fx.enrolled.name]),
  ),
  {
    name: 'csr and certificate together',
    what: 'both a CSR and a certificate in one create',
    cases: (fx) =>
      fc.constant({
        request: {
          method: 'POST',
          path: '/clients',
          body: json({ name: FRESH.client, csr: fx.csrPem, certificate: fx.foreignCertificatePem }),
        },
        codes: ['PARAMETERS_NOT_APPROPRIATE', 'INVALID_CERTIFICATE', 'INVALID_BODY'],
      }),
  },
];

const TUNNEL_KINDS: BadInputKind[] = [
  fieldKind('tcpPorts: missing', 'a tunnel without ports', tcpPortsTargets, () => fc.constant(undefined)),
  fieldKind('tcpPorts: wrong type', 'string, number, object, null as tcpPorts', tcpPortsTargets, () =>
    fc.oneof(notAnArray, fc.constant(null)),
  ),
  fieldKind('tcpPorts: empty', 'an empty list', tcpPortsTargets, () => fc.constant([])),
  fieldKind('tcpPorts: out of range', '0, negatives, 65536+, fractions, strings', tcpPortsTargets, () =>
    fc
      .oneof(
        fc.integer({ max: 0 }),
        fc.integer({ min: 65536 }),
        fc.double({ min: 1.01, max: 65534.99, noInteger: true }),
        fc.constantFrom('80', '8080', '', null, true, 1e308),
      )
      .map((p) => [p]),
  ),
  fieldKind('tcpPorts: too many', '65 to 5,000 ports', tcpPortsTargets, () =>
    fc.integer({ min: 65, max: 5000 }).map((n) => Array.from({ length: n }, (_, i) => i + 1)),
  ),
  fieldKind('tcpPorts: duplicates', 'the same port twice', tcpPortsTargets, () =>
    fc.integer({ min: 1, max: 65535 }).map((p) => [p, p]),
  ),
  fieldKind('tunnel namespace: invalid', 'missing, wrong type or not a DNS label', tunnelNamespaceTargets, () =>
    fc.oneof(fc.constant(undefined), fc.constant(null), notAString, foreignText, hugeRun(64, 500)),
  ),
  fieldKind(
    'labels: invalid',
    'wrong type, bad keys, bad or non-string values',
    () => namespaceMapTargets('labels'),
    () =>
      fc.oneof(
        notAnObject,
        fc.constant({ '': 'x' }),
        fc.constant({ 'a b': 'x' }),
        foreignText.map((k) => ({ [k]: 'x' })),
        fc.constant({ team: 1 }),
        hugeRun(64, 500).map((v) => ({ team: v })),
        fc.constant({ team: null }),
      ),
  ),
  fieldKind(
    'annotations: invalid',
    'wrong type or non-string values',
    () => namespaceMapTargets('annotations'),
    () =>
      fc.oneof(notAnObject, fc.constant({ note: 1 }), fc.constant({ note: { deep: true } }), fc.constant({ '': 'x' })),
  ),
];

const PROFILE_KINDS: BadInputKind[] = [
  fieldKind(
    'profile: unknown',
    'a profile name no profile has, of any spelling, or not a string',
    () => [
      { method: 'POST', path: '/clients', base: { name: FRESH.client }, field: 'profile', code: 'UNKNOWN_PROFILE' },
      ...grantTargets('profile', 'UNKNOWN_PROFILE'),
    ],
    () =>
      fc.oneof(
        fc.stringMatching(/^fuzz-none-[a-z0-9]{1,20}$/),
        foreignText,
        hugeRun(64, 5000),
        notAString,
        fc.constant(null),
        fc.constantFrom('Fuzz-Mesh', 'fuzz-mesh ', '__proto__', 'constructor'),
      ),
  ),
  fieldKind(
    'sans: malformed',
    'not a list, entries of unknown kinds or with other fields, wildcard or IDN DNS names, reserved or CIDR IPs, relative URIs, e-mail without @, a name twice',
    (fx) => profiledClient(fx, 'INVALID_SANS'),
    () =>
      fc.oneof(
        notAnArray,
        fc.constant(null),
        fc.constantFrom(
          [san('dns', '*.fuzz.example')],
          [san('dns', 'bücher.fuzz.example')],
          [san('dns', 'a..fuzz.example')],
          [san('ip', '127.0.0.1')],
          [san('ip', '10.77.0.0/16')],
          [san('ip', '10.77.*.1')],
          [san('uri', '/ns/a/sa/b')],
          [san('uri', 'spiffe://fuzz.example/ns/a b/sa/c')],
          [san('email', 'no-at-sign')],
          [san('x400', 'a')],
          [{ type: 'dns', value: 'a.fuzz.example', critical: true }],
          [san('dns', 'a.fuzz.example'), san('dns', 'A.FUZZ.EXAMPLE')],
          Array.from({ length: 101 }, (_, i) => san('dns', `h${i}.fuzz.example`)),
        ),
        fc.array(
          fc.oneof(notAnObject, fc.record({ type: fc.constantFrom('dns', 'ip', 'uri', 'email'), value: notAString })),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.record({ type: fc.constantFrom('dns', 'ip', 'uri', 'email'), value: withControl('x') }), {
          minLength: 1,
          maxLength: 3,
        }),
      ),
  ),
  {
    name: 'sans: not what the profile allows',
    what: 'a kind the profile does not list, more of a kind than it allows, names outside its patterns; any sans list under the default profile',
    cases: (fx) =>
      fc
        .oneof(
          fc.constant({ profile: fx.profile, sans: [san('email', 'a@fuzz.example')], code: 'SAN_KIND_NOT_ALLOWED' }),
          fc.constant({
            profile: undefined,
            sans: [san('uri', 'spiffe://fuzz.example/ns/a/sa/b')],
            code: 'SAN_KIND_NOT_ALLOWED',
          }),
          fc.integer({ min: 3, max: 20 }).map((n) => ({
            profile: fx.profile,
            sans: Array.from({ length: n }, (_, i) => san('dns', `n${i}.fuzz.example`)),
            code: 'TOO_MANY_SANS',
          })),
          fc
            .constantFrom('a.b.fuzz.example', 'fuzz.example', 'evil.example', 'xfuzz-host.example')
            .map((v) => ({ profile: fx.profile, sans: [san('dns', v)], code: 'SAN_PATTERN_MISMATCH' })),
          fc
            .constantFrom('10.78.0.1', '192.0.2.1', '2001:db8::1')
            .map((v) => ({ profile: fx.profile, sans: [san('ip', v)], code: 'SAN_PATTERN_MISMATCH' })),
          fc
            .constantFrom(
              'spiffe://other.example/ns/a/sa/b',
              'spiffe://fuzz.example/ns/a/b/sa/c',
              'https://fuzz.example/ns/a/sa/b',
            )
            .map((v) => ({ profile: fx.profile, sans: [san('uri', v)], code: 'SAN_PATTERN_MISMATCH' })),
        )
        .map(({ profile, sans, code }) => ({
          request: {
            method: 'POST',
            path: '/clients',
            body: json({ name: FRESH.client, ...(profile ? { profile } : {}), sans }),
          },
          codes: [code],
        })),
  },
  fieldKind(
    'profile: invalid definition',
    'keyTypes that are no list of distinct key types certplane issues for: not a list, empty, unknown or repeated types',
    (fx) => [...profileFieldTargets(fx, 'keyTypes')],
    () =>
      fc.oneof(
        notAnArray,
        fc.constant([]),
        fc.constant(['dsa-1024']),
        fc.constant(['ec-p256', 'ec-p256']),
        fc.array(notAString, { minLength: 1, maxLength: 3 }),
      ),
  ),
  fieldKind(
    'profile: invalid SAN rules',
    'sans rules with negative or huge counts, unknown kinds, IP patterns that are no CIDR block, relative URI patterns',
    (fx) => profileFieldTargets(fx, 'sans'),
    () =>
      fc.oneof(
        notAnObject,
        fc.constantFrom(
          { dns: { max: -1 } },
          { dns: { max: 101 } },
          { x400: { max: 1 } },
          { ip: { max: 1, patterns: ['10.*.0.1'] } },
          { ip: { max: 1, patterns: ['10.0.0.0/33'] } },
          { uri: { max: 1, patterns: ['/ns/*'] } },
          { dns: { max: 1, patterns: ['**.example'] } },
          { email: { max: 1, patterns: ['nobody'] } },
        ),
      ),
  ),
  fieldKind(
    'profile: invalid validity',
    'validity or maxValidity that is no Duration (15m, 24h, 90d)',
    (fx) => profileFieldTargets(fx, 'validity'),
    () => fc.oneof(notAString, fc.constantFrom('', '1y', '0d', '-1d', '1h30m', '90', 'P90D', '1e3d')),
  ),
  {
    name: 'profile: invalid change',
    what: 'PATCH of a profile to one that is no valid profile: key types or usages empty, unknown, repeated or null, a CN template with another placeholder, a validity that is no Duration or over its maximum',
    cases: (fx) =>
      fc
        .oneof(
          fc.oneof(notAnArray, fc.constantFrom([], ['dsa-1024'], ['ec-p256', 'ec-p256'], null)).map((keyTypes) => ({
            keyTypes,
          })),
          fc
            .oneof(notAnArray, fc.constantFrom([], ['codeSigning'], ['serverAuth', 'serverAuth'], null))
            .map((extendedKeyUsages) => ({ extendedKeyUsages })),
          fc.oneof(notAnObject, fc.constantFrom(null, { commonName: '{id}' }, { commonName: '' })).map((subject) => ({
            subject,
          })),
          fc.oneof(notAString, fc.constantFrom('', '1y', '0d', 'P90D')).map((validity) => ({ validity })),
          fc.constant({ validity: '90d', maxValidity: '1d' }),
        )
        .map((changes) => ({
          request: { method: 'PATCH', path: `/profiles/${fx.profile}`, body: json(changes) },
          codes: ['INVALID_PROFILE'],
        })),
  },
  {
    name: 'profile: bad or built-in name',
    what: 'POST /profiles with a name that is no DNS label, or default; PUT or DELETE of default',
    cases: (fx) =>
      fc.oneof(
        fc.oneof(foreignText, fc.constantFrom('Upper', '-lead', 'trail-', 'a'.repeat(64)), notAString).map((name) => ({
          request: { method: 'POST', path: '/profiles', body: json({ name, ...PROFILE_BASE }) },
          codes: ['INVALID_PROFILE_NAME'],
        })),
        fc.constantFrom(
          {
            request: { method: 'POST', path: '/profiles', body: json({ name: 'default', ...PROFILE_BASE }) },
            codes: ['DEFAULT_PROFILE_READ_ONLY'],
          },
          {
            request: { method: 'PUT', path: '/profiles/default', body: json(PROFILE_BASE) },
            codes: ['DEFAULT_PROFILE_READ_ONLY'],
          },
          { request: { method: 'DELETE', path: '/profiles/default' }, codes: ['DEFAULT_PROFILE_READ_ONLY'] },
          {
            request: { method: 'POST', path: '/profiles', body: json({ name: fx.profile, ...PROFILE_BASE }) },
            codes: ['PROFILE_ALREADY_EXISTS'],
          },
          { request: { method: 'DELETE', path: '/profiles/fuzz-none' }, codes: ['PROFILE_NOT_FOUND'] },
          {
            request: { method: 'PATCH', path: '/profiles/default', body: json({ validity: '1d' }) },
            codes: ['DEFAULT_PROFILE_READ_ONLY'],
          },
          {
            request: { method: 'PATCH', path: '/profiles/fuzz-none', body: json({ validity: '1d' }) },
            codes: ['PROFILE_NOT_FOUND'],
          },
          { request: { method: 'GET', path: '/profiles/fuzz-none/events' }, codes: ['PROFILE_NOT_FOUND'] },
        ),
      ),
  },
];

const CONFLICT_KINDS: BadInputKind[] = [
  {
    name: 'conflict: SAN taken',
    what: "a sans entry that is another live client's hostname or ip (in any case or spelling)",
    cases: (fx) =>
      fc
        .constantFrom(
          san('dns', fx.enrolled.hostname),
          san('dns', fx.enrolled.hostname.toUpperCase()),
          san('ip', fx.client.ip),
          san('ip', `::ffff:${fx.client.ip}`),
        )
        .map((entry) => ({
          request: {
            method: 'POST',
            path: '/clients',
            body: json({ name: FRESH.client, profile: fx.profile, sans: [entry] }),
          },
          codes: ['DUPLICATE_SAN'],
        })),
  },
  {
    name: 'conflict: client name taken',
    what: 'enrol, create or rename to a live client’s name',
    cases: (fx) =>
      fc
        .constantFrom(
          { method: 'POST', path: enrol, body: json({ name: fx.client.name, topics: TOPICS }) },
          { method: 'POST', path: '/clients', body: json({ name: fx.client.name }) },
          { method: 'PATCH', path: `/clients/${fx.enrolled.id}`, body: json({ name: fx.client.name }) },
        )
        .map((request) => ({ request, codes: ['CLIENT_ALREADY_EXISTS'] })),
  },
  {
    name: 'conflict: ip or hostname taken',
    what: 'a SAN another live client holds',
    cases: (fx) =>
      fc.constantFrom(
        {
          request: { method: 'POST', path: '/clients', body: json({ name: FRESH.client, ip: fx.client.ip }) },
          codes: ['DUPLICATE_IP'],
        },
        {
          request: {
            method: 'POST',
            path: enrol,
            body: json({ name: FRESH.client, topics: TOPICS, hostname: fx.enrolled.hostname }),
          },
          codes: ['DUPLICATE_HOSTNAME'],
        },
        {
          request: { method: 'PATCH', path: `/clients/${fx.plain.id}`, body: json({ ip: fx.client.ip }) },
          codes: ['DUPLICATE_IP'],
        },
        {
          request: { method: 'PATCH', path: `/clients/${fx.plain.id}`, body: json({ hostname: fx.enrolled.hostname }) },
          codes: ['DUPLICATE_HOSTNAME'],
        },
      ),
  },
  {
    name: 'conflict: ip taken, in another spelling',
    what: 'the IPv4 a live client holds written as IPv4-mapped IPv6 (dotted, hex, expanded, upper case)',
    cases: (fx) => {
      const [a, b, c, d] = fx.client.ip.split('.').map(Number);
      const hex = (n: number) => n.toString(16);
      return fc
        .constantFrom(
          `::ffff:${fx.client.ip}`,
          `0:0:0:0:0:FFFF:${fx.client.ip}`,
          `::ffff:${hex((a << 8) | b)}:${hex((c << 8) | d)}`,
          `0000::ffff:${hex((a << 8) | b).padStart(4, '0')}:${hex((c << 8) | d).toUpperCase()}`,
        )
        .chain((ip) =>
          fc.constantFrom(
            {
              request: { method: 'POST', path: '/clients', body: json({ name: FRESH.client, ip }) },
              codes: ['DUPLICATE_IP'],
            },
            {
              request: { method: 'POST', path: enrol, body: json({ name: FRESH.client, topics: TOPICS, ip }) },
              codes: ['DUPLICATE_IP'],
            },
            {
              request: { method: 'PATCH', path: `/clients/${fx.plain.id}`, body: json({ ip }) },
              codes: ['DUPLICATE_IP'],
            },
          ),
        );
    },
  },
  {
    name: 'conflict: unknown client by name',
    what: 'leave a client that does not exist',
    cases: () =>
      fc.stringMatching(/^ghost-[a-z0-9]{1,20}$/).map((name) => ({
        request: { method: 'POST', path: '/clientcontroller/leave', body: json({ name }) },
        codes: ['CLIENT_NOT_FOUND'],
      })),
  },
  {
    name: 'conflict: disabled client',
    what: 'renew or register on a disabled client',
    cases: (fx) =>
      fc
        .constantFrom(
          { method: 'POST', path: `/clients/${fx.disabled.id}/certificate/renew`, body: '{}' },
          { method: 'POST', path: `/clients/${fx.disabled.id}/certificate/renew`, body: json({ revokeOld: true }) },
        )
        .map((request) => ({ request, codes: ['CLIENT_DISABLED'] })),
  },
  {
    name: 'conflict: namespace or tunnel taken',
    what: 'create what already exists',
    cases: (fx) =>
      fc.constantFrom(
        {
          request: { method: 'POST', path: '/v1/namespace', body: json({ name: fx.namespace }) },
          codes: ['NAMESPACE_ALREADY_EXISTS'],
        },
        {
          request: {
            method: 'POST',
            path: '/v1/tunnels',
            body: json({ name: fx.tunnel.name, namespace: fx.tunnel.namespace, tcpPorts: [9] }),
          },
          codes: ['TUNNEL_ALREADY_EXISTS'],
        },
      ),
  },
  {
    name: 'conflict: unknown namespace or tunnel',
    what: 'a tunnel in a namespace that does not exist, or an update of a tunnel that does not exist',
    cases: (fx) =>
      validLabel.chain((n) =>
        fc.constantFrom(
          {
            request: {
              method: 'POST',
              path: '/v1/tunnels',
              body: json({ name: 'fuzz-t', namespace: `ghost-${n}`, tcpPorts: [80] }),
            },
            codes: ['NAMESPACE_NOT_FOUND'],
          },
          {
            request: {
              method: 'PUT',
              path: '/v1/tunnels',
              body: json({ name: `ghost-${n}`, namespace: fx.tunnel.namespace, tcpPorts: [80] }),
            },
            codes: ['TUNNEL_NOT_FOUND'],
          },
        ),
      ),
  },
  {
    name: 'conflict: namespace not empty',
    what: 'delete a namespace that holds a tunnel, without cascade',
    cases: (fx) =>
      fc.constantFrom('', '?cascade=false', '?cascade=0').map((q) => ({
        request: { method: 'DELETE', path: `/v1/namespace/${fx.tunnel.namespace}${q}` },
        codes: ['NAMESPACE_NOT_EMPTY'],
      })),
  },
];

const RFC5280_CLIENT_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
];
const reasonTargets = (fx: FuzzFixtures): FieldTarget[] => [
  {
    method: 'POST',
    path: `/certificates/${serialIn(fx.client.certificatePem)}/revoke`,
    base: {},
    field: 'reason',
    code: 'INVALID_REVOCATION_REASON',
  },
  {
    method: 'POST',
    path: '/certificates/revoke',
    base: { filter: { client: fx.plain.id } },
    field: 'reason',
    code: 'INVALID_REVOCATION_REASON',
  },
];
/** Serials written as openssl would, in the one spelling or another. */
const hexSerial = fc.uint8Array({ minLength: 1, maxLength: 20 }).map((b) => Buffer.from(b).toString('hex'));
const serialRoutes = (serial: string) =>
  fc.constantFrom(
    { method: 'POST', path: `/certificates/${serial}/revoke`, body: json({ reason: 'keyCompromise' }) },
    { method: 'POST', path: `/certificates/${serial}/release` },
    { method: 'GET', path: `/certificates/${serial}` },
  );

const REVOCATION_KINDS: BadInputKind[] = [
  fieldKind(
    'revocation reason: not RFC 5280',
    "reason missing, of another case or spelling, RFC 5280's for CAs only, or removeFromCRL",
    reasonTargets,
    () =>
      fc.oneof(
        fc.constant(undefined),
        fc.constantFrom(
          'removeFromCRL',
          'cACompromise',
          'aACompromise',
          'KeyCompromise',
          'KEYCOMPROMISE',
          'key_compromise',
          'keycompromise',
          ' keyCompromise',
          'keyCompromise\u0000',
          '1',
          '',
          'toString',
          '__proto__',
        ),
        fc.string({ maxLength: 40 }).filter((s) => !RFC5280_CLIENT_REASONS.includes(s)),
      ),
  ),
  fieldKind(
    'revocation reason: wrong type',
    'number (the reason code), boolean, array, object or null as reason',
    reasonTargets,
    () => fc.oneof(notAString, fc.constantFrom(1, 0, 6, null, ['keyCompromise'], { reason: 'keyCompromise' })),
  ),
  {
    name: 'serial: malformed',
    what: 'a serial in the path that is not hex: 0x prefixes, signs, stray colons, letters past f, over 42 digits',
    cases: () =>
      fc
        .oneof(
          fc.constantFrom(
            '0x1f',
            '-1f',
            '+1f',
            '1f:',
            ':1f',
            '1:f',
            '1f::2e',
            'a'.repeat(43),
            'serial',
            'ＡＢ',
            '1f%20',
          ),
          fc
            .tuple(
              fc.stringMatching(/^[0-9a-f]{0,8}$/),
              fc.constantFrom('g', 'z', 'G', '_', '~', ' ', '-', '\u00e9'),
              fc.stringMatching(/^[0-9a-z]{0,8}$/),
            )
            .map(([a, c, b]) => `${a}${c}${b}`),
        )
        .chain((serial) => serialRoutes(encodeURIComponent(serial)))
        .map((request) => ({ request, codes: ['INVALID_SERIAL_NUMBER'] })),
  },
  {
    name: "serial: unknown or another CA's",
    what: "a well-formed serial no client holds, among them another CA's certificate's",
    cases: (fx) =>
      fc
        .oneof(
          hexSerial.filter((s) => s !== serialIn(fx.client.certificatePem)),
          fc.constant(serialIn(fx.foreignCertificatePem)),
        )
        .chain(serialRoutes)
        .map((request) => ({ request, codes: ['CERTIFICATE_NOT_FOUND'] })),
  },
  {
    name: "serial: certplane's own server certificate",
    what: 'the serial of the HTTPS certificate certplane serves, held under no client, in any spelling',
    cases: (fx) =>
      fc
        .constantFrom(
          (s: string) => s,
          (s: string) => s.toUpperCase(),
          (s: string) => `00${s}`,
          (s: string) => s.match(/../g)!.join(':'),
        )
        .chain((spell) => serialRoutes(encodeURIComponent(spell(serialIn(fx.serverCertificatePem)))))
        .map((request) => ({ request, codes: ['CERTIFICATE_NOT_FOUND'] })),
  },
  {
    name: 'serial: already revoked, or not on hold',
    what: "revoke a certificate revoked already (a disable's hold) with any reason; release a valid one, or a disabled client's",
    cases: (fx) =>
      fc.oneof(
        fc.constantFrom(...RFC5280_CLIENT_REASONS).map((reason) => ({
          request: { method: 'POST', path: `/certificates/${fx.disabled.serialNumber}/revoke`, body: json({ reason }) },
          codes: ['CERTIFICATE_ALREADY_REVOKED'],
        })),
        fc.constant({
          request: { method: 'POST', path: `/certificates/${serialIn(fx.client.certificatePem)}/release` },
          codes: ['CERTIFICATE_NOT_ON_HOLD'],
        }),
        fc.constant({
          request: { method: 'POST', path: `/certificates/${fx.disabled.serialNumber}/release` },
          codes: ['CLIENT_DISABLED'],
        }),
      ),
  },
  fieldKind(
    'bulk revocation filter: empty or bad',
    'no filter, an empty one, or one whose client, tag or issuedBefore is not one (a filter must never mean "all")',
    () => [
      {
        method: 'POST',
        path: '/certificates/revoke',
        base: { reason: 'keyCompromise' },
        field: 'filter',
        code: 'INVALID_FILTER',
      },
    ],
    () =>
      fc.oneof(
        fc.constantFrom(undefined, null, {}, [], 'all', '*', true, 1),
        fc
          .oneof(notAString, fc.constant(''), fc.stringMatching(/^[0-9a-f]{0,31}$/), fc.constant('A'.repeat(32)))
          .map((client) => ({ client })),
        fc.oneof(notAString, fc.constant(''), hugeRun(65, 200), withControl('tag')).map((tag) => ({ tag })),
        fc
          .oneof(
            notAString,
            fc.constantFrom(
              '',
              'yesterday',
              '2026-02-30T00:00:00Z',
              '2026-11-23',
              '2026-11-23T25:00:00Z',
              '1700000000',
            ),
          )
          .map((issuedBefore) => ({ issuedBefore })),
      ),
  ),
];

/** Every route with a client id in its path, as a template. */
type IdRoute = [method: string, template: string, body?: string, alsoCodes?: string[]];
const CLIENT_ID_ROUTES: IdRoute[] = [
  ['GET', '/clients/:id'],
  ['PATCH', '/clients/:id', '{}'],
  ['DELETE', '/clients/:id'],
  ['GET', '/clients/:id/events'],
  ['GET', '/clients/:id/certificates'],
  // The body is read before the client is looked up.
  ['PUT', '/clients/:id/certificate', '{"certificate":"x"}', ['INVALID_CERTIFICATE']],
  ['POST', '/clients/:id/certificate/renew', '{}'],
  ['POST', '/clients/:id/disable'],
  ['POST', '/clients/:id/enable'],
  ['GET', '/clients/:id/channels'],
];
const idRequest = ([method, template, body]: IdRoute, id: string) => ({
  method,
  path: template.replace(':id', id),
  body,
});
const idCodes = (r: IdRoute, codes: string[]) => [...codes, ...(r[3] ?? [])];
// %ff and overlong UTF-8 (%c0%ae) do not percent-decode: 400 BAD_REQUEST before any route runs.
const ID_TRICKS = [
  '..',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%2F',
  '%00',
  '%ff',
  '%c0%ae%c0%ae',
  '.',
  'fuzz-client',
  '*',
  '%20',
  '%0d%0aSet-Cookie:x',
];
const NAMED_ROUTES = (fx: FuzzFixtures): [string, string][] => [
  ['GET', `/v1/tunnels/:name?namespace=${fx.tunnel.namespace}`],
  ['DELETE', `/v1/tunnels/:name?namespace=${fx.tunnel.namespace}`],
  ['POST', `/v1/tunnels/:name/token/rotate?namespace=${fx.tunnel.namespace}`],
  ['DELETE', '/v1/namespace/:name'],
];

const PATH_KINDS: BadInputKind[] = [
  {
    name: 'client id: path tricks',
    what: 'traversal, encoded slashes, NUL, overlong UTF-8, CRLF, the name instead of the id',
    cases: () =>
      fc.tuple(fc.constantFrom(...CLIENT_ID_ROUTES), fc.constantFrom(...ID_TRICKS)).map(([r, id]) => ({
        request: idRequest(r, id),
        codes: idCodes(r, ['CLIENT_NOT_FOUND', 'NOT_FOUND', 'BAD_REQUEST']),
      })),
  },
  {
    name: 'client id: invalid percent-encoding',
    what: 'a lone % or %zz in the id',
    cases: () =>
      fc
        .tuple(fc.constantFrom(...CLIENT_ID_ROUTES), fc.constantFrom('%', '%zz', 'a%', '%%', '%e0%a4%a'))
        .map(([r, id]) => ({
          request: idRequest(r, id),
          codes: idCodes(r, ['CLIENT_NOT_FOUND', 'NOT_FOUND', 'BAD_REQUEST']),
        })),
  },
  {
    name: 'client id: unknown or malformed',
    what: 'well-formed ids of no client, upper case, 31/33 hex digits, 10 KB ids',
    cases: () =>
      fc
        .tuple(
          fc.constantFrom(...CLIENT_ID_ROUTES),
          fc.oneof(
            fc.stringMatching(/^[0-9a-f]{32}$/),
            fc.stringMatching(/^[0-9A-F]{32}$/).filter((s) => /[A-F]/.test(s)),
            fc.stringMatching(/^[0-9a-f]{31}$/),
            fc.stringMatching(/^[0-9a-f]{33}$/),
            hugeRun(1000, 10_000, 'f'),
          ),
        )
        .map(([r, id]) => ({ request: idRequest(r, id), codes: idCodes(r, ['CLIENT_NOT_FOUND']) })),
  },
  {
    name: 'details secret: bogus',
    what: 'random, traversal or oversized details secrets',
    cases: () =>
      fc
        .oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.constantFrom(...ID_TRICKS), hugeRun(1000, 10_000, 'a'))
        .map((s) => ({
          request: { method: 'GET', path: `/informationservice/details/${s}`, anonymous: true },
          codes: ['CLIENT_NOT_FOUND', 'NOT_FOUND', 'BAD_REQUEST'],
        })),
  },
  {
    name: 'details secret: real one, mangled',
    what: 'a live details secret with bad percent-encoding, a suffix or a trailing path (the answer must not quote it)',
    cases: (fx) =>
      // Not a trailing '/': the router takes /details/<secret>/ for /details/<secret>, and that is no bad input.
      fc.constantFrom('%ff', '%', '%zz', 'x', '/..', '%2F..', '%00').map((suffix) => ({
        request: {
          method: 'GET',
          path: `/informationservice/details/${fx.enrolled.detailsSecret}${suffix}`,
          anonymous: true,
        },
        codes: ['CLIENT_NOT_FOUND', 'NOT_FOUND', 'BAD_REQUEST'],
      })),
  },
  {
    name: 'tunnel or namespace name in path: bad',
    what: 'traversal, upper case, encoded junk, 64+ characters, unknown names',
    cases: (fx) =>
      fc
        .tuple(
          fc.constantFrom(...NAMED_ROUTES(fx)),
          fc.oneof(fc.constantFrom(...ID_TRICKS, 'UPPER', '-x', 'kube-system', 'ghost'), hugeRun(64, 3000)),
        )
        .map(([[method, template], name]) => ({
          request: { method, path: template.replace(':name', name) },
          codes: [
            'INVALID_NAME',
            'INVALID_NAMESPACE',
            'TUNNEL_NOT_FOUND',
            'NAMESPACE_NOT_FOUND',
            'RESERVED_NAMESPACE',
            'NOT_FOUND',
            'BAD_REQUEST',
          ],
        })),
  },
];

/** Routes with a query, each with one valid value per parameter. */
const QUERY_ROUTES = (fx: FuzzFixtures): { method: string; path: string; params: Record<string, string> }[] => [
  {
    method: 'GET',
    path: '/clients',
    params: { limit: '5', offset: '0', name: 'fuzz-client', search: 'fuzz', tag: 'fuzz', status: 'enabled' },
  },
  {
    method: 'GET',
    path: '/certificates',
    params: {
      status: 'valid',
      expiringBefore: '2100-01-01T00:00:00Z',
      expiringWithin: '3650d',
      client: fx.client.id,
      sort: '-notAfter',
      limit: '5',
      offset: '0',
    },
  },
  { method: 'GET', path: `/clients/${fx.client.id}`, params: { at: '2026-01-01T00:00:00Z' } },
  { method: 'GET', path: `/profiles/${fx.profile}`, params: { at: '2026-01-01T00:00:00Z' } },
  { method: 'GET', path: '/v1/tunnels', params: { namespace: fx.tunnel.namespace, metrics: '1' } },
  { method: 'GET', path: `/v1/tunnels/${fx.tunnel.name}`, params: { namespace: fx.tunnel.namespace, metrics: '0' } },
  { method: 'DELETE', path: `/v1/tunnels/${fx.tunnel.name}`, params: { namespace: fx.tunnel.namespace } },
  { method: 'POST', path: `/v1/tunnels/${fx.tunnel.name}/token/rotate`, params: { namespace: fx.tunnel.namespace } },
  { method: 'DELETE', path: `/v1/namespace/${fx.tunnel.namespace}`, params: { cascade: 'false' } },
];
const queryOf = (pairs: [string, string][]) =>
  '?' + pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

/** A kind that puts a bad value in one named query parameter, wherever a route takes it. */
function queryValueKind(
  name: string,
  what: string,
  params: string[],
  values: fc.Arbitrary<string>,
  codes: string[] = ['INVALID_QUERY'],
): BadInputKind {
  return {
    name,
    what,
    cases: (fx) => {
      const targets = QUERY_ROUTES(fx).flatMap((r) => params.filter((p) => p in r.params).map((p) => ({ r, p })));
      return fc.tuple(fc.constantFrom(...targets), values).map(([{ r, p }, v]) => ({
        request: { method: r.method, path: r.path + queryOf([...Object.entries({ ...r.params, [p]: v })]) },
        codes,
      }));
    },
  };
}

const QUERY_KINDS: BadInputKind[] = [
  {
    name: 'query: repeated keys',
    what: '?limit=5&limit=5 — every parameter is taken once',
    cases: (fx) =>
      fc.constantFrom(...QUERY_ROUTES(fx)).chain((r) =>
        fc.constantFrom(...Object.keys(r.params)).map((k) => ({
          request: { method: r.method, path: r.path + queryOf([...Object.entries(r.params), [k, r.params[k]]]) },
          codes: ['INVALID_QUERY'],
        })),
      ),
  },
  {
    name: 'query: unknown parameter',
    what: 'a parameter the route does not know, beside valid ones',
    cases: (fx) =>
      fc
        .tuple(
          fc.constantFrom(...QUERY_ROUTES(fx), { method: 'GET', path: '/v1/namespace', params: {} }),
          fc.string({ minLength: 1, maxLength: 20 }).filter((k) => /^[a-zA-Z]+$/.test(k)),
        )
        .filter(
          ([r, k]) =>
            !(k in r.params) &&
            ![
              'limit',
              'offset',
              'name',
              'search',
              'tag',
              'status',
              'id',
              'metadata',
              'channel',
              'order',
              'dir',
              'expiringBefore',
              'expiringWithin',
              'client',
              'sort',
              'at',
              'namespace',
              'metrics',
              'cascade',
            ].includes(k),
        )
        .map(([r, k]) => ({
          request: { method: r.method, path: r.path + queryOf([...Object.entries(r.params), [k, '1']]) },
          codes: ['UNKNOWN_QUERY_PARAMETER'],
        })),
  },
  {
    name: 'query: __proto__ and constructor keys',
    what: '?__proto__=x, ?constructor[prototype]=x',
    cases: (fx) =>
      fc
        .tuple(
          fc.constantFrom(...QUERY_ROUTES(fx)),
          fc.constantFrom('__proto__', 'constructor', 'prototype', '__proto__[admin]', 'constructor[prototype][x]'),
        )
        .map(([r, k]) => ({
          request: { method: r.method, path: r.path + '?' + `${k}=1&` + queryOf(Object.entries(r.params)).slice(1) },
          codes: ['UNKNOWN_QUERY_PARAMETER', 'INVALID_QUERY'],
        })),
  },
  {
    name: 'query: bracket and array syntax',
    what: '?limit[]=1, ?status[$ne]=x (qs-style objects)',
    cases: (fx) =>
      fc.constantFrom(...QUERY_ROUTES(fx)).chain((r) =>
        fc
          .tuple(fc.constantFrom(...Object.keys(r.params)), fc.constantFrom('[]', '[$ne]', '[0]', '[a][b]'))
          .map(([k, br]) => ({
            request: { method: r.method, path: `${r.path}?${k}${br}=${encodeURIComponent(r.params[k])}` },
            codes: ['UNKNOWN_QUERY_PARAMETER', 'INVALID_QUERY'],
          })),
      ),
  },
  queryValueKind(
    'query: limit not 1-100',
    'zero, negative, fractional, over 100, words, empty',
    ['limit'],
    fc.oneof(
      fc.constantFrom('0', '-1', '1.5', '1e2', 'ten', '', ' 5', '0x10', '99999999999'),
      fc.integer({ min: 101, max: 1e9 }).map(String),
    ),
  ),
  queryValueKind(
    'query: offset not a whole number up to 10^9',
    'negative, fractional, past 10^9, words, empty',
    ['offset'],
    fc.oneof(
      fc.constantFrom('-1', '1.5', '1e2', 'ten', '', ' 5', '0x10'),
      fc.integer({ min: 1_000_000_001, max: 9_999_999_999 }).map(String),
    ),
  ),
  queryValueKind(
    'query: timestamp not RFC 3339',
    'dates without time or offset, impossible dates, epochs',
    ['at', 'expiringBefore'],
    fc.oneof(
      fc.constantFrom('2026-02-30T00:00:00Z', '2026-11-23', 'now', '1700000000', '2026-13-01T00:00:00Z', ''),
      fc.string({ maxLength: 30 }).filter((s) => !/^\d{4}-/.test(s)),
    ),
  ),
  queryValueKind(
    'query: duration not a Duration',
    'no unit, two units, zero, negative, upper case, ISO 8601, words',
    ['expiringWithin'],
    fc.oneof(
      fc.constantFrom('30', '1h30m', '0d', '-1d', '30D', 'P30D', '1w', ' 30d', '', '9999999999d'),
      fc.string({ maxLength: 20 }).filter((s) => !/^[1-9][0-9]{0,8}[smhd]$/.test(s)),
    ),
  ),
  queryValueKind(
    'query: not one of the choices',
    'status or sort outside the list',
    ['status', 'sort'],
    fc
      .string({ maxLength: 30 })
      .filter(
        (s) =>
          ![
            'valid',
            'revoked',
            'expired',
            'enabled',
            'disabled',
            'removed',
            'notAfter',
            '-notAfter',
            'not_after',
            '-not_after',
          ].includes(s),
      ),
  ),
  queryValueKind(
    'query: flag not a boolean',
    'metrics or cascade other than 1/true/0/false',
    ['metrics', 'cascade'],
    fc.string({ maxLength: 10 }).filter((s) => !['1', 'true', '0', 'false'].includes(s)),
  ),
  queryValueKind(
    'query: client not an id',
    'a client filter that is no client id',
    ['client'],
    fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^[0-9A-F]{32}$/).filter((s) => /[A-F]/.test(s)),
    ),
  ),
  queryValueKind(
    'query: search not 1-100 plain characters',
    'an empty search, 101+ characters, or control characters in it',
    ['search'],
    fc.oneof(
      fc.constant(''),
      hugeRun(101, 3000),
      fc
        .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\n', '\t', '\u001b', '\u007f'))
        .map(([s, c]) => s + c),
    ),
  ),
  queryValueKind(
    'query: namespace not a label',
    'namespace parameter that is no DNS label',
    ['namespace'],
    fc.oneof(foreignText, fc.constant(''), hugeRun(64, 3000), fc.constantFrom('UPPER', '../x')),
    ['INVALID_NAMESPACE'],
  ),
  {
    name: 'query: namespace missing',
    what: 'a tunnel route without its namespace',
    cases: (fx) =>
      fc
        .constantFrom(
          ['GET', `/v1/tunnels/${fx.tunnel.name}`],
          ['DELETE', `/v1/tunnels/${fx.tunnel.name}`],
          ['POST', `/v1/tunnels/${fx.tunnel.name}/token/rotate`],
        )
        .map(([method, path]) => ({
          request: { method, path },
          codes: ['INVALID_NAMESPACE'],
        })),
  },
];

const AUTH_ROUTES = (fx: FuzzFixtures): [string, string, string?][] => [
  ['POST', enrol, json({ name: FRESH.client, topics: TOPICS })],
  ['POST', '/clientcontroller/leave', json({ name: fx.client.name })],
  ['GET', '/clients'],
  ['POST', '/clients', json({ name: FRESH.client })],
  ['DELETE', `/clients/${fx.client.id}`],
  ['POST', `/clients/${fx.client.id}/disable`],
  ['GET', '/certificates'],
  ['GET', `/certificates/${serialIn(fx.client.certificatePem)}`],
  ['GET', '/overview'],
  ['GET', '/whoami'],
  ['GET', '/changes'],
  ['POST', '/v1/namespace', json({ name: FRESH.namespace })],
  ['DELETE', `/v1/namespace/${fx.namespace}`],
  ['POST', `/v1/tunnels/${fx.tunnel.name}/token/rotate?namespace=${fx.tunnel.namespace}`],
  ['DELETE', `/v1/tunnels/${fx.tunnel.name}?namespace=${fx.tunnel.namespace}`],
  ['POST', '/enrolment-tokens', json({ name: FRESH.client })],
  ['GET', '/enrolment-tokens'],
];

function authKind(
  name: string,
  what: string,
  header: (token: string) => fc.Arbitrary<string | undefined>,
): BadInputKind {
  return {
    name,
    what,
    cases: (fx) =>
      fc
        .tuple(fc.constantFrom(...AUTH_ROUTES(fx)), header(fx.secrets.apiTokens[0]))
        .map(([[method, path, body], authorization]) => ({
          request: {
            method,
            path,
            body,
            anonymous: true,
            headers: authorization === undefined ? ({} as Record<string, string>) : { authorization },
          },
          codes: ['UNAUTHORIZED'],
        })),
  };
}
const printable = fc.string({ minLength: 1, maxLength: 200 }).map((s) => s.replace(/[^\x21-\x7e]/g, 'x'));

const AUTH_KINDS: BadInputKind[] = [
  authKind('auth: no token', 'a mutating or listing request without Authorization', () => fc.constant(undefined)),
  authKind('auth: wrong token', 'a random bearer token', () => printable.map((t) => `Bearer ${t}`)),
  authKind('auth: near-miss token', 'the real token one character short, one longer, or in another case', (token) =>
    fc.constantFrom(
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}x`,
      `Bearer ${token.toUpperCase()}`,
      `Bearer  ${token}x`,
      `Bearer x${token}`,
    ),
  ),
  authKind('auth: wrong scheme', 'Basic, Token, a bare token, or Bearer with nothing', (token) =>
    fc.constantFrom(
      `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`,
      `Token ${token}`,
      token,
      'Bearer',
      'Bearer ',
      `Bearer\t${token}x`,
    ),
  ),
];

const ROUTE_KINDS: BadInputKind[] = [
  {
    name: 'route: unknown path or method',
    what: 'paths no route serves and methods a route does not take',
    cases: (fx) =>
      fc
        .oneof(
          fc.constantFrom(
            ['PATCH', '/v1/tunnels'],
            ['DELETE', '/clients'],
            ['PUT', '/clients'],
            ['GET', '/clientcontroller/enrol'],
            ['DELETE', '/v1/namespace'],
            ['POST', `/clients/${fx.client.id}`],
            ['GET', '/v2/tunnels'],
            ['POST', '/console-settings'],
            ['PUT', '/console-settings'],
          ),
          fc.stringMatching(/^[a-z]{1,10}(\/[a-z0-9]{1,10}){0,3}$/).map((p) => ['GET', `/no-such/${p}`]),
        )
        .map(([method, path]) => ({ request: { method, path }, codes: ['NOT_FOUND'] })),
  },
  {
    name: 'route: a path in another letter case',
    what: 'real routes, the details path with a live secret among them, with letters of the fixed segments in upper case',
    cases: (fx) =>
      fc
        .tuple(
          fc.constantFrom(
            ['GET', '/clients'],
            ['GET', `/clients/${fx.client.id}`],
            ['GET', '/pki/ca'],
            ['POST', '/clientcontroller/enrol'],
            ['GET', `/informationservice/details/${fx.enrolled.detailsSecret}`],
          ),
          fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }).filter((upper) => upper.some(Boolean)),
        )
        .map(([[method, path], upper]) => {
          // Only the route's own words change case (ids and secrets are lower-case hex); at least one letter does.
          const [, first, ...rest] = path.split('/');
          const fixed = [...first].map((c, i) => (upper[i % 24] ? c.toUpperCase() : c)).join('');
          const spelled = fixed === first ? first.toUpperCase() : fixed;
          return { request: { method, path: `/${[spelled, ...rest].join('/')}` }, codes: ['NOT_FOUND'] };
        }),
  },
];

/** The OCSP responder answers in its own protocol: HTTP 200 with the malformedRequest status. */
const OCSP_KINDS: BadInputKind[] = [
  {
    name: 'ocsp: garbage request',
    what: 'random bytes, JSON, or a truncated DER POSTed to the responder',
    cases: () =>
      fc
        .oneof(
          fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((b) => Buffer.from(b)),
          fc.constant(Buffer.from('{"name":"x"}')),
          fc.constant(Buffer.from([0x30, 0x82, 0xff, 0xff])),
        )
        .map((body) => ({
          request: {
            method: 'POST',
            path: '/pki/ocsp',
            body,
            headers: { 'content-type': 'application/ocsp-request' },
            anonymous: true,
          },
          codes: 'OCSP_MALFORMED' as const,
        })),
  },
  {
    name: 'ocsp: garbage GET path',
    what: 'non-base64, bad percent-encoding, traversal after /pki/ocsp/',
    cases: () =>
      fc
        .oneof(fc.constantFrom('%zz', '..%2f..%2f', '!!!', '%', 'AAAA'), fc.stringMatching(/^[A-Za-z0-9+/]{1,300}$/))
        .map((p) => ({
          request: { method: 'GET', path: `/pki/ocsp/${p}`, anonymous: true },
          codes: 'OCSP_MALFORMED' as const,
        })),
  },
  {
    name: 'ocsp: oversized request',
    what: 'more than 16 KiB POSTed to the responder',
    cases: () =>
      fc.integer({ min: 17 * 1024, max: 200 * 1024 }).map((n) => ({
        request: { method: 'POST', path: '/pki/ocsp', body: Buffer.alloc(n, 0x30), anonymous: true },
        codes: 'OCSP_MALFORMED' as const,
      })),
  },
];

const EST = '/.well-known/est/simpleenroll';
const EST_REENROLL = '/.well-known/est/simplereenroll';
const basic = (token: string, user = 'fuzz-dev-est') => `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
/** The fixture CSR's DER, for EST bodies. */
const csrDer = (fx: FuzzFixtures) => Buffer.from(pemBody(fx.csrPem), 'base64');
const estCase = (body: string | Buffer, authorization: string, codes: readonly string[], path = EST): BadCase => ({
  request: {
    method: 'POST',
    path,
    body,
    anonymous: true,
    headers: { 'content-type': 'application/pkcs10', authorization },
  },
  codes,
});
const enrolCase = (body: object, authorization: string | undefined, codes: readonly string[]): BadCase => ({
  request: {
    method: 'POST',
    path: '/enrol',
    body: json(body),
    anonymous: true,
    headers: authorization === undefined ? {} : { authorization },
  },
  codes,
});
/** Tokens certplane never issued: random text, near misses of a real one, other schemes. */
const notAToken = (fx: FuzzFixtures) =>
  fc.oneof(
    printable.map((t) => `Bearer ${t}`),
    fc.constantFrom(
      `Bearer ${fx.enrolmentTokens.live.slice(0, -1)}`,
      `Bearer ${fx.enrolmentTokens.live}x`,
      `Bearer ${fx.enrolmentTokens.live.toUpperCase()}`,
      `Bearer ${fx.secrets.apiTokens[0]}`,
      basic('wrong'),
      `Basic ${Buffer.from(fx.enrolmentTokens.live).toString('base64')}`,
      `Digest ${fx.enrolmentTokens.live}`,
      'Bearer',
      'Basic !!!',
    ),
  );

const notANumber = fc.oneof(
  fc.boolean(),
  fc.string({ maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
);

const ENROLMENT_TOKEN_KINDS: BadInputKind[] = [
  fieldKind(
    'enrolment token: bad ttl',
    'ttl out of 60-2592000, fractional, or not a number',
    () => grantTargets('ttl', 'INVALID_TTL'),
    () =>
      fc.oneof(
        fc.integer({ max: 59 }),
        fc.integer({ min: 2_592_001 }),
        fc.double({ noInteger: true, noNaN: true }),
        notANumber,
        fc.constant(null),
      ),
  ),
  fieldKind(
    'validity: bad duration',
    'a token, client or device validity under 5m, over 825d, spelt otherwise than one number and s/m/h/d, or not a string',
    validityTargets,
    () =>
      fc.oneof(
        fc.integer({ min: 0, max: 299 }).map((s) => `${s}s`),
        fc.integer({ min: 0, max: 4 }).map((m) => `${m}m`),
        fc.integer({ min: 826, max: 999_999_999 }).map((d) => `${d}d`),
        fc.integer({ min: 19_801, max: 999_999_999 }).map((h) => `${h}h`),
        fc.constantFrom('1h30m', '15M', ' 15m', '15m ', '1.5h', '-5m', '015m', '1w', '', '5 m', '24', 'P1D', '１５m'),
        fc.tuple(fc.integer({ min: 5, max: 999 }), foreignText).map(([n, t]) => `${n}${t}`),
        notAString,
        fc.constant(null),
      ),
  ),
  fieldKind(
    'enrolment token: bad uses',
    'uses out of 1-1000, fractional, or not a number',
    () => grantTargets('uses', 'INVALID_USES'),
    () =>
      fc.oneof(
        fc.integer({ max: 0 }),
        fc.integer({ min: 1001 }),
        fc.double({ noInteger: true, noNaN: true }),
        notANumber,
        fc.constant(null),
      ),
  ),
  fieldKind(
    'enrolment token: bad name pattern',
    'no *, more than four, **, characters no name has, not a string',
    () => grantTargets('namePattern', 'INVALID_NAME_PATTERN'),
    () =>
      fc.oneof(
        fc.stringMatching(/^[a-z0-9-]{1,20}$/),
        fc.constantFrom('*a*b*c*d*', 'a**', '**', 'x/*', 'a b*', '*'.repeat(200)),
        foreignText.map((t) => `${t}*`),
        notAString,
      ),
  ),
  {
    name: 'enrolment token: not one certplane issued',
    what: 'POST /enrol and EST simpleenroll with no token, a random one, a near miss, the API token, or another scheme',
    cases: (fx) =>
      fc.oneof(
        fc
          .tuple(fc.option(notAToken(fx), { nil: undefined }))
          .map(([a]) => enrolCase({ name: 'fuzz-dev-1', csr: fx.csrPem }, a, ['ENROLMENT_TOKEN_UNKNOWN'])),
        notAToken(fx).map((a) => estCase(csrDer(fx).toString('base64'), a, ['ENROLMENT_TOKEN_UNKNOWN'])),
      ),
  },
  {
    name: 'enrolment token: used up or revoked',
    what: 'a token with no uses left, or revoked, on POST /enrol and EST',
    cases: (fx) =>
      fc.constantFrom(
        enrolCase({ csr: fx.csrPem }, `Bearer ${fx.enrolmentTokens.usedUp}`, ['ENROLMENT_TOKEN_USED_UP']),
        enrolCase({ csr: fx.csrPem }, `Bearer ${fx.enrolmentTokens.revoked}`, ['ENROLMENT_TOKEN_REVOKED']),
        estCase(csrDer(fx).toString('base64'), basic(fx.enrolmentTokens.usedUp), ['ENROLMENT_TOKEN_USED_UP']),
        estCase(csrDer(fx).toString('base64'), basic(fx.enrolmentTokens.revoked), ['ENROLMENT_TOKEN_REVOKED']),
      ),
  },
  {
    name: 'enrolment token: a name it does not allow',
    what: "a name outside the token's pattern (or none, or not a string) with a valid token and CSR",
    cases: (fx) =>
      fc
        .oneof(
          fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).filter((n) => !n.startsWith('fuzz-dev-')),
          foreignText,
          fc.constantFrom('fuzz-dev-', 'server', undefined),
          notAString,
        )
        .map((name) =>
          enrolCase(
            name === undefined ? { csr: fx.csrPem } : { name, csr: fx.csrPem },
            `Bearer ${fx.enrolmentTokens.live}`,
            ['ENROLMENT_TOKEN_NOT_ALLOWED'],
          ),
        ),
  },
  {
    name: 'EST: body not base64',
    what: 'text with characters base64 has not, bad padding, PEM armour, JSON, or nothing',
    cases: (fx) =>
      fc
        .oneof(
          foreignText.filter((t) => /[^A-Za-z0-9+/=\s]/.test(t)),
          fc.constantFrom(
            '',
            '\r\n',
            'QUJD=',
            'QUJ',
            fx.csrPem,
            json({ csr: fx.csrPem }),
            `${csrDer(fx).toString('base64')}!`,
          ),
          fc.integer({ min: 1, max: 60 }).map((i) => {
            const b = csrDer(fx).toString('base64');
            return `${b.slice(0, i)}%${b.slice(i + 1)}`;
          }),
        )
        .map((body) => estCase(body, basic(fx.enrolmentTokens.live), ['INVALID_BASE64'])),
  },
  {
    name: 'EST: CSR DER broken',
    what: 'base64 of a truncated CSR, one with a byte changed, random bytes, an RSA CSR or a certificate',
    cases: (fx) =>
      fc
        .oneof(
          fc.integer({ min: 1, max: csrDer(fx).length - 1 }).map((n) => csrDer(fx).subarray(0, n)),
          fc.integer({ min: 0, max: csrDer(fx).length - 1 }).map((i) => {
            const b = Buffer.from(csrDer(fx));
            b[i] ^= 0x01;
            return b;
          }),
          fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((b) => Buffer.from(b)),
          fc.constant(Buffer.from(pemBody(fx.client.certificatePem), 'base64')),
        )
        .map((der) => estCase(der.toString('base64'), basic(fx.enrolmentTokens.live), ['INVALID_CSR']))
        // A well-formed RSA CSR is no broken DER: the default profile (P-256 only) refuses its key.
        .chain((c) =>
          fc.oneof(
            { arbitrary: fc.constant(c), weight: 4 },
            {
              arbitrary: fc.constant(
                estCase(pemBody(fx.rsaCsrPem), basic(fx.enrolmentTokens.live), ['KEY_TYPE_NOT_ALLOWED']),
              ),
              weight: 1,
            },
          ),
        ),
  },
  {
    name: 'EST: simplereenroll without a client certificate',
    what: 'a CSR, garbage or nothing to simplereenroll, with an enrolment token, the API token or nothing instead of a certificate',
    cases: (fx) =>
      fc
        .tuple(
          fc.oneof(fc.constant(csrDer(fx).toString('base64')), printable, fc.constant('')),
          fc.constantFrom(basic(fx.enrolmentTokens.live), `Bearer ${fx.secrets.apiTokens[0]}`, ''),
        )
        .map(([body, authorization]) => estCase(body, authorization, ['CLIENT_CERTIFICATE_REQUIRED'], EST_REENROLL)),
  },
  {
    name: 'EST: oversized body',
    what: 'more than 16 KiB of base64 to simpleenroll',
    cases: (fx) =>
      fc
        .integer({ min: 17 * 1024, max: 200 * 1024 })
        .map((n) => estCase('A'.repeat(n), basic(fx.enrolmentTokens.live), ['PAYLOAD_TOO_LARGE'])),
  },
  {
    name: 'EST: label no profile has',
    what: 'cacerts, csrattrs, simpleenroll and simplereenroll under a label (RFC 7030 3.2.2) that names no certificate profile, of any spelling',
    cases: (fx) =>
      fc
        .tuple(
          fc.oneof(
            fc.stringMatching(/^[a-z0-9-]{1,40}$/).filter((l) => l !== fx.profile && l !== 'default'),
            foreignText.map(encodeURIComponent).filter((l) => l !== '' && !/^\.+$/.test(l)),
            fc.constantFrom('Fuzz-Mesh', 'fuzz-mesh%20', 'DEFAULT', '__proto__', 'constructor', 'simpleenroll'),
          ),
          fc.constantFrom('cacerts', 'csrattrs', 'simpleenroll', 'simplereenroll'),
        )
        .map(([label, operation]) =>
          operation === 'cacerts' || operation === 'csrattrs'
            ? {
                request: { method: 'GET', path: `/.well-known/est/${label}/${operation}`, anonymous: true },
                codes: ['PROFILE_NOT_FOUND'],
              }
            : estCase(
                csrDer(fx).toString('base64'),
                basic(fx.enrolmentTokens.live),
                ['PROFILE_NOT_FOUND'],
                `/.well-known/est/${label}/${operation}`,
              ),
        ),
  },
  {
    name: "EST: label not the token's profile",
    what: "simpleenroll under a profile's label with a token that names another (the default one)",
    cases: (fx) =>
      fc.constant(
        estCase(
          csrDer(fx).toString('base64'),
          basic(fx.enrolmentTokens.live),
          ['ENROLMENT_TOKEN_NOT_ALLOWED'],
          `/.well-known/est/${fx.profile}/simpleenroll`,
        ),
      ),
  },
];

/** The other field of the body valid; the fuzzed one is left out of the base, or the base's own would win as the later key. */
const connectionTargets = (fx: FuzzFixtures, field: 'client_ids' | 'types'): FieldTarget[] =>
  ['connect', 'disconnect'].map((verb) => ({
    method: 'POST',
    path: `/channels/${fx.channel.id}/${verb}`,
    base: field === 'types' ? { client_ids: [fx.client.id] } : { types: ['publish'] },
    field,
    code: 'INVALID_CONNECTION',
  }));
const CHANNEL_ID_ROUTES: [string, string, string?][] = [
  ['GET', '/channels/:id'],
  ['PATCH', '/channels/:id', '{}'],
  ['DELETE', '/channels/:id'],
  ['GET', '/channels/:id/events'],
  ['GET', '/channels/:id/clients'],
  ['POST', '/channels/:id/connect', '{"client_ids":["00000000000000000000000000000000"],"types":["publish"]}'],
  ['POST', '/channels/:id/disconnect', '{"client_ids":["00000000000000000000000000000000"],"types":["publish"]}'],
];

const CHANNEL_KINDS: BadInputKind[] = [
  fieldKind(
    'channel: bad route',
    'a route that is not a topic name: empty, spaces, 256 characters, foreign text, not a string',
    (fx) => [
      { method: 'POST', path: '/channels', base: { name: 'fuzz-new-channel' }, field: 'route', code: 'INVALID_ROUTE' },
      { method: 'PATCH', path: `/channels/${fx.channel.id}`, base: {}, field: 'route', code: 'INVALID_ROUTE' },
    ],
    () => fc.oneof(fc.constant(''), hugeRun(256, 300), foreignText, notAString),
  ),
  fieldKind(
    'connection: bad client ids',
    'client_ids missing, empty, not ids, a client twice, over 1,000',
    (fx) => connectionTargets(fx, 'client_ids'),
    (_t, fx) =>
      fc.oneof(
        fc.constant(undefined),
        fc.constant([]),
        notAString.filter((v) => !Array.isArray(v)),
        fc.array(foreignText, { minLength: 1, maxLength: 3 }),
        fc.constant([fx.client.id, fx.client.id]),
        fc.constant(Array.from({ length: 1001 }, (_, i) => i.toString(16).padStart(32, '0'))),
      ),
  ),
  fieldKind(
    'connection: bad types',
    'types missing, empty, unknown, repeated, not an array',
    (fx) => connectionTargets(fx, 'types'),
    () =>
      fc.oneof(
        fc.constant(undefined),
        fc.constant([]),
        fc.constantFrom(['shout'], ['publish', 'publish'], ['Publish'], 'publish', ['publish', 'subscribe', 'publish']),
        notAString,
      ),
  ),
  {
    name: 'conflict: connection exists, or not',
    what: 'connect a pair connected already, disconnect one that is not, connect a client that does not exist, take a taken route',
    cases: (fx) =>
      fc.oneof(
        fc.constantFrom(
          {
            request: {
              method: 'POST',
              path: `/channels/${fx.channel.id}/connect`,
              body: json({ client_ids: [fx.plain.id, fx.client.id], types: ['publish'] }),
            },
            codes: ['CONNECTION_ALREADY_EXISTS'],
          },
          {
            request: {
              method: 'POST',
              path: `/channels/${fx.channel.id}/disconnect`,
              body: json({ client_ids: [fx.client.id], types: ['subscribe'] }),
            },
            codes: ['CONNECTION_NOT_FOUND'],
          },
          {
            request: { method: 'POST', path: '/channels', body: json({ name: 'fuzz-x', route: fx.channel.route }) },
            codes: ['ROUTE_ALREADY_TAKEN'],
          },
        ),
        fc.stringMatching(/^[0-9a-f]{32}$/).map((ghost) => ({
          request: {
            method: 'POST',
            path: `/channels/${fx.channel.id}/connect`,
            body: json({ client_ids: [fx.plain.id, ghost], types: ['subscribe'] }),
          },
          codes: ['CLIENT_NOT_FOUND'],
        })),
      ),
  },
  {
    name: 'channel id: unknown or malformed',
    what: 'well-formed ids of no channel, upper case, 31/33 hex digits, path tricks, 10 KB ids',
    cases: () =>
      fc
        .tuple(
          fc.constantFrom(...CHANNEL_ID_ROUTES),
          fc.oneof(
            fc.stringMatching(/^[0-9a-f]{32}$/),
            fc.stringMatching(/^[0-9A-F]{32}$/).filter((s) => /[A-F]/.test(s)),
            fc.stringMatching(/^[0-9a-f]{31}$/),
            fc.constantFrom(...ID_TRICKS),
            hugeRun(1000, 10_000, 'f'),
          ),
        )
        .map(([[method, template, body], id]) => ({
          request: { method, path: template.replace(':id', id), body },
          codes: ['CHANNEL_NOT_FOUND', 'NOT_FOUND', 'BAD_REQUEST'],
        })),
  },
];

const notJsonObject = fc.string({ maxLength: 30 }).filter((t) => {
  try {
    const v = JSON.parse(t);
    return typeof v !== 'object' || v === null || Array.isArray(v);
  } catch {
    return true;
  }
});
const notAnId = fc.oneof(
  fc.string({ maxLength: 40 }).filter((t) => !/^[0-9a-f]{32}$/.test(t)),
  fc.stringMatching(/^[0-9A-F]{32}$/).filter((t) => /[A-F]/.test(t)),
);
const bulkCase = (items: unknown, codes: string[]): BadCase => ({
  request: { method: 'POST', path: '/clients/bulk', body: json(items) },
  codes,
});

const LIST_AND_BULK_KINDS: BadInputKind[] = [
  {
    name: 'query: bad client list filter',
    what: 'metadata not a JSON object of scalars, id or channel not an id, connection_type, order or dir outside the list, created_from or created_to not RFC 3339, only_total not a flag',
    cases: () =>
      fc
        .oneof(
          fc
            .oneof(notJsonObject, fc.constantFrom('[1]', '{"a":{"b":1}}', '{"a":null}', '{"a b":1}'))
            .map((v) => ['metadata', v] as const),
          fc.tuple(fc.constantFrom('id', 'channel'), notAnId),
          fc.tuple(
            fc.constantFrom('connection_type', 'order', 'dir'),
            fc
              .string({ maxLength: 20 })
              .filter((t) => !['publish', 'subscribe', 'created_at', 'updated_at', 'name', 'asc', 'desc'].includes(t)),
          ),
          fc.tuple(
            fc.constantFrom('created_from', 'created_to'),
            fc.constantFrom('2026-02-30T00:00:00Z', '2026-11-23', 'yesterday', '1700000000', ''),
          ),
          fc.tuple(
            fc.constant('only_total'),
            fc.string({ maxLength: 10 }).filter((t) => !['1', 'true', '0', 'false'].includes(t)),
          ),
        )
        .map(([k, v]) => ({
          request: { method: 'GET', path: '/clients' + queryOf([[k, v]]) },
          codes: ['INVALID_QUERY'],
        })),
  },
  {
    name: 'bulk: one bad item',
    what: 'an array of fresh clients with one bad, unknown-field, non-object, taken or repeated item anywhere in it',
    cases: (fx) =>
      fc.tuple(fc.integer({ min: 0, max: 4 }), fc.nat()).chain(([n, at]) => {
        const fresh = Array.from({ length: n }, (_, i) => ({ name: `fuzz-bulk-${i}` }));
        const put = (bad: unknown) => {
          const items: unknown[] = [...fresh];
          items.splice(at % (n + 1), 0, bad);
          return items;
        };
        return fc.oneof(
          fc
            .oneof(foreignText, fc.constant(''))
            .map((name) => bulkCase(put({ name }), ['INVALID_NAME', 'RESERVED_NAME'])),
          fc.constant(bulkCase(put({ name: 'fuzz-bulk-x', colour: 'red' }), ['UNKNOWN_FIELD'])),
          fc
            .oneof(
              fc.constant(null),
              fc.integer(),
              fc.string({ maxLength: 8 }),
              fc.array(fc.integer(), { maxLength: 2 }),
            )
            .map((v) => bulkCase(put(v), ['INVALID_BODY'])),
          fc.constant(bulkCase(put({ name: fx.client.name }), ['CLIENT_ALREADY_EXISTS'])),
          fc.constant(
            bulkCase([...fresh, { name: 'fuzz-bulk-twice' }, { name: 'fuzz-bulk-twice' }], ['CLIENT_ALREADY_EXISTS']),
          ),
        );
      }),
  },
  {
    name: 'bulk: not an array of 1-1000',
    what: 'an object, an empty array, or 1,001 clients',
    cases: () =>
      fc
        .oneof(
          fc.constant({ name: 'fuzz-bulk' }),
          fc.constant([]),
          fc.constant(Array.from({ length: 1001 }, (_, i) => ({ name: `fuzz-bulk-${i}` }))),
        )
        .map((items) => bulkCase(items, ['INVALID_BODY'])),
  },
];

const roles = (fx: FuzzFixtures) => `/clients/${fx.client.id}/roles`;
const caseOf = (method: string, path: string, body: unknown, codes: string[]): BadCase => ({
  request: { method, path, body: body === undefined ? undefined : json(body) },
  codes,
});

const ROLE_AND_GROUP_KINDS: BadInputKind[] = [
  {
    name: 'role: an action that does not exist',
    what: 'actions naming no client action (other case, other words, foreign text), or not strings, on create and add',
    cases: (fx) =>
      fc
        .tuple(
          fc.oneof(
            fc.string({ maxLength: 30 }).filter((s) => !/^[a-z_]+$/.test(s)),
            fc.constantFrom('View', 'read', 'publish ', 'admin', 'connect', '*'),
            foreignText,
          ),
          fc.boolean(),
        )
        .map(([action, onCreate]) =>
          onCreate
            ? caseOf('POST', roles(fx), { name: 'fuzz-new-role', actions: ['view', action] }, ['UNKNOWN_ACTION'])
            : caseOf('POST', `${roles(fx)}/${fx.role}/actions`, { actions: [action] }, ['UNKNOWN_ACTION']),
        ),
  },
  {
    name: 'role: bad name, actions or members',
    what: 'names not 1-64 of a-z 0-9 _ . -, actions or members not arrays, repeated, empty where one is needed, members not token:/oidc:/certificate: actors',
    cases: (fx) =>
      fc.oneof(
        fc
          .oneof(fc.constantFrom('', 'Upper', 'a b', '-lead', 'x'.repeat(65)), foreignText, notAString)
          .map((name) => caseOf('POST', roles(fx), { name }, ['INVALID_ROLE'])),
        fc
          .oneof(
            notAString.filter((v) => !Array.isArray(v)),
            fc.constant(['view', 'view']),
          )
          .map((actions) => caseOf('POST', roles(fx), { name: 'fuzz-new-role', actions }, ['INVALID_ROLE'])),
        fc
          .oneof(
            fc.constantFrom('alice', 'token:', 'token:Alice', 'oidc:a b', 'certificate:abc', 'user:x', ''),
            foreignText.filter((t) => !/^(token|oidc|certificate):/.test(t)),
          )
          .map((member) => caseOf('POST', `${roles(fx)}/${fx.role}/members`, { members: [member] }, ['INVALID_ROLE'])),
        fc
          .constantFrom('actions', 'members')
          .map((field) => caseOf('POST', `${roles(fx)}/${fx.role}/${field}`, { [field]: [] }, ['INVALID_ROLE'])),
      ),
  },
  {
    name: 'role: unknown role or client, or a name taken',
    what: 'a role the client does not have, a client that does not exist, a new role under a taken name',
    cases: (fx) =>
      fc.oneof(
        fc.constant(caseOf('POST', roles(fx), { name: fx.role }, ['ROLE_ALREADY_EXISTS'])),
        fc
          .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
          .filter((n) => n !== fx.role)
          .chain((name) =>
            fc.constantFrom(
              caseOf('GET', `${roles(fx)}/${name}`, undefined, ['ROLE_NOT_FOUND']),
              caseOf('DELETE', `${roles(fx)}/${name}`, undefined, ['ROLE_NOT_FOUND']),
              caseOf('POST', `${roles(fx)}/${name}/actions`, { actions: ['view'] }, ['ROLE_NOT_FOUND']),
              caseOf('POST', `${roles(fx)}/${name}/members/delete-all`, undefined, ['ROLE_NOT_FOUND']),
            ),
          ),
        fc
          .stringMatching(/^[0-9a-f]{32}$/)
          .map((ghost) => caseOf('POST', `/clients/${ghost}/roles`, { name: 'r' }, ['CLIENT_NOT_FOUND'])),
      ),
  },
  {
    name: 'group: a cycle',
    what: 'a group moved under itself or under one of its descendants',
    cases: (fx) =>
      fc.constantFrom(
        caseOf('POST', `/groups/${fx.groups.root}/parent`, { parent_group_id: fx.groups.child }, ['GROUP_CYCLE']),
        caseOf('POST', `/groups/${fx.groups.root}/parent`, { parent_group_id: fx.groups.root }, ['GROUP_CYCLE']),
        caseOf('POST', `/groups/${fx.groups.child}/parent`, { parent_group_id: fx.groups.child }, ['GROUP_CYCLE']),
      ),
  },
  {
    name: 'group: unknown, malformed or not empty',
    what: 'parent ids of no group or not ids (create, move, a client parent), unknown group paths, deleting a group with children or clients',
    cases: (fx) =>
      fc.oneof(
        fc
          .stringMatching(/^[0-9a-f]{32}$/)
          .chain((ghost) =>
            fc.constantFrom(
              caseOf('POST', '/groups', { name: 'fuzz-x', parent_id: ghost }, ['GROUP_NOT_FOUND']),
              caseOf('POST', `/groups/${fx.groups.child}/parent`, { parent_group_id: ghost }, ['GROUP_NOT_FOUND']),
              caseOf('POST', `/clients/${fx.client.id}/parent`, { parent_group_id: ghost }, ['GROUP_NOT_FOUND']),
              caseOf('GET', `/groups/${ghost}/subtree`, undefined, ['GROUP_NOT_FOUND']),
              caseOf('DELETE', `/groups/${ghost}`, undefined, ['GROUP_NOT_FOUND']),
            ),
          ),
        fc
          .oneof(notAnId, fc.constant(7))
          .chain((bad) =>
            fc.constantFrom(
              caseOf('POST', '/groups', { name: 'fuzz-x', parent_id: bad }, ['INVALID_GROUP']),
              caseOf('POST', `/groups/${fx.groups.child}/parent`, { parent_group_id: bad }, ['INVALID_GROUP']),
              caseOf('POST', `/clients/${fx.client.id}/parent`, { parent_group_id: bad }, ['INVALID_GROUP']),
            ),
          ),
        fc.constantFrom(
          caseOf('DELETE', `/groups/${fx.groups.root}`, undefined, ['GROUP_NOT_EMPTY']),
          caseOf('DELETE', `/groups/${fx.groups.child}`, undefined, ['GROUP_NOT_EMPTY']),
        ),
      ),
  },
];

const ISSUER_KINDS: BadInputKind[] = [
  {
    name: 'issuer: bad kind or field',
    what: 'POST /pki/issuers with a kind other than root or intermediate (any JSON value), or a field it does not know',
    cases: () =>
      fc.oneof(
        fc
          .oneof(foreignText, notAString, fc.constantFrom('ROOT', 'intermediate ', 'root\u0000', ''))
          .filter((kind) => kind !== 'root' && kind !== 'intermediate' && kind !== undefined)
          .map((kind) => ({
            request: { method: 'POST', path: '/pki/issuers', body: json({ kind }) },
            codes: ['INVALID_ISSUER_KIND'],
          })),
        fc.constantFrom('keyLabel', 'validityDays', 'privateKey', '__proto__').map((field) => ({
          request: { method: 'POST', path: '/pki/issuers', body: withRawMember({ kind: 'root' }, field, '"x"') },
          codes: ['UNKNOWN_FIELD'],
        })),
      ),
  },
  {
    name: 'issuer id: unknown or malformed',
    what: 'well-formed UUIDs of no issuer, other text, path tricks and 10 KB ids to activate, install a certificate for, or fetch a CRL or certificate of',
    cases: () =>
      fc
        .tuple(
          fc.constantFrom<[string, string, boolean]>(
            ['POST', '/pki/issuers/:id/activate', false],
            ['PUT', '/pki/issuers/:id/certificate', false],
            ['GET', '/pki/issuers/:id/crl', true],
            ['GET', '/pki/issuers/:id/certificate', true],
          ),
          fc.oneof(
            fc.uuid(),
            fc.string({ maxLength: 40 }).filter((t) => t.length > 0 && !t.includes('/')),
            fc.constantFrom(...ID_TRICKS),
            hugeRun(1000, 10_000, 'f'),
          ),
        )
        .map(([[method, template, anonymous], id]) => ({
          request: {
            method,
            path: template.replace(':id', encodeURIComponent(id).replace(/%25/g, '%')),
            ...(method === 'POST' ? { body: '{}' } : {}),
            ...(method === 'PUT' ? { body: json({ certificate: 'x' }) } : {}),
            ...(anonymous ? { anonymous } : {}),
          },
          codes: ['ISSUER_NOT_FOUND', 'NOT_FOUND', 'BAD_REQUEST'],
        })),
  },
];

export const BAD_INPUT_KINDS: readonly BadInputKind[] = [
  ...BODY_KINDS,
  ...NAME_KINDS,
  ...CLIENT_FIELD_KINDS,
  ...PEM_KINDS,
  ...PROFILE_KINDS,
  ...TUNNEL_KINDS,
  ...CONFLICT_KINDS,
  ...PATH_KINDS,
  ...QUERY_KINDS,
  ...AUTH_KINDS,
  ...ROUTE_KINDS,
  ...OCSP_KINDS,
  ...REVOCATION_KINDS,
  ...ENROLMENT_TOKEN_KINDS,
  ...CHANNEL_KINDS,
  ...LIST_AND_BULK_KINDS,
  ...ROLE_AND_GROUP_KINDS,
  ...ISSUER_KINDS,
];
