import { randomBytes } from 'node:crypto';

export function newGroupId(): string {
  return randomBytes(16).toString('hex');
}

/** 32 lowercase hex, like a client id. */
export function isGroupId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{32}$/.test(value);
}

export function groupStreamId(groupId: string): string {
  return `group-${groupId}`;
}
