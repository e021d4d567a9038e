/**
 * The signed-in caller. The token lives in sessionStorage only: it goes in the Authorization
 * header of each call, never into a URL, the history or a log line, and closing the tab forgets it.
 * A token from an OIDC issuer carries its expiry, after which the console returns to sign-in.
 */
const TOKEN_KEY = 'certplane.token';
const EXPIRES_KEY = 'certplane.token.expires';

/** Who signed in, as GET /whoami says. */
export type { Caller as Viewer } from '@certplane/api-contract';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Epoch ms after which the stored token is no good; null: not known (a static token lasts). */
export function tokenExpiresAt(): number | null {
  const v = sessionStorage.getItem(EXPIRES_KEY);
  return v === null ? null : Number(v);
}

export function keepToken(token: string, expiresAt?: number): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  if (expiresAt === undefined) sessionStorage.removeItem(EXPIRES_KEY);
  else sessionStorage.setItem(EXPIRES_KEY, String(expiresAt));
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(EXPIRES_KEY);
}
