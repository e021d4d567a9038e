import { randomBytes } from 'node:crypto';

/** Each incarnation of a namespace is its own stream, so a name deleted and created again starts afresh. */
export function newNamespaceId(): string {
  return randomBytes(16).toString('hex');
}

export function namespaceStreamId(namespaceId: string): string {
  return `namespace-${namespaceId}`;
}
