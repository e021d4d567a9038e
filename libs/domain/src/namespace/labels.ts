import { ValidationError } from '../shared/domain-error';
import { DNS_1123_SUBDOMAIN } from './dns-1123-label';

export type Labels = Record<string, string>;
export type Annotations = Record<string, string>;

/** Marks a namespace as one uplink tunnels live in; certplane sets it on every namespace it manages. */
export const UPLINK_LABEL_KEY = 'certplane.io/uplink';
export const UPLINK_LABEL_VALUE = '1';

export const MAX_LABELS = 64;
export const MAX_ANNOTATIONS = 64;
export const MAX_ANNOTATION_VALUE = 4096;

// Kubernetes' qualified name: an optional DNS-1123 subdomain prefix and '/', then 1-63 alphanumerics with - _ . inside.
const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_1123_SUBDOMAIN.test(prefix)))
    return false;
  return name.length >= 1 && name.length <= 63 && NAME_PART.test(name);
}

export function isLabelValue(value: unknown): value is string {
  return typeof value === 'string' && (value === '' || (value.length <= 63 && NAME_PART.test(value)));
}

/**
 * Labels as Kubernetes accepts them, plus the uplink label, which certplane adds and nobody
 * overrides: a different value for it is refused rather than silently replaced.
 */
export function assertValidLabels(labels: unknown): Labels {
  const entries = objectEntries(labels, 'labels', 'INVALID_LABELS', MAX_LABELS);
  for (const [key, value] of entries) {
    if (!isQualifiedName(key))
      throw new ValidationError(
        'INVALID_LABELS',
        `label key ${JSON.stringify(key.slice(0, 64))} is not a qualified name ([prefix/]name)`,
      );
    if (!isLabelValue(value))
      throw new ValidationError(
        'INVALID_LABELS',
        `label ${key} must have a value of at most 63 characters of A-Z a-z 0-9 - _ . (alphanumeric at both ends), or ''`,
      );
    if (key === UPLINK_LABEL_KEY && value !== UPLINK_LABEL_VALUE)
      throw new ValidationError(
        'INVALID_LABELS',
        `the label ${UPLINK_LABEL_KEY} is set by certplane to "${UPLINK_LABEL_VALUE}" and cannot be overridden`,
      );
  }
  return { ...Object.fromEntries(entries), [UPLINK_LABEL_KEY]: UPLINK_LABEL_VALUE };
}

export function assertValidAnnotations(annotations: unknown): Annotations {
  const entries = objectEntries(annotations, 'annotations', 'INVALID_ANNOTATIONS', MAX_ANNOTATIONS);
  for (const [key, value] of entries) {
    if (!isQualifiedName(key))
      throw new ValidationError(
        'INVALID_ANNOTATIONS',
        `annotation key ${JSON.stringify(key.slice(0, 64))} is not a qualified name ([prefix/]name)`,
      );
    if (typeof value !== 'string' || value.length > MAX_ANNOTATION_VALUE)
      throw new ValidationError(
        'INVALID_ANNOTATIONS',
        `annotation ${key} must be a string of at most ${MAX_ANNOTATION_VALUE} characters`,
      );
  }
  return Object.fromEntries(entries) as Annotations;
}

/** Absent means empty; anything but a plain object is refused. */
function objectEntries(value: unknown, field: string, code: string, max: number): [string, unknown][] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ValidationError(code, `${field} must be an object of string values`);
  const entries = Object.entries(value);
  if (entries.length > max) throw new ValidationError(code, `${field} may have at most ${max} entries`);
  return entries;
}
