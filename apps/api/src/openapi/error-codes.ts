/**
 * Every error code the api answers with, its HTTP status and what it means: the one table the
 * OpenAPI document is written from (error-codes.spec.ts checks it against the code that maps
 * errors to statuses, so the two cannot drift apart).
 */
export const ERROR_CODES = {
  INVALID_JSON: { status: 400, meaning: 'the body is not valid JSON' },
  INVALID_BODY: {
    status: 400,
    meaning: 'the body is not a JSON object (for POST /clients/bulk: not an array of 1-1000 of them)',
  },
  INVALID_REQUEST: { status: 400, meaning: 'the body is shorter or longer than its Content-Length' },
  UNKNOWN_FIELD: { status: 400, meaning: 'the body has a field the endpoint does not know' },
  BAD_REQUEST: { status: 400, meaning: 'the request cannot be read, e.g. its path is not valid percent-encoding' },
  INVALID_NAME: {
    status: 400,
    meaning:
      'name is missing or invalid: a client name is 1-128 characters of A-Z a-z 0-9 _ . : -, a tunnel name a DNS-1123 label',
  },
  RESERVED_NAME: { status: 400, meaning: 'the name is reserved (server)' },
  INVALID_TOPICS: {
    status: 400,
    meaning:
      'topics is not an object of role → topic name (with per-topic endpoints, a role may not be name, topics, ca, cert or key)',
  },
  UNKNOWN_TOPIC: {
    status: 400,
    meaning: 'details answers per topic (CERTPLANE_ENDPOINTS_BY_TOPIC) and a topic has no endpoints configured',
  },
  INVALID_IP_ADDRESS: { status: 400, meaning: 'ip is not an IPv4 or IPv6 address' },
  RESERVED_IP_ADDRESS: { status: 400, meaning: 'ip is an unspecified, loopback, broadcast or multicast address' },
  INVALID_HOSTNAME: {
    status: 400,
    meaning: 'hostname is not 1-60 characters of A-Z a-z 0-9 _ . - in dot-separated labels',
  },
  RESERVED_HOSTNAME: { status: 400, meaning: 'the hostname is reserved' },
  PARAMETERS_NOT_APPROPRIATE: { status: 400, meaning: 'ip and hostname were both given' },
  INVALID_TAGS: {
    status: 400,
    meaning: 'tags is not an array of at most 32 distinct tags of 1-64 characters A-Z a-z 0-9 _ . : = / -',
  },
  INVALID_METADATA: {
    status: 400,
    meaning: 'metadata is not an object of at most 32 keys whose values are short strings, finite numbers or booleans',
  },
  INVALID_CSR: {
    status: 400,
    meaning:
      'csr is not a PEM PKCS#10 request whose signature verifies with its own key, of a type some profile can allow (EC P-256/P-384, RSA 2048/3072/4096, Ed25519)',
  },
  INVALID_CERTIFICATE: {
    status: 400,
    meaning:
      "certificate is not a client certificate of the certplane CA (clientAuth, not a CA) that has not expired and states the client's identity (CN user-<name>, SANs only its ip or hostname)",
  },
  INVALID_NAMESPACE: {
    status: 400,
    meaning:
      'a namespace (in the body, the path or the query) is missing or not a DNS-1123 label: 1-63 characters of a-z 0-9 -, alphanumeric at both ends',
  },
  RESERVED_NAMESPACE: { status: 400, meaning: 'the namespace is reserved (kube-*, certplane, or configured)' },
  INVALID_TCP_PORTS: { status: 400, meaning: 'tcpPorts is not a list of 1-64 distinct whole numbers from 1 to 65535' },
  INVALID_LABELS: {
    status: 400,
    meaning:
      'labels is not an object of at most 64 qualified names → label values (certplane.io/uplink is set by certplane)',
  },
  INVALID_ANNOTATIONS: {
    status: 400,
    meaning: 'annotations is not an object of at most 64 qualified names → strings of at most 4096 characters',
  },
  INVALID_REVOCATION_REASON: {
    status: 400,
    meaning:
      'reason is not one of the RFC 5280 reasons for a client certificate: unspecified, keyCompromise, affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn',
  },
  INVALID_SERIAL_NUMBER: {
    status: 400,
    meaning: 'the serial number in the path is not 1-42 hex digits (colons between octets allowed)',
  },
  INVALID_FILTER: {
    status: 400,
    meaning:
      'a bulk revocation filter is empty or has a value it does not accept (client id, one tag, an RFC 3339 issuedBefore)',
  },
  INVALID_BASE64: { status: 400, meaning: 'an EST body is not base64 (line breaks aside) of DER' },
  INVALID_NAME_PATTERN: {
    status: 400,
    meaning: 'namePattern is not a client name with 1-4 `*` (each one or more name characters), none side by side',
  },
  INVALID_VALIDITY: {
    status: 400,
    meaning:
      "validity is not a duration (15m, 24h, 90d) from 5m to CERTPLANE_CERT_VALIDITY, or to the enrolment token's validity",
  },
  INVALID_TTL: { status: 400, meaning: 'ttl is not whole seconds from 60 to 2592000 (30 days)' },
  INVALID_USES: { status: 400, meaning: 'uses is not a whole number from 1 to 1000' },
  INVALID_PROFILE: {
    status: 400,
    meaning:
      'a profile field is missing or invalid (keyTypes, extendedKeyUsages, sans with their max and patterns, subject, validity, maxValidity); the message names it',
  },
  INVALID_PROFILE_NAME: { status: 400, meaning: 'a profile name is not a DNS-1123 label' },
  INVALID_ISSUER_KIND: { status: 400, meaning: 'kind is not "root" or "intermediate"' },
  INVALID_ISSUER_CERTIFICATE: {
    status: 400,
    meaning:
      'certificate is not a PEM X.509 certificate of a CA certplane can sign with (EC P-256, valid now, cluster OU)',
  },
  ISSUER_CERTIFICATE_KEY_MISMATCH: { status: 400, meaning: "the certificate is for another key than the issuer's CSR" },
  ISSUER_CERTIFICATE_NOT_CA: {
    status: 400,
    meaning: 'the certificate is not a CA that signs certificates (basicConstraints CA:TRUE, keyUsage keyCertSign)',
  },
  INVALID_ISSUER_CHAIN: {
    status: 400,
    meaning: 'chain is not PEM certificates each signing the one before, the signer of the certificate first',
  },
  DEFAULT_PROFILE_READ_ONLY: {
    status: 400,
    meaning: 'the default profile is built in: it cannot be defined, replaced or deleted',
  },
  UNKNOWN_PROFILE: { status: 400, meaning: 'the request names a certificate profile that does not exist' },
  PROFILE_MISMATCH: {
    status: 400,
    meaning: "an EST simplereenroll label names another certificate profile than the client's (a renewal keeps it)",
  },
  INVALID_SANS: {
    status: 400,
    meaning:
      'sans is not a list of {"type":"dns"|"ip"|"uri"|"email","value"} with each value well formed for its kind (no wildcards, URIs absolute) and none twice',
  },
  SAN_KIND_NOT_ALLOWED: { status: 400, meaning: "the client's profile allows no SANs of that kind" },
  TOO_MANY_SANS: { status: 400, meaning: "more SANs of a kind than the client's profile allows" },
  SAN_PATTERN_MISMATCH: {
    status: 400,
    meaning: "a SAN matches none of the patterns the client's profile sets for its kind",
  },
  KEY_TYPE_NOT_ALLOWED: { status: 400, meaning: "the CSR's key is of a type the client's profile does not allow" },
  INVALID_ROUTE: { status: 400, meaning: 'route is not a topic name: 1-255 characters of A-Z a-z 0-9 _ . : -' },
  INVALID_CONNECTION: {
    status: 400,
    meaning: 'client_ids is not 1-1000 distinct client ids, or types is not distinct publish and/or subscribe',
  },
  INVALID_ROLE: {
    status: 400,
    meaning:
      'a role name is not 1-64 of a-z 0-9 _ . -, or actions or members is not an array of distinct ones (members: token:<name>, oidc:<subject>, certificate:<client id>, at most 1000 to a role)',
  },
  INVALID_GROUP: {
    status: 400,
    meaning: 'parent_id or parent_group_id is not a group id (32 lowercase hex), or null where a route takes none',
  },
  UNKNOWN_ACTION: {
    status: 400,
    meaning: 'actions names an action clients do not have (GET /clients/roles/available-actions lists them)',
  },
  INVALID_QUERY: { status: 400, meaning: 'a query parameter has a value the route does not accept (limit is 1-100)' },
  UNKNOWN_QUERY_PARAMETER: { status: 400, meaning: 'the query has a parameter the route does not know' },
  UNAUTHORIZED: { status: 401, meaning: 'no valid bearer token (the answer carries WWW-Authenticate: Bearer)' },
  FORBIDDEN: {
    status: 403,
    meaning:
      "the caller's role may not call this route (operator: not CA settings; client certificate: its own client only, and revoking for keyCompromise only; a principal with no global role: only what a role of the client it acts on grants it)",
  },
  CLIENT_CERTIFICATE_REQUIRED: {
    status: 401,
    meaning:
      'EST simplereenroll was called without a client certificate over TLS (the answer carries WWW-Authenticate)',
  },
  CERTIFICATE_REJECTED: {
    status: 401,
    meaning:
      "the HTTPS client certificate presented is revoked, expired, not from certplane's CA, or its client is disabled or removed",
  },
  ENROLMENT_TOKEN_UNKNOWN: {
    status: 401,
    meaning: 'no enrolment token was presented, or not one certplane issued (the answer carries WWW-Authenticate)',
  },
  ENROLMENT_TOKEN_EXPIRED: {
    status: 401,
    meaning: 'the enrolment token has expired (the answer carries WWW-Authenticate)',
  },
  ENROLMENT_TOKEN_USED_UP: {
    status: 401,
    meaning: 'the enrolment token has no uses left (the answer carries WWW-Authenticate)',
  },
  ENROLMENT_TOKEN_REVOKED: {
    status: 401,
    meaning: 'the enrolment token was revoked (the answer carries WWW-Authenticate)',
  },
  ENROLMENT_TOKEN_NOT_ALLOWED: {
    status: 403,
    meaning:
      'the enrolment token does not allow that name (another fixed name, or not one its namePattern stands for), or that EST label (another profile than it names)',
  },
  CLIENT_NOT_FOUND: { status: 404, meaning: 'no live client with that name or id' },
  NOT_FOUND: { status: 404, meaning: 'no such route: nothing serves that path with that method' },
  CERTIFICATE_NOT_FOUND: {
    status: 404,
    meaning:
      "no client holds a certificate with that serial: unknown, another CA's, or one of certplane's own server certificates",
  },
  NAMESPACE_NOT_FOUND: { status: 404, meaning: 'no namespace with that name' },
  TUNNEL_NOT_FOUND: { status: 404, meaning: 'no tunnel with that name in that namespace' },
  PROFILE_NOT_FOUND: {
    status: 404,
    meaning: 'no certificate profile with that name (in the path, an EST label among them), or none at that moment',
  },
  ISSUER_NOT_FOUND: { status: 404, meaning: 'no issuer with that id (or, for its CRL, none that has not expired)' },
  ISSUER_NOT_READY: { status: 409, meaning: 'the issuer is an intermediate still waiting for its certificate' },
  ISSUER_EXPIRED: { status: 409, meaning: "the issuer's certificate has expired" },
  ISSUER_NOT_PENDING: { status: 409, meaning: 'the issuer is no intermediate waiting for its certificate' },
  ISSUER_RETIRED: {
    status: 410,
    meaning:
      'the issuer is retired (every certificate it signed has expired, or it has): it signs and answers for nothing',
  },
  ENROLMENT_TOKEN_NOT_FOUND: { status: 404, meaning: 'no enrolment token with that id' },
  PROFILE_ALREADY_EXISTS: { status: 409, meaning: 'a profile with that name exists; PUT replaces it' },
  PROFILE_IN_USE: { status: 409, meaning: 'live clients are under the profile' },
  DUPLICATE_SAN: {
    status: 409,
    meaning: 'a live client already holds one of those SANs (as a sans entry, or as its ip or hostname)',
  },
  CHANNEL_NOT_FOUND: { status: 404, meaning: 'no live channel with that id' },
  CONNECTION_NOT_FOUND: { status: 404, meaning: 'a client named is not connected to the channel with a type named' },
  GROUP_NOT_FOUND: { status: 404, meaning: 'no live group with that id (or, in a body, no live parent group)' },
  GROUP_CYCLE: { status: 409, meaning: 'the parent named is the group itself or one of its descendants' },
  GROUP_NOT_EMPTY: { status: 409, meaning: 'the group still has child groups or live clients' },
  ROLE_NOT_FOUND: { status: 404, meaning: 'the client has no role of that name' },
  ROLE_ALREADY_EXISTS: { status: 409, meaning: 'the client already has a role of that name' },
  TOO_MANY_ROLES: { status: 409, meaning: 'the client has 64 roles, the most it may have' },
  CLIENT_ALREADY_EXISTS: { status: 409, meaning: 'a live client already has that name' },
  DUPLICATE_IP: { status: 409, meaning: 'a live client already holds that ip' },
  DUPLICATE_HOSTNAME: { status: 409, meaning: 'a live client already holds that hostname' },
  CLIENT_DISABLED: {
    status: 409,
    meaning: 'the client is disabled: no details, renewal or registration until it is enabled',
  },
  CERTIFICATE_ALREADY_REGISTERED: {
    status: 409,
    meaning: "that certificate is already held by a client, or is one of certplane's own server certificates",
  },
  CERTIFICATE_LIMIT_REACHED: {
    status: 409,
    meaning:
      'the client already holds as many valid certificates as it may (CERTPLANE_MAX_VALID_CERTIFICATES); renew with revokeOld',
  },
  CERTIFICATE_ALREADY_REVOKED: {
    status: 409,
    meaning:
      'the certificate is revoked already (a hold an operator put on may still be made final with another reason)',
  },
  CERTIFICATE_NOT_ON_HOLD: {
    status: 409,
    meaning:
      'release is for a certificate an operator put on hold; this one is valid, revoked for another reason, or held by a disable',
  },
  NO_VALID_CERTIFICATE: {
    status: 409,
    meaning: "details: the client's certificate is revoked and no new one is being issued; an operator renews it",
  },
  CONCURRENCY_CONFLICT: { status: 409, meaning: 'the client changed concurrently; retry' },
  NAMESPACE_ALREADY_EXISTS: { status: 409, meaning: 'a namespace with that name exists' },
  NAMESPACE_NOT_EMPTY: { status: 409, meaning: 'the namespace holds tunnels; delete them first or pass ?cascade=true' },
  TUNNEL_ALREADY_EXISTS: { status: 409, meaning: 'a tunnel with that name exists in that namespace' },
  ROUTE_ALREADY_TAKEN: { status: 409, meaning: 'a live channel already has that route' },
  CONNECTION_ALREADY_EXISTS: {
    status: 409,
    meaning: 'a client named is already connected to the channel with a type named',
  },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'the body is larger than 64 KiB (1 MiB for POST /clients/bulk)' },
  INVALID_CONTENT_ENCODING: {
    status: 400,
    meaning: 'the body does not decompress as its Content-Encoding (gzip, deflate, br) says',
  },
  UNSUPPORTED_ENCODING: { status: 415, meaning: 'the body encoding or charset is not supported' },
  RATE_LIMITED: {
    status: 429,
    meaning:
      'too many requests from this identity or address, too many renewals of this client, or too many failed authentications or unknown details ids from this address; retry after Retry-After seconds',
  },
  INTERNAL_ERROR: { status: 500, meaning: 'an unexpected failure (logged by the server with its cause)' },
  AUTHENTICATION_UNAVAILABLE: {
    status: 503,
    meaning:
      "the OIDC issuer's discovery document or keys could not be fetched to verify the token; retry after Retry-After seconds",
  },
  READ_MODEL_PENDING: {
    status: 503,
    meaning: 'the change is recorded but not yet visible to reads; retry after Retry-After seconds',
  },
  CERTIFICATE_PENDING: {
    status: 503,
    meaning: 'the certificate is still being issued; retry after Retry-After seconds',
  },
  ISSUER_KEY_UNAVAILABLE: {
    status: 503,
    meaning:
      "the issuer's key cannot be opened (an HSM key gone, a key file missing), so it cannot sign its CRL; retry after Retry-After seconds",
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    meaning: 'Postgres cannot be reached (down, restarting or recovering); retry after Retry-After seconds',
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** What a request body can fail with before any handler reads it (json-body.ts). */
export const BODY_ERRORS: readonly ErrorCode[] = [
  'INVALID_JSON',
  'INVALID_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_ENCODING',
  'INVALID_CONTENT_ENCODING',
];

/** What any route behind the auth guard can fail with before its handler runs (auth.guard.ts). */
export const AUTH_ERRORS: readonly ErrorCode[] = ['UNAUTHORIZED', 'FORBIDDEN', 'AUTHENTICATION_UNAVAILABLE'];
