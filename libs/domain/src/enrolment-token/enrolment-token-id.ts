import { createHash, randomBytes } from 'node:crypto';

/**
 * Each token is its own stream; the id names it in events, answers and DELETE, the token itself
 * never. The category is what precedes the stream id's first dash, hence the underscore.
 */
export function newEnrolmentTokenId(): string {
  return randomBytes(16).toString('hex');
}

export function enrolmentTokenStreamId(tokenId: string): string {
  return `enrolment_token-${tokenId}`;
}

export const ENROLMENT_TOKEN_PREFIX = 'cpet_';

/**
 * 256 bits from the CSPRNG, base64url, behind a prefix that secret scanners and people can
 * recognise: `cpet_` and 43 characters, safe in headers, URLs and as an HTTP Basic password.
 */
export function newEnrolmentToken(): string {
  return ENROLMENT_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * What is stored instead of the token: its SHA-256, hex. A token carries 256 random bits, so a
 * plain hash (not a slow password hash) is enough to make the stored digest useless to a reader.
 * Any string, well formed or not, has a digest, so every lookup costs the same.
 */
export function enrolmentTokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
