import { assertDns1123Label } from './dns-1123-label';
import { ReservedNamespaceError } from './namespace.errors';

/**
 * Namespaces certplane never manages, whatever the configuration adds: the cluster's own and
 * certplane's. `kube-` is Kubernetes' reserved prefix.
 */
export const RESERVED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public', 'kube-node-lease', 'certplane'];
const RESERVED_PREFIX = 'kube-';

export const INVALID_NAMESPACE = 'INVALID_NAMESPACE';

/** Any namespace reference (a tunnel's, a query's): a DNS-1123 label. */
export function assertValidNamespaceName(name: unknown, field = 'namespace'): asserts name is string {
  assertDns1123Label(name, field, INVALID_NAMESPACE);
}

/** A namespace certplane is asked to create: a DNS-1123 label that is not reserved. */
export function assertCreatableNamespaceName(
  name: unknown,
  extraReserved: readonly string[] = [],
): asserts name is string {
  assertValidNamespaceName(name, 'name');
  if (isReservedNamespace(name, extraReserved)) throw new ReservedNamespaceError(name);
}

export function isReservedNamespace(name: string, extraReserved: readonly string[] = []): boolean {
  return name.startsWith(RESERVED_PREFIX) || RESERVED_NAMESPACES.includes(name) || extraReserved.includes(name);
}
