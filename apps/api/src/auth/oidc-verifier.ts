import { createRemoteJWKSet, decodeProtectedHeader, JWTPayload, jwtVerify } from 'jose';
import { OidcConfig, TOKEN_ROLES, TokenRole } from '@certplane/config';

/**
 * Asymmetric algorithms only: `none` is never accepted, and no HS* either, since an HMAC
 * "verified" with the issuer's public key would let anyone who has that key (everyone) sign.
 */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

/** Leeway for exp/nbf/iat between our clock and the issuer's. */
export const OIDC_CLOCK_TOLERANCE_SECONDS = 30;

const DISCOVERY_TIMEOUT_MS = 5000;

/** After a failed discovery the issuer is not asked again for this long; requests meanwhile get 503 with this Retry-After. */
export const OIDC_RETRY_AFTER_SECONDS = 5;

// RFC 9068 access tokens are typed at+jwt; many issuers still type theirs JWT or not at all.
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt', 'jwt', 'application/jwt']);
// Claims only an ID token carries (Keycloak also marks its ID tokens with typ "ID" in the payload).
const ID_TOKEN_CLAIMS = ['nonce', 'at_hash', 'c_hash'];

/** The token is not one certplane accepts: 401. */
export class InvalidOidcToken extends Error {}

/** The issuer's discovery document or keys could not be had: the token cannot be judged now (503). */
export class OidcUnavailable extends Error {}

export interface OidcIdentity {
  subject: string;
  roles: TokenRole[];
}

// jose's codes for a token that is wrong in itself; any other failure is the issuer being unreachable or broken.
const TOKEN_FAULTS = new Set([
  'ERR_JWT_EXPIRED',
  'ERR_JWT_CLAIM_VALIDATION_FAILED',
  'ERR_JWT_INVALID',
  'ERR_JWS_INVALID',
  'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED',
  'ERR_JOSE_NOT_SUPPORTED',
  'ERR_JWKS_NO_MATCHING_KEY',
  'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
  'ERR_JWK_INVALID',
]);

/**
 * Verifies JWT access tokens of one OIDC issuer. The discovery document is fetched on first use
 * (and again OIDC_RETRY_AFTER_SECONDS after a failure, so certplane starts while the issuer is down
 * and does not ask it on every request while it stays down); the JWKS is cached by
 * jose, which refetches it when a token names an unknown key id (the issuer rotated its keys),
 * at most once per cooldown so forged key ids cannot make certplane hammer the issuer.
 */
export class OidcVerifier {
  private keys?: Promise<{ issuer: string; jwks: ReturnType<typeof createRemoteJWKSet> }>;
  private discoveryFailedAt?: number;

  constructor(private readonly config: OidcConfig) {}

  async verify(token: string): Promise<OidcIdentity> {
    let header: { alg?: string; typ?: string };
    try {
      header = decodeProtectedHeader(token);
    } catch {
      throw new InvalidOidcToken('not a JWT');
    }
    // Refused before any network call: a junk or downgraded token must not cost a JWKS fetch.
    if (!header.alg || !OIDC_ALGORITHMS.includes(header.alg)) throw new InvalidOidcToken('algorithm not allowed');
    const typ = header.typ?.toLowerCase();
    if (typ !== undefined && !ACCESS_TOKEN_TYPES.has(typ))
      throw new InvalidOidcToken(`a ${header.typ} token is no access token`);
    const { issuer, jwks } = await this.discovered();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer,
        audience: this.config.audience,
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: OIDC_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp'],
      }));
    } catch (e) {
      if (TOKEN_FAULTS.has((e as { code?: string }).code ?? '')) throw new InvalidOidcToken((e as Error).message);
      throw new OidcUnavailable(`the issuer's keys could not be fetched: ${(e as Error).message}`);
    }
    // An ID token whose audience happens to be certplane's must not pass for an access token (RFC 9068 §4).
    if (
      typ !== 'at+jwt' &&
      typ !== 'application/at+jwt' &&
      (ID_TOKEN_CLAIMS.some((claim) => claim in payload) || payload.typ === 'ID')
    ) {
      throw new InvalidOidcToken('an ID token is no access token');
    }
    const subject = subjectOf(payload);
    if (!subject) throw new InvalidOidcToken('no sub (or client_id) claim');
    return { subject, roles: rolesFromClaim(payload, this.config.rolesClaim, this.config.defaultRole) };
  }

  /** A failed discovery is the answer for OIDC_RETRY_AFTER_SECONDS, so an issuer that is down is not asked on every request. */
  private discovered() {
    if (this.discoveryFailedAt !== undefined && Date.now() - this.discoveryFailedAt >= OIDC_RETRY_AFTER_SECONDS * 1000)
      this.keys = undefined;
    this.keys ??= this.discover().then(
      (keys) => {
        this.discoveryFailedAt = undefined;
        return keys;
      },
      (e) => {
        this.discoveryFailedAt = Date.now();
        throw e;
      },
    );
    return this.keys;
  }

  private async discover() {
    const base = this.config.issuerUrl.replace(/\/+$/, '');
    let doc: { issuer?: unknown; jwks_uri?: unknown };
    try {
      const res = await fetch(`${base}/.well-known/openid-configuration`, {
        signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
        redirect: 'error',
      });
      if (!res.ok) throw new Error(`discovery answered ${res.status}`);
      doc = (await res.json()) as typeof doc;
    } catch (e) {
      throw new OidcUnavailable(`the issuer's discovery document could not be fetched: ${(e as Error).message}`);
    }
    // OIDC Discovery §4.3: the document's issuer must be the one asked for, or it is someone else's.
    if (typeof doc.issuer !== 'string' || doc.issuer.replace(/\/+$/, '') !== base)
      throw new OidcUnavailable('the discovery document names another issuer');
    if (typeof doc.jwks_uri !== 'string') throw new OidcUnavailable('the discovery document has no jwks_uri');
    const jwks = createRemoteJWKSet(new URL(doc.jwks_uri), {
      cooldownDuration: this.config.jwksCooldownSeconds * 1000,
      timeoutDuration: DISCOVERY_TIMEOUT_MS,
    });
    return { issuer: doc.issuer, jwks };
  }
}

/**
 * The certplane roles named at claim (a dotted path into the payload), as an array of strings or
 * a space-separated string; the issuer's other roles are ignored. None: the default role, if any.
 */
export function rolesFromClaim(payload: JWTPayload, claim: string, defaultRole?: TokenRole): TokenRole[] {
  let value: unknown = payload;
  for (const key of claim.split('.'))
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  const named =
    typeof value === 'string'
      ? value.split(/\s+/)
      : Array.isArray(value)
        ? value.filter((v): v is string => typeof v === 'string')
        : [];
  const roles = TOKEN_ROLES.filter((r) => named.includes(r));
  if (roles.length === 0 && defaultRole) return [defaultRole];
  return roles;
}

/** A client-credentials token may carry only client_id; the actor must still say who it was. */
function subjectOf(payload: JWTPayload): string | undefined {
  const subject = [payload.sub, payload.client_id].find((v): v is string => typeof v === 'string' && v.length > 0);
  return subject && /^[\x21-\x7e]{1,255}$/.test(subject) ? subject : undefined;
}
