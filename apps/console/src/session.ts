/**
 * The signed-in caller. The token lives in sessionStorage only: it goes in the Authorization
 * header of each call, never into a URL, the history or a log line, and closing the tab forgets it.
 */
const TOKEN_KEY = 'certplane.token';

export interface Viewer {
  actor: string;
  method: string;
  roles: string[];
}

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function keepToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
