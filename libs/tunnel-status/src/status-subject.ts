import { isDns1123Label } from '@certplane/domain';

/**
 * Tunnel servers publish on `<prefix>.<namespace>.<name>.status`. Namespace and name are DNS-1123
 * labels, so they are always single, literal NATS tokens.
 */
export function tunnelStatusSubject(prefix: string, namespace: string, name: string): string {
  return `${prefix}.${namespace}.${name}.status`;
}

/** What certplane subscribes to: every tunnel's status subject under the prefix. */
export function tunnelStatusFilter(prefix: string): string {
  return `${prefix}.*.*.status`;
}

export function parseTunnelStatusSubject(
  prefix: string,
  subject: string,
): { namespace: string; name: string } | undefined {
  if (!subject.startsWith(`${prefix}.`)) return undefined;
  const tokens = subject.slice(prefix.length + 1).split('.');
  if (tokens.length !== 3 || tokens[2] !== 'status') return undefined;
  const [namespace, name] = tokens;
  return isDns1123Label(namespace) && isDns1123Label(name) ? { namespace, name } : undefined;
}
