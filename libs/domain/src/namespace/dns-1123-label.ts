import { ValidationError } from '../shared/domain-error';

/** RFC 1123 label as Kubernetes uses it for namespace and object names: it ends up in hostnames and NATS subjects. */
const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_1123_LABEL = new RegExp(`^${LABEL}$`);
/** Labels joined by dots (Kubernetes' DNS-1123 subdomain, without its length limit: the caller's). */
export const DNS_1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
export const DNS_1123_LABEL_MAX = 63;

export function isDns1123Label(value: unknown): value is string {
  return typeof value === 'string' && value.length <= DNS_1123_LABEL_MAX && DNS_1123_LABEL.test(value);
}

/** Throws ValidationError(code) naming the field; the value itself is echoed only when it is short and printable. */
export function assertDns1123Label(value: unknown, field: string, code: string): asserts value is string {
  if (value === undefined || value === null) throw new ValidationError(code, `${field} is required`);
  if (typeof value !== 'string') throw new ValidationError(code, `${field} must be a string`);
  if (!isDns1123Label(value)) {
    throw new ValidationError(
      code,
      `${field} must be a DNS-1123 label: 1-63 characters of a-z 0-9 and '-', starting and ending with a letter or digit`,
    );
  }
}
