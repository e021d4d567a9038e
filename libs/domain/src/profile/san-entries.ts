import { ValidationError } from '../shared/domain-error';
import { IpAddress } from '../client/ip-address';
import { IpBlock } from '../client/ip-block';
import { CertificateProfile, SAN_KINDS, SanKind } from './certificate-profile';

/** One subject alternative name a client asks for, `{"type":"dns","value":"a.svc.example.com"}`. */
export interface SanEntry {
  type: SanKind;
  value: string;
}

const MAX_ENTRIES = 100;
const DNS_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
// RFC 3986 characters only: a uniformResourceIdentifier is an IA5String, and anything else is a spelling trick.
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
const EMAIL_LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;

/**
 * Checks and canonicalises a `sans` list: known kinds, each value well formed for its kind (DNS names
 * lowercase, IPs in canonical text, URIs absolute, e-mail addresses local@domain), no entry twice.
 * INVALID_SANS names the entry; nothing of a long value is echoed.
 */
export function assertValidSanEntries(input: unknown): SanEntry[] {
  if (!Array.isArray(input)) throw invalid('sans must be an array of {"type","value"}');
  if (input.length > MAX_ENTRIES) throw invalid(`sans may hold at most ${MAX_ENTRIES} entries`);
  const entries = input.map((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw invalid(`sans[${i}] must be an object {"type","value"}`);
    const { type, value, ...rest } = entry as Record<string, unknown>;
    if (Object.keys(rest).length > 0) throw invalid(`sans[${i}] has fields other than type and value`);
    if (!SAN_KINDS.includes(type as SanKind)) throw invalid(`sans[${i}].type must be one of ${SAN_KINDS.join(', ')}`);
    if (typeof value !== 'string') throw invalid(`sans[${i}].value must be a string`);
    const canonical = canonicalSan(type as SanKind, value);
    if (canonical === undefined) throw invalid(`sans[${i}].value is not a valid ${type} name`);
    return { type: type as SanKind, value: canonical };
  });
  const keys = entries.map(sanKey);
  if (new Set(keys).size !== keys.length) throw invalid('sans must not name the same name twice');
  return entries;
}

/** The canonical form of a value of a kind, or undefined when it is not one. */
export function canonicalSan(kind: SanKind, value: string): string | undefined {
  switch (kind) {
    case 'dns':
      return isDnsName(value) ? value.toLowerCase() : undefined;
    case 'ip': {
      const ip = IpAddress.tryParse(value);
      return ip && !ip.isReserved ? ip.text : undefined;
    }
    case 'uri':
      return isAbsoluteUri(value) ? value : undefined;
    case 'email':
      return isEmailAddress(value) ? value : undefined;
  }
}

export function isDnsName(value: string): boolean {
  return (
    value.length <= 253 &&
    IpAddress.tryParse(value) === undefined &&
    value
      .toLowerCase()
      .split('.')
      .every((label) => DNS_LABEL.test(label))
  );
}

export function isAbsoluteUri(value: string): boolean {
  if (value.length > 1024 || !URI_CHARACTERS.test(value) || !/^[A-Za-z][A-Za-z0-9+.-]*:./.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export function isEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  return (
    at > 0 &&
    value.length <= 254 &&
    EMAIL_LOCAL_PART.test(value.slice(0, at)) &&
    !value.slice(0, at).startsWith('.') &&
    isDnsName(value.slice(at + 1))
  );
}

/** What one holder reserves: DNS names and e-mail domains compare without case. */
export function sanKey({ type, value }: SanEntry): string {
  if (type === 'dns') return `dns:${value.toLowerCase()}`;
  if (type === 'email') {
    const at = value.lastIndexOf('@');
    return `email:${value.slice(0, at)}@${value.slice(at + 1).toLowerCase()}`;
  }
  return `${type}:${value}`;
}

/**
 * Holds the names a client asks for to its profile: no more of a kind than it allows (none of a kind
 * it does not list), each matching one of the kind's patterns when it has any.
 */
export function assertSansAllowedBy(
  profile: CertificateProfile,
  profileName: string,
  entries: readonly SanEntry[],
): void {
  for (const kind of SAN_KINDS) {
    const ofKind = entries.filter((e) => e.type === kind);
    const rule = profile.sans[kind];
    if (ofKind.length === 0) continue;
    if (!rule || rule.max === 0)
      throw new ValidationError('SAN_KIND_NOT_ALLOWED', `the profile "${profileName}" allows no ${kind} names`);
    if (ofKind.length > rule.max)
      throw new ValidationError(
        'TOO_MANY_SANS',
        `the profile "${profileName}" allows at most ${rule.max} ${kind} name(s)`,
      );
    const patterns = rule.patterns ?? [];
    for (const entry of ofKind) {
      if (patterns.length > 0 && !patterns.some((p) => sanMatches(kind, p, entry.value))) {
        throw new ValidationError(
          'SAN_PATTERN_MISMATCH',
          `a ${kind} name does not match the patterns of the profile "${profileName}"`,
        );
      }
    }
  }
}

/** `*` stands for one or more characters within a DNS label or a URI path segment (never `.` or `/`); IPs match CIDR blocks. */
export function sanMatches(kind: SanKind, pattern: string, value: string): boolean {
  if (kind === 'ip') return inCidr(pattern, value);
  const stop = kind === 'uri' ? '/' : kind === 'email' ? '@.' : '.';
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join(`[^${stop.replace(/[.\\/]/g, '\\$&')}]+`);
  return new RegExp(`^${source}$`, kind === 'uri' ? '' : 'i').test(value);
}

function inCidr(cidr: string, value: string): boolean {
  return IpBlock.tryParse(cidr)?.contains(value) ?? false;
}

function invalid(message: string): ValidationError {
  return new ValidationError('INVALID_SANS', message);
}
