import { randomBytes } from 'node:crypto';

/** The id is the only secret guarding a client's details, so it is 128 bits from the CSPRNG. */
export function newClientId(): string {
  return randomBytes(16).toString('hex');
}

export function isClientId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

export function clientStreamId(clientId: string): string {
  return `client-${clientId}`;
}
