import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * The details secret is the only credential guarding a client's details (its private key among
 * them), so it is 128 bits from the CSPRNG and never stored or published. The client id that
 * events, streams, logs and the management API carry is derived from it one way: knowing an id
 * (any NATS subscriber does) gives no way back to the secret.
 */
export function newDetailsSecret(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The details secret of an enrolment that must come out the same when repeated (EST's retry after
 * 202): keyed by the enrolment token, so only its holder can work it out, over the request (the CSR).
 */
export function detailsSecretForRepeatableEnrolment(token: string, request: string): string {
  return createHmac('sha256', token).update(request, 'utf8').digest('hex').slice(0, 32);
}

export function clientIdForDetailsSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 32);
}

/** Both the id and the details secret are 32 lowercase hex. */
export function isClientId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

export const isDetailsSecret = isClientId;

export function clientStreamId(clientId: string): string {
  return `client-${clientId}`;
}
