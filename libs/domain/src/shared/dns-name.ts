/**
 * One label of a DNS name a certificate carries: LDH (letters, digits, '-') plus '_', which is not
 * preferred-name syntax but common in private DNS and accepted by TLS stacks; 1-63 characters, not
 * starting or ending with '-', any case.
 */
const DNS_NAME_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/** Every dot-separated label of `name` is a DNS name label (so none is empty). Length and IP checks are the caller's. */
export function hasDnsNameLabels(name: string): boolean {
  return name.split('.').every((label) => DNS_NAME_LABEL.test(label));
}
