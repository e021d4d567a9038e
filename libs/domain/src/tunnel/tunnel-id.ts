import { randomBytes } from 'node:crypto';

/** Each incarnation of a tunnel is its own stream, so a name deleted and created again starts afresh. */
export function newTunnelId(): string {
  return randomBytes(16).toString('hex');
}

export function tunnelStreamId(tunnelId: string): string {
  return `tunnel-${tunnelId}`;
}

/**
 * The credential a tunnel server signs its status reports with: 256 bits from the CSPRNG,
 * base64url without padding (43 characters), safe in URLs, headers and shell variables.
 */
export function newTunnelAuthToken(): string {
  return randomBytes(32).toString('base64url');
}
