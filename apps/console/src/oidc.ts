import type { ConsoleSettings } from '@certplane/api-contract';
import { fromBase64Url, randomText, s256 } from './pkce';

/**
 * Sign-in at an OIDC issuer: authorization code with PKCE (S256), from the browser, as a public
 * client. What the sign-in needs between leaving for the issuer and coming back (the PKCE
 * verifier, state, nonce) waits in this tab's sessionStorage and is removed on return, whatever
 * the answer. The code and state leave the address bar before anything else happens.
 */
export type OidcSettings = NonNullable<ConsoleSettings['oidc']>;

export const CALLBACK_PATH = '/console/oidc-callback';
const PENDING_KEY = 'certplane.oidc.pending';

interface Pending {
  verifier: string;
  state: string;
  nonce: string;
  issuer: string;
  tokenEndpoint: string;
  returnTo: string;
}

export interface SignedIn {
  accessToken: string;
  /** Epoch ms; absent when the issuer did not say (the API's 401 ends the session then). */
  expiresAt?: number;
  returnTo: string;
}

export class OidcFailure extends Error {}

const redirectUri = () => `${location.origin}${CALLBACK_PATH}`;

/** Leaves for the issuer's sign-in page; returnTo is the console page to come back to. */
export async function beginSignIn(settings: OidcSettings, returnTo: string): Promise<void> {
  const doc = await discover(settings.issuer);
  const pending: Pending = {
    verifier: randomText(32),
    state: randomText(16),
    nonce: randomText(16),
    issuer: doc.issuer,
    tokenEndpoint: doc.token_endpoint,
    returnTo,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(doc.authorization_endpoint);
  const params = {
    response_type: 'code',
    client_id: settings.client_id,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await s256(pending.verifier),
    code_challenge_method: 'S256',
    ...(settings.resource ? { resource: settings.resource } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  location.assign(url.href);
}

/** Whether this page load is the issuer sending the browser back. */
export function isCallback(): boolean {
  return location.pathname === CALLBACK_PATH;
}

/**
 * The issuer's answer, taken from the address (then removed from it and from the history), checked
 * against the sign-in this tab started, and exchanged for tokens.
 */
export async function finishSignIn(settings: OidcSettings): Promise<SignedIn> {
  const answer = new URL(location.href).searchParams;
  history.replaceState(null, '', '/console');
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!raw) throw new OidcFailure('No sign-in was started in this tab: sign in again.');
  const pending = JSON.parse(raw) as Pending;
  // state first: an answer meant for another sign-in (or forged) is not even read further.
  if (answer.get('state') !== pending.state)
    throw new OidcFailure('The answer is not for the sign-in this tab started (state differs): sign in again.');
  const iss = answer.get('iss'); // RFC 9207: where the issuer says it, it must be the one asked
  if (iss !== null && iss !== pending.issuer) throw new OidcFailure('The answer comes from another issuer.');
  const error = answer.get('error');
  if (error)
    throw new OidcFailure(`The issuer refused the sign-in: ${error}${describe(answer.get('error_description'))}`);
  const code = answer.get('code');
  if (!code) throw new OidcFailure('The issuer sent no authorization code.');

  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri(),
    client_id: settings.client_id,
    code_verifier: pending.verifier,
    ...(settings.resource ? { resource: settings.resource } : {}),
  });
  const res = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: form,
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok)
    throw new OidcFailure(
      `The issuer refused the code: ${String(body.error ?? res.status)}${describe(body.error_description)}`,
    );
  const { access_token, id_token, token_type, expires_in } = body;
  if (typeof access_token !== 'string' || typeof token_type !== 'string' || token_type.toLowerCase() !== 'bearer')
    throw new OidcFailure('The issuer gave no bearer access token.');
  if (typeof id_token !== 'string') throw new OidcFailure('The issuer gave no ID token (is openid among the scopes?).');
  checkIdToken(id_token, pending, settings.client_id);
  return {
    accessToken: access_token,
    expiresAt: typeof expires_in === 'number' ? Date.now() + expires_in * 1000 : undefined,
    returnTo: pending.returnTo,
  };
}

/**
 * The ID token came straight from the token endpoint over the connection the browser opened to
 * the issuer, so its signature is not checked here (OIDC Core 3.1.3.7, 6); what ties it to this
 * sign-in is checked: issuer, audience, nonce, and that it is not expired. The API judges the
 * access token on its own, signature and all.
 */
function checkIdToken(idToken: string, pending: Pending, clientId: string): void {
  let claims: { iss?: unknown; aud?: unknown; nonce?: unknown; exp?: unknown };
  try {
    claims = JSON.parse(new TextDecoder().decode(fromBase64Url(idToken.split('.')[1] ?? ''))) as typeof claims;
  } catch {
    throw new OidcFailure('The ID token cannot be read.');
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== pending.issuer) throw new OidcFailure('The ID token names another issuer.');
  if (!audiences.includes(clientId)) throw new OidcFailure('The ID token is for another client.');
  if (claims.nonce !== pending.nonce) throw new OidcFailure('The ID token is not for this sign-in (nonce differs).');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw new OidcFailure('The ID token expired.');
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

async function discover(issuer: string): Promise<Discovery> {
  const base = issuer.replace(/\/+$/, '');
  let doc: Partial<Record<keyof Discovery, unknown>>;
  try {
    const res = await fetch(`${base}/.well-known/openid-configuration`, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`it answered ${res.status}`);
    doc = (await res.json()) as typeof doc;
  } catch (e) {
    throw new OidcFailure(`The issuer's discovery document could not be had: ${(e as Error).message}`);
  }
  if (typeof doc.issuer !== 'string' || doc.issuer.replace(/\/+$/, '') !== base)
    throw new OidcFailure('The discovery document names another issuer.');
  if (typeof doc.authorization_endpoint !== 'string' || !/^https?:/.test(doc.authorization_endpoint))
    throw new OidcFailure('The discovery document has no authorization endpoint.');
  // The page may connect to the issuer's origin only (its Content-Security-Policy), so the code exchange must go there.
  if (typeof doc.token_endpoint !== 'string' || new URL(doc.token_endpoint).origin !== new URL(base).origin)
    throw new OidcFailure("The issuer's token endpoint is not on the issuer's origin.");
  return doc as Discovery;
}

function describe(v: unknown): string {
  return typeof v === 'string' && v ? ` (${v})` : '';
}
