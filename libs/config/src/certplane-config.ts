import { hostname } from 'node:os';
import { z } from 'zod';
import {
  certificateValidity,
  Duration,
  DomainError,
  IpAddress,
  IpBlock,
  isDns1123Label,
  isDnsName,
} from '@certplane/domain';
import { ConfigError } from './config.errors';
import { parseEndpointsByTopic, RESERVED_DETAILS_KEYS } from './endpoints-by-topic';
import { NATS_SETTINGS_SCHEMA, NatsConnectionConfig, parseNatsSettings } from './nats-settings';
import {
  assertDistinctTokens,
  DEFAULT_TOKEN_NAME,
  parseApiTokens,
  StaticApiToken,
  TOKEN_ROLES,
  TokenRole,
  tokenProblem,
} from './api-tokens';

export const DEFAULT_TOPIC_ENDPOINTS = {
  insert: { insert: ['localhost:5000'], query: ['localhost:5000'] },
  query: ['localhost:5050'],
};

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be >= ${min}`)
    .max(max, `must be <= ${max}`);
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const natsToken = z.string().regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be dot-separated NATS subject tokens');

// One schema for every variable certplane reads; docs/configuration.md's table mirrors it.
const schema = z.object({
  PORT: int(0, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  CERTPLANE_HTTP_ENABLED: bool.default(true),
  CERTPLANE_TLS_ENABLED: bool.default(true),
  CERTPLANE_TLS_PORT: int(0, 65535).default(8443),
  // Unset: localhost plus CERTPLANE_SERVER_HOSTNAMES. See tlsServerNames below.
  CERTPLANE_TLS_HOSTNAMES: z.string().optional(),
  CERTPLANE_TLS_IPS: z.string().optional(),
  CERTPLANE_TLS_CERT_FILE: z.string().min(1).optional(),
  CERTPLANE_TLS_KEY_FILE: z.string().min(1).optional(),
  // Every HTTP(S) listener: what one slow or greedy client may hold.
  CERTPLANE_HTTP_HEADERS_TIMEOUT_MS: int(1000, 600_000).default(10_000),
  CERTPLANE_HTTP_REQUEST_TIMEOUT_MS: int(1000, 3_600_000).default(30_000),
  CERTPLANE_HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).default(5_000),
  CERTPLANE_HTTP_MAX_HEADERS: int(1, 2000).default(100),
  CERTPLANE_HTTP_MAX_CONNECTIONS: int(0, 1_000_000).default(10_000),
  // Unset: no PROXY protocol header is ever read. See trustedProxies below.
  CERTPLANE_TRUSTED_PROXIES: z.string().optional(),
  DATABASE_URL: z.string().url('must be a postgres:// URL').optional(),
  NATS_URL: z.string().min(1).optional(),
  CERTPLANE_DATA_DIR: z.string().min(1).default('./data'),
  CERTPLANE_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CERTPLANE_API_TOKEN_FILE: z.string().min(1).optional(),
  CERTPLANE_API_TOKENS: z.string().optional(),
  CERTPLANE_API_TOKENS_FILE: z.string().min(1).optional(),
  CERTPLANE_OIDC_ISSUER_URL: z
    .string()
    .url('must be the issuer URL, e.g. https://login.example.com/realms/ops')
    .optional(),
  CERTPLANE_OIDC_AUDIENCE: z.string().min(1).optional(),
  CERTPLANE_OIDC_ROLES_CLAIM: z
    .string()
    .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'must be a claim name or a dotted path, e.g. realm_access.roles')
    .default('roles'),
  CERTPLANE_OIDC_DEFAULT_ROLE: z.enum(TOKEN_ROLES, { error: `must be one of ${TOKEN_ROLES.join(', ')}` }).optional(),
  CERTPLANE_OIDC_JWKS_COOLDOWN_SECONDS: int(0, 3600).default(30),
  CERTPLANE_CONSOLE_OIDC_CLIENT_ID: z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters (a client id)')
    .optional(),
  CERTPLANE_CONSOLE_OIDC_SCOPES: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be scopes separated by single spaces')
    .default('openid'),
  CERTPLANE_ENCRYPTION_KEY: z.string().min(1).optional(),
  CERTPLANE_TOPIC_ENDPOINTS: z.string().optional(),
  CERTPLANE_ENDPOINTS_BY_TOPIC: z.string().optional(),
  CERTPLANE_ENDPOINTS_BY_TOPIC_FILE: z.string().min(1).optional(),
  CERTPLANE_CA_CERT_FILE: z.string().min(1).optional(),
  CERTPLANE_CA_KEY_FILE: z.string().min(1).optional(),
  CERTPLANE_CA_PKCS11_MODULE: z.string().min(1).optional(),
  CERTPLANE_CA_PKCS11_TOKEN_LABEL: z
    .string()
    .min(1)
    .max(32, 'must be at most 32 characters (a PKCS#11 token label)')
    .optional(),
  CERTPLANE_CA_PKCS11_PIN_FILE: z.string().min(1).optional(),
  CERTPLANE_CA_PKCS11_KEY_LABEL: z.string().min(1).default('certplane-ca'),
  CERTPLANE_CA_VALIDITY_DAYS: int(1, 36500).default(3650),
  CERTPLANE_CA_PUBLIC_URL: z
    .string()
    .url('must be an http(s) URL, e.g. https://certplane.example.com')
    .regex(/^https?:\/\/[^?#]*[^/?#]$/, 'must be an http(s) URL without a query, a fragment or a trailing slash')
    .optional(),
  CERTPLANE_CA_ROTATE_AT_REMAINING: z
    .string()
    .regex(/^(?:[1-9]|[1-9][0-9])(?:\.[0-9]+)?%$/, "must be a share of the issuer's life from 1% to 99%, e.g. 20%")
    .optional(),
  CERTPLANE_CERT_VALIDITY: z.string().default('365d'),
  CERTPLANE_PROFILES_FILE: z.string().min(1).optional(),
  CERTPLANE_MAX_VALID_CERTIFICATES: int(1, 1000).default(5),
  CERTPLANE_MAX_REVOCATIONS_PER_CALL: int(1, 5000).default(500),
  // Unset: this machine's hostname. See serverHostnames below.
  CERTPLANE_SERVER_HOSTNAMES: z.string().optional(),
  CERTPLANE_CRL_VALIDITY_HOURS: int(1, 8760).default(24),
  CERTPLANE_OCSP_VALIDITY_MINUTES: int(1, 10080).default(60),
  CERTPLANE_NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 of [A-Za-z0-9_-]')
    .default('certplane-events'),
  CERTPLANE_NATS_SUBJECT_PREFIX: natsToken.default('certplane.events'),
  CERTPLANE_NATS_DUPLICATE_WINDOW_MS: int(1000, 86_400_000).default(120_000),
  ...NATS_SETTINGS_SCHEMA,
  // Unset: derived from the subject prefix, see tunnelsPrefix below.
  CERTPLANE_NATS_TUNNELS_PREFIX: natsToken.optional(),
  CERTPLANE_RESERVED_NAMESPACES: z.string().optional(),
  CERTPLANE_DETAILS_WAIT_MS: int(0, 30000).default(5000),
  CERTPLANE_DETAILS_RETRY_AFTER_S: int(1, 3600).default(2),
  CERTPLANE_DETAILS_MIN_ANSWER_MS: int(0, 5000).default(50),
  CERTPLANE_DETAILS_MISS_LIMIT: int(0, 1_000_000).default(30),
  CERTPLANE_ENROLMENT_MIN_ANSWER_MS: int(0, 5000).default(250),
  // Rate limits, per minute; 0 turns one off.
  CERTPLANE_RATE_LIMIT_PER_MINUTE: int(0, 10_000_000).default(6000),
  CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE: int(0, 10_000_000).default(6000),
  CERTPLANE_AUTH_FAILURE_LIMIT: int(0, 1_000_000).default(30),
  CERTPLANE_RENEWALS_PER_CLIENT_PER_HOUR: int(0, 1_000_000).default(12),
  CERTPLANE_MIGRATE_ON_START: bool.default(true),
  CERTPLANE_RELAY_SWEEP_AFTER_MS: int(100, 600000).default(5000),
  CERTPLANE_CONSUMER_MAX_DELIVER: int(1, 1000).default(10),
  CERTPLANE_CONSUMER_ACK_WAIT_MS: int(1000, 3_600_000).default(30_000),
  CERTPLANE_RECONCILE_AFTER_MS: int(1000, 86_400_000).default(60_000),
  // 128 rather than 32: the projector's group commits grow with what it holds at once (bench: c64 ~120/s → ~165/s).
  CERTPLANE_CONSUMER_CONCURRENCY: int(1, 1024).default(128),
  CERTPLANE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CERTPLANE_DB_POOL_SIZE: int(1, 200).default(10),
  // Unset: one signing thread per core; 0: sign on the event loop.
  CERTPLANE_SIGNING_THREADS: int(0, 256).optional(),
  // Unset: each worker's own default (WORKER_HTTP_PORTS), so both run side by side on one host.
  CERTPLANE_WORKER_HTTP_PORT: int(0, 65535).optional(),
  CERTPLANE_CONSUMER_LAG_WARN: int(1, 100_000_000).default(1000),
  // Set by the image build (Dockerfile build args); see build-info in libs/observability.
  CERTPLANE_BUILD_COMMIT: z
    .string()
    .regex(/^[0-9A-Za-z._-]{1,64}$/, 'must be a commit id (1-64 of [0-9A-Za-z._-])')
    .optional(),
  CERTPLANE_BUILD_TIME: z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z' })
    .optional(),
});

/** Every variable certplane reads; docs/configuration.md's table documents each (a test checks). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export interface CertplaneConfig {
  port: number;
  host: string;
  /** false: HTTPS only (the api then listens on tls.port alone). */
  httpEnabled: boolean;
  tls: TlsConfig;
  listener: ListenerLimits;
  /** Absent: the embedded PGlite database under dataDir. */
  databaseUrl?: string;
  /** Absent: the in-process bus. */
  natsUrl?: string;
  dataDir: string;
  apiToken?: string;
  apiTokenFile?: string;
  /** Named tokens with roles from CERTPLANE_API_TOKENS; those of CERTPLANE_API_TOKENS_FILE are read with the secrets. */
  apiTokens: StaticApiToken[];
  apiTokensFile?: string;
  /** Absent: no OIDC; bearer tokens are the static ones only. */
  oidc?: OidcConfig;
  encryptionKey?: string;
  /** Merged verbatim into every details answer, unless endpointsByTopic is set. */
  topicEndpoints: Record<string, unknown>;
  /** Set: details answers each of the client's roles with the endpoints of its topic, and enrol refuses unknown topics. */
  endpointsByTopic?: Record<string, string[]>;
  ca: {
    certFile?: string;
    keyFile?: string;
    validityDays: number;
    pkcs11?: Pkcs11KeySettings;
    /**
     * CERTPLANE_CA_ROTATE_AT_REMAINING as a fraction: below this share of its life left, the active issuer
     * gets a successor, activated at once. Unset: no planned rotation (the health check warns below 20%).
     */
    rotateAtRemaining?: number;
    /**
     * CERTPLANE_CA_PUBLIC_URL: where relying parties reach certplane; set, every new certificate names its
     * issuer's CRL (<url>/pki/issuers/<id>/crl) and the OCSP responder (<url>/pki/ocsp).
     */
    publicUrl?: string;
  };
  /** Client certificates' validity (CERTPLANE_CERT_VALIDITY); a client or enrolment token may ask for a shorter one. */
  certValidity: Duration;
  /** A JSON file of certificate profiles by name, defined or replaced at every api start (only what changed is recorded). */
  profilesFile?: string;
  /** Valid (unrevoked, unexpired) certificates one client may hold at once; a renewal or registration beyond is refused. */
  maxValidCertificates: number;
  /** The most certificates one bulk revocation (POST /certificates/revoke) revokes. */
  maxRevocationsPerCall: number;
  /** The server's own names: no client may take one as its hostname SAN (RESERVED_HOSTNAME). */
  serverHostnames: string[];
  /** How long relying parties may rely on a CRL (its nextUpdate) and on an OCSP answer (its nextUpdate). */
  revocation: { crlValidityHours: number; ocspValidityMinutes: number };
  /** duplicateWindowMs: a publish repeating a message id inside it is dropped by JetStream (and the in-process bus). */
  nats: { stream: string; subjectPrefix: string; duplicateWindowMs: number } & NatsConnectionConfig;
  /** statusSubjectPrefix: tunnel servers report on `<it>.<namespace>.<name>.status`; reservedNamespaces: added to the built-in ones. */
  tunnels: { statusSubjectPrefix: string; reservedNamespaces: string[] };
  /**
   * minAnswerMs: no details answer leaves sooner, hit or miss (no timing oracle);
   * missesPerMinute: 404s one IP may get from details in a minute before it is answered 429.
   */
  details: { waitMs: number; retryAfterSeconds: number; minAnswerMs: number; missesPerMinute: number };
  /** minAnswerMs: no use of an enrolment token is answered sooner, enrolled or refused for whatever reason. */
  enrolment: { minAnswerMs: number };
  /** Requests per minute per authenticated identity and per client IP, 401s per IP per minute before 429, and renewals of one client per hour; 0 is no limit. */
  rateLimit: {
    perIdentityPerMinute: number;
    perIpPerMinute: number;
    authFailuresPerMinute: number;
    renewalsPerClientPerHour: number;
  };
  migrateOnStart: boolean;
  relay: { sweepAfterMs: number };
  /** afterMs: an issuance request that old with no certificate is re-driven from the store; the pass runs that often too. */
  reconcile: { afterMs: number };
  /** ackWaitMs: how long a delivered message may go unacknowledged before JetStream delivers it again. */
  consumer: { maxDeliver: number; concurrency: number; ackWaitMs: number };
  logLevel: string;
  dbPoolSize: number;
  /** Worker threads issuing certificates; absent: one per core. */
  signingThreads?: number;
  /** HTTP port of a worker's health and metrics listener; absent: the worker's default. */
  workerHttpPort?: number;
  /** Consumer lag (messages) above which readiness reports `warn`. */
  consumerLagWarn: number;
  build: { commit?: string; time?: string };
}

export interface OidcConfig {
  issuerUrl: string;
  audience: string;
  /** Claim holding the caller's roles (a string or an array of strings); dots walk into objects. */
  rolesClaim: string;
  /** Granted to a valid token whose claim names no certplane role; absent: such a token is 403. */
  defaultRole?: TokenRole;
  /** Least time between JWKS refetches caused by an unknown key id (key rotation). */
  jwksCooldownSeconds: number;
  /** Set: the console signs people in at the issuer (authorization code + PKCE) as this public client. */
  console?: ConsoleOidcClient;
}

/** What the console needs to sign in at the issuer; public by nature (the browser holds it), so never a secret. */
export interface ConsoleOidcClient {
  clientId: string;
  /** Space-separated, `openid` among them: the ID token's nonce is what ties the answer to the sign-in that asked. */
  scopes: string;
}

/**
 * The api's HTTPS listener. Its certificate comes from certFile/keyFile, or else is issued by certplane's CA at
 * start-up for hostnames and ips. Clients may present a certificate certplane issued (mutual TLS).
 */
/** Applied to every HTTP and HTTPS listener (node's http.Server settings of the same names). */
export interface ListenerLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body. */
  requestTimeoutMs: number;
  /** Time an idle keep-alive connection is kept open. */
  keepAliveTimeoutMs: number;
  /** Headers read per request; more are ignored. */
  maxHeadersCount: number;
  /** Connections open at once per listener; further ones are closed at once. 0: no cap. */
  maxConnections: number;
  /**
   * Peers whose connections begin with a PROXY protocol header (v1 or v2) naming the caller; empty: none, and no
   * header is ever read.
   */
  trustedProxies: IpBlock[];
}

export interface TlsConfig {
  enabled: boolean;
  port: number;
  hostnames: string[];
  ips: string[];
  certFile?: string;
  keyFile?: string;
}

/** Where the CA key lives when it is in an HSM; the PIN is read from its file when the token is opened. */
export interface Pkcs11KeySettings {
  module: string;
  tokenLabel: string;
  pinFile: string;
  keyLabel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CertplaneConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in schema.shape && v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0]), issue.message);
  }
  const e = parsed.data;
  if (e.CERTPLANE_CA_CERT_FILE && !e.CERTPLANE_CA_KEY_FILE && !e.CERTPLANE_CA_PKCS11_MODULE) {
    throw new ConfigError(
      'CERTPLANE_CA_KEY_FILE',
      'must be set with CERTPLANE_CA_CERT_FILE (or CERTPLANE_CA_PKCS11_MODULE, for a key in an HSM)',
    );
  }
  if (e.CERTPLANE_CA_KEY_FILE && !e.CERTPLANE_CA_CERT_FILE)
    throw new ConfigError('CERTPLANE_CA_CERT_FILE', 'must be set with CERTPLANE_CA_KEY_FILE');
  if (e.CERTPLANE_API_TOKEN) {
    const problem = tokenProblem(e.CERTPLANE_API_TOKEN);
    if (problem) throw new ConfigError('CERTPLANE_API_TOKEN', problem);
  }
  const apiTokens =
    e.CERTPLANE_API_TOKENS === undefined ? [] : parseApiTokens(e.CERTPLANE_API_TOKENS, 'CERTPLANE_API_TOKENS');
  if (e.CERTPLANE_API_TOKEN && apiTokens.some((t) => t.name === DEFAULT_TOKEN_NAME)) {
    throw new ConfigError(
      'CERTPLANE_API_TOKENS',
      `must not name a token "${DEFAULT_TOKEN_NAME}" while CERTPLANE_API_TOKEN is set (that is its name)`,
    );
  }
  assertDistinctTokens(
    [
      ...apiTokens,
      ...(e.CERTPLANE_API_TOKEN
        ? [{ name: DEFAULT_TOKEN_NAME, role: 'admin' as const, token: e.CERTPLANE_API_TOKEN }]
        : []),
    ],
    'CERTPLANE_API_TOKENS',
  );
  if (e.CERTPLANE_NATS_DUPLICATE_WINDOW_MS <= e.CERTPLANE_RELAY_SWEEP_AFTER_MS) {
    // The sweep re-publishes rows older than that, which their appender may be publishing right then.
    throw new ConfigError(
      'CERTPLANE_NATS_DUPLICATE_WINDOW_MS',
      `must be greater than CERTPLANE_RELAY_SWEEP_AFTER_MS (${e.CERTPLANE_RELAY_SWEEP_AFTER_MS})`,
    );
  }
  const nats = parseNatsSettings(e);
  if (nats.durability.maxAgeMs > 0 && nats.durability.maxAgeMs <= e.CERTPLANE_NATS_DUPLICATE_WINDOW_MS) {
    // JetStream refuses a duplicate window longer than the messages it remembers are kept.
    throw new ConfigError(
      'CERTPLANE_NATS_MAX_AGE',
      `must be longer than CERTPLANE_NATS_DUPLICATE_WINDOW_MS (${e.CERTPLANE_NATS_DUPLICATE_WINDOW_MS} ms)`,
    );
  }
  const serverHostnames = parseServerHostnames(e.CERTPLANE_SERVER_HOSTNAMES);
  return {
    port: e.PORT,
    host: e.HOST,
    httpEnabled: e.CERTPLANE_HTTP_ENABLED,
    tls: tlsConfig(e, serverHostnames),
    listener: listenerLimits(e),
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    dataDir: e.CERTPLANE_DATA_DIR,
    apiToken: e.CERTPLANE_API_TOKEN,
    apiTokenFile: e.CERTPLANE_API_TOKEN_FILE,
    apiTokens,
    apiTokensFile: e.CERTPLANE_API_TOKENS_FILE,
    oidc: parseOidc(e),
    encryptionKey: e.CERTPLANE_ENCRYPTION_KEY,
    topicEndpoints: parseTopicEndpoints(e.CERTPLANE_TOPIC_ENDPOINTS),
    endpointsByTopic: parseEndpointsByTopic(
      e.CERTPLANE_ENDPOINTS_BY_TOPIC,
      e.CERTPLANE_ENDPOINTS_BY_TOPIC_FILE,
      e.CERTPLANE_TOPIC_ENDPOINTS !== undefined,
    ),
    ca: {
      certFile: e.CERTPLANE_CA_CERT_FILE,
      keyFile: e.CERTPLANE_CA_KEY_FILE,
      validityDays: e.CERTPLANE_CA_VALIDITY_DAYS,
      pkcs11: pkcs11KeySettings(e),
      publicUrl: e.CERTPLANE_CA_PUBLIC_URL,
      rotateAtRemaining:
        e.CERTPLANE_CA_ROTATE_AT_REMAINING === undefined
          ? undefined
          : Number(e.CERTPLANE_CA_ROTATE_AT_REMAINING.slice(0, -1)) / 100,
    },
    certValidity: parseCertValidity(e.CERTPLANE_CERT_VALIDITY, env),
    profilesFile: e.CERTPLANE_PROFILES_FILE,
    maxValidCertificates: e.CERTPLANE_MAX_VALID_CERTIFICATES,
    maxRevocationsPerCall: e.CERTPLANE_MAX_REVOCATIONS_PER_CALL,
    serverHostnames,
    revocation: {
      crlValidityHours: e.CERTPLANE_CRL_VALIDITY_HOURS,
      ocspValidityMinutes: e.CERTPLANE_OCSP_VALIDITY_MINUTES,
    },
    nats: {
      stream: e.CERTPLANE_NATS_STREAM,
      subjectPrefix: e.CERTPLANE_NATS_SUBJECT_PREFIX,
      duplicateWindowMs: e.CERTPLANE_NATS_DUPLICATE_WINDOW_MS,
      ...nats,
    },
    tunnels: {
      statusSubjectPrefix: tunnelsPrefix(e.CERTPLANE_NATS_TUNNELS_PREFIX, e.CERTPLANE_NATS_SUBJECT_PREFIX),
      reservedNamespaces: parseReservedNamespaces(e.CERTPLANE_RESERVED_NAMESPACES),
    },
    details: {
      waitMs: e.CERTPLANE_DETAILS_WAIT_MS,
      retryAfterSeconds: e.CERTPLANE_DETAILS_RETRY_AFTER_S,
      minAnswerMs: e.CERTPLANE_DETAILS_MIN_ANSWER_MS,
      missesPerMinute: e.CERTPLANE_DETAILS_MISS_LIMIT,
    },
    enrolment: { minAnswerMs: e.CERTPLANE_ENROLMENT_MIN_ANSWER_MS },
    rateLimit: {
      perIdentityPerMinute: e.CERTPLANE_RATE_LIMIT_PER_MINUTE,
      perIpPerMinute: e.CERTPLANE_RATE_LIMIT_PER_IP_PER_MINUTE,
      authFailuresPerMinute: e.CERTPLANE_AUTH_FAILURE_LIMIT,
      renewalsPerClientPerHour: e.CERTPLANE_RENEWALS_PER_CLIENT_PER_HOUR,
    },
    migrateOnStart: e.CERTPLANE_MIGRATE_ON_START,
    relay: { sweepAfterMs: e.CERTPLANE_RELAY_SWEEP_AFTER_MS },
    reconcile: { afterMs: e.CERTPLANE_RECONCILE_AFTER_MS },
    consumer: {
      maxDeliver: e.CERTPLANE_CONSUMER_MAX_DELIVER,
      concurrency: e.CERTPLANE_CONSUMER_CONCURRENCY,
      ackWaitMs: e.CERTPLANE_CONSUMER_ACK_WAIT_MS,
    },
    logLevel: e.CERTPLANE_LOG_LEVEL,
    dbPoolSize: e.CERTPLANE_DB_POOL_SIZE,
    signingThreads: e.CERTPLANE_SIGNING_THREADS,
    workerHttpPort: e.CERTPLANE_WORKER_HTTP_PORT,
    consumerLagWarn: e.CERTPLANE_CONSUMER_LAG_WARN,
    build: { commit: e.CERTPLANE_BUILD_COMMIT, time: e.CERTPLANE_BUILD_TIME },
  };
}

/**
 * A duration from 5m to 825d. The whole-days setting it replaced is refused by name rather than
 * ignored: a deployment that set it would otherwise quietly issue 365-day certificates.
 */
function parseCertValidity(raw: string, env: NodeJS.ProcessEnv): Duration {
  const days = env.CERTPLANE_CERT_VALIDITY_DAYS;
  if (days !== undefined && days !== '') {
    throw new ConfigError(
      'CERTPLANE_CERT_VALIDITY_DAYS',
      'is replaced by CERTPLANE_CERT_VALIDITY, a duration (15m, 24h, 90d): set CERTPLANE_CERT_VALIDITY=<days>d instead and remove it',
    );
  }
  try {
    return certificateValidity(raw);
  } catch (e) {
    if (e instanceof DomainError) throw new ConfigError('CERTPLANE_CERT_VALIDITY', e.message.replace(/^validity /, ''));
    throw e;
  }
}

function listenerLimits(e: z.infer<typeof schema>): ListenerLimits {
  // node refuses a headers timeout longer than the request timeout.
  if (e.CERTPLANE_HTTP_HEADERS_TIMEOUT_MS > e.CERTPLANE_HTTP_REQUEST_TIMEOUT_MS)
    throw new ConfigError(
      'CERTPLANE_HTTP_HEADERS_TIMEOUT_MS',
      'must not be longer than CERTPLANE_HTTP_REQUEST_TIMEOUT_MS',
    );
  return {
    headersTimeoutMs: e.CERTPLANE_HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: e.CERTPLANE_HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: e.CERTPLANE_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxHeadersCount: e.CERTPLANE_HTTP_MAX_HEADERS,
    maxConnections: e.CERTPLANE_HTTP_MAX_CONNECTIONS,
    trustedProxies: parseTrustedProxies(e.CERTPLANE_TRUSTED_PROXIES),
  };
}

/** CIDR blocks, comma separated; a bare address is its own block (/32, /128). */
function parseTrustedProxies(raw: string | undefined): IpBlock[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const single = IpAddress.tryParse(entry);
      const block = IpBlock.tryParse(single ? `${single.text}/${single.version === 4 ? 32 : 128}` : entry);
      if (!block)
        throw new ConfigError(
          'CERTPLANE_TRUSTED_PROXIES',
          `${JSON.stringify(entry)} is no address or CIDR block (e.g. 10.0.0.0/8,fd00::/8)`,
        );
      return block;
    });
}

function tlsConfig(e: z.infer<typeof schema>, serverHostnames: string[]): TlsConfig {
  if (!e.CERTPLANE_HTTP_ENABLED && !e.CERTPLANE_TLS_ENABLED)
    throw new ConfigError(
      'CERTPLANE_HTTP_ENABLED',
      'may be false only while CERTPLANE_TLS_ENABLED is true (the api would serve nothing)',
    );
  if (e.CERTPLANE_TLS_CERT_FILE && !e.CERTPLANE_TLS_KEY_FILE)
    throw new ConfigError('CERTPLANE_TLS_KEY_FILE', 'must be set with CERTPLANE_TLS_CERT_FILE');
  if (e.CERTPLANE_TLS_KEY_FILE && !e.CERTPLANE_TLS_CERT_FILE)
    throw new ConfigError('CERTPLANE_TLS_CERT_FILE', 'must be set with CERTPLANE_TLS_KEY_FILE');
  if (
    e.CERTPLANE_HTTP_ENABLED &&
    e.CERTPLANE_TLS_ENABLED &&
    e.CERTPLANE_TLS_PORT !== 0 &&
    e.CERTPLANE_TLS_PORT === e.PORT
  ) {
    throw new ConfigError(
      'CERTPLANE_TLS_PORT',
      `must differ from PORT (${e.PORT}): HTTP and HTTPS cannot share a port`,
    );
  }
  const hostnames = list(e.CERTPLANE_TLS_HOSTNAMES) ?? [
    ...new Set(['localhost', ...serverHostnames.filter(isDnsName)]),
  ];
  if (!hostnames.every(isDnsName))
    throw new ConfigError(
      'CERTPLANE_TLS_HOSTNAMES',
      'must be comma-separated DNS names (letters, digits, - and _ in dot-separated labels)',
    );
  const addresses = (list(e.CERTPLANE_TLS_IPS) ?? ['127.0.0.1', '::1']).map((ip) => IpAddress.tryParse(ip));
  if (!addresses.every((ip) => ip !== undefined))
    throw new ConfigError('CERTPLANE_TLS_IPS', 'must be comma-separated IPv4 or IPv6 addresses');
  const ips = [...new Set(addresses.map((ip) => ip.text))];
  if (hostnames.length + ips.length === 0)
    throw new ConfigError(
      'CERTPLANE_TLS_HOSTNAMES',
      'or CERTPLANE_TLS_IPS must name the server: its certificate needs at least one name',
    );
  return {
    enabled: e.CERTPLANE_TLS_ENABLED,
    port: e.CERTPLANE_TLS_PORT,
    hostnames,
    ips,
    certFile: e.CERTPLANE_TLS_CERT_FILE,
    keyFile: e.CERTPLANE_TLS_KEY_FILE,
  };
}

/** A comma-separated list; undefined when unset, so the default applies. */
function list(raw: string | undefined): string[] | undefined {
  return raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n.length > 0);
}

/**
 * Both or neither: a token of the right issuer meant for another service must not be accepted.
 * Plain http is allowed for a loopback issuer only (a local test or sidecar provider): keys
 * fetched over plain http from elsewhere could be swapped by anyone on the path.
 */
function parseOidc(e: {
  CERTPLANE_OIDC_ISSUER_URL?: string;
  CERTPLANE_OIDC_AUDIENCE?: string;
  CERTPLANE_OIDC_ROLES_CLAIM: string;
  CERTPLANE_OIDC_DEFAULT_ROLE?: TokenRole;
  CERTPLANE_OIDC_JWKS_COOLDOWN_SECONDS: number;
  CERTPLANE_CONSOLE_OIDC_CLIENT_ID?: string;
  CERTPLANE_CONSOLE_OIDC_SCOPES: string;
}): OidcConfig | undefined {
  const issuer = e.CERTPLANE_OIDC_ISSUER_URL;
  if (!issuer) {
    if (e.CERTPLANE_OIDC_AUDIENCE)
      throw new ConfigError('CERTPLANE_OIDC_ISSUER_URL', 'must be set with CERTPLANE_OIDC_AUDIENCE');
    if (e.CERTPLANE_CONSOLE_OIDC_CLIENT_ID)
      throw new ConfigError('CERTPLANE_OIDC_ISSUER_URL', 'must be set with CERTPLANE_CONSOLE_OIDC_CLIENT_ID');
    return undefined;
  }
  if (!e.CERTPLANE_CONSOLE_OIDC_SCOPES.split(' ').includes('openid'))
    throw new ConfigError('CERTPLANE_CONSOLE_OIDC_SCOPES', 'must include openid (the ID token carries the nonce)');
  if (!e.CERTPLANE_OIDC_AUDIENCE)
    throw new ConfigError(
      'CERTPLANE_OIDC_AUDIENCE',
      "must be set with CERTPLANE_OIDC_ISSUER_URL (the audience certplane's tokens are issued for)",
    );
  const url = new URL(issuer);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new ConfigError('CERTPLANE_OIDC_ISSUER_URL', 'must be an https:// URL (http:// only for localhost)');
  if (url.search || url.hash) throw new ConfigError('CERTPLANE_OIDC_ISSUER_URL', 'must not have a query or fragment');
  return {
    issuerUrl: issuer,
    audience: e.CERTPLANE_OIDC_AUDIENCE,
    rolesClaim: e.CERTPLANE_OIDC_ROLES_CLAIM,
    defaultRole: e.CERTPLANE_OIDC_DEFAULT_ROLE,
    jwksCooldownSeconds: e.CERTPLANE_OIDC_JWKS_COOLDOWN_SECONDS,
    ...(e.CERTPLANE_CONSOLE_OIDC_CLIENT_ID
      ? { console: { clientId: e.CERTPLANE_CONSOLE_OIDC_CLIENT_ID, scopes: e.CERTPLANE_CONSOLE_OIDC_SCOPES } }
      : {}),
  };
}

/**
 * The endpoints block is merged verbatim into every details answer, because deployments of the
 * product our users migrate from shape it freely (`insert` is an object, `query` an array).
 */
function parseTopicEndpoints(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return DEFAULT_TOPIC_ENDPOINTS;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ConfigError('CERTPLANE_TOPIC_ENDPOINTS', 'must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ConfigError('CERTPLANE_TOPIC_ENDPOINTS', 'must be a JSON object');
  const clash = Object.keys(value).find((k) => RESERVED_DETAILS_KEYS.includes(k));
  if (clash)
    throw new ConfigError(
      'CERTPLANE_TOPIC_ENDPOINTS',
      `must not use the key "${clash}" (reserved by the details answer)`,
    );
  return value as Record<string, unknown>;
}

/**
 * Status reports are not events and must stay out of the event stream (`<subject prefix>.>`), so
 * the two prefixes may not overlap. The default swaps the subject prefix's last token for
 * `tunnels` (`certplane.events` → `certplane.tunnels`): deployments kept apart on one NATS by
 * their subject prefixes are then apart for reports too.
 */
function tunnelsPrefix(explicit: string | undefined, subjectPrefix: string): string {
  const tokens = subjectPrefix.split('.');
  const prefix =
    explicit ?? (tokens.length > 1 ? [...tokens.slice(0, -1), 'tunnels'].join('.') : `tunnels.${subjectPrefix}`);
  const within = (a: string, b: string) => a === b || a.startsWith(`${b}.`);
  if (within(prefix, subjectPrefix) || within(subjectPrefix, prefix)) {
    const why = explicit ? 'must not overlap' : 'must be set: the default derived from it would overlap';
    throw new ConfigError(
      'CERTPLANE_NATS_TUNNELS_PREFIX',
      `${why} CERTPLANE_NATS_SUBJECT_PREFIX (status reports would land in the event stream)`,
    );
  }
  return prefix;
}

/** Comma-separated DNS-1123 labels, refused as namespace names on top of the built-in ones. */
function parseReservedNamespaces(raw: string | undefined): string[] {
  const names = (raw ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (!names.every(isDns1123Label))
    throw new ConfigError(
      'CERTPLANE_RESERVED_NAMESPACES',
      'must be comma-separated DNS-1123 labels (a-z 0-9 -, at most 63 characters each)',
    );
  return names;
}

/**
 * A client certificate carrying the server's own name could impersonate the server to anyone who
 * trusts the CA for more than client auth, so those names are reserved. The default is what this
 * machine calls itself; set the names clients and relying parties actually use (e.g. the DNS name
 * of the load balancer), comma-separated.
 */
function parseServerHostnames(raw: string | undefined): string[] {
  const names = (raw ?? hostname())
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (!names.every((n) => /^[A-Za-z0-9_.-]{1,253}$/.test(n)))
    throw new ConfigError('CERTPLANE_SERVER_HOSTNAMES', 'must be comma-separated hostnames (A-Z a-z 0-9 _ . -)');
  return names;
}

function pkcs11KeySettings(e: z.infer<typeof schema>): Pkcs11KeySettings | undefined {
  const module = e.CERTPLANE_CA_PKCS11_MODULE;
  if (!module) {
    for (const name of ['CERTPLANE_CA_PKCS11_TOKEN_LABEL', 'CERTPLANE_CA_PKCS11_PIN_FILE'] as const) {
      if (e[name]) throw new ConfigError(name, 'is used only with CERTPLANE_CA_PKCS11_MODULE');
    }
    return undefined;
  }
  if (e.CERTPLANE_CA_KEY_FILE)
    throw new ConfigError(
      'CERTPLANE_CA_KEY_FILE',
      'must not be set with CERTPLANE_CA_PKCS11_MODULE: the CA key is the one in the HSM',
    );
  if (!e.CERTPLANE_CA_PKCS11_TOKEN_LABEL)
    throw new ConfigError(
      'CERTPLANE_CA_PKCS11_TOKEN_LABEL',
      'must be set with CERTPLANE_CA_PKCS11_MODULE: the label of the token that holds the CA key',
    );
  if (!e.CERTPLANE_CA_PKCS11_PIN_FILE)
    throw new ConfigError(
      'CERTPLANE_CA_PKCS11_PIN_FILE',
      "must be set with CERTPLANE_CA_PKCS11_MODULE: a file holding the token's user PIN",
    );
  return {
    module,
    tokenLabel: e.CERTPLANE_CA_PKCS11_TOKEN_LABEL,
    pinFile: e.CERTPLANE_CA_PKCS11_PIN_FILE,
    keyLabel: e.CERTPLANE_CA_PKCS11_KEY_LABEL,
  };
}
