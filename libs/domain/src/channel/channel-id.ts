import { randomBytes } from 'node:crypto';

/** Each incarnation of a channel is its own stream: a route freed by a deletion starts afresh under a new id. */
export function newChannelId(): string {
  return randomBytes(16).toString('hex');
}

/** 32 lowercase hex, like a client id. */
export function isChannelId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

export function channelStreamId(channelId: string): string {
  return `channel-${channelId}`;
}
