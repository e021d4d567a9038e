import { isIP } from 'node:net';
import { ValidationError } from '../shared/domain-error';

export interface ClientSans {
  ip?: string;
  hostname?: string;
}

const HOSTNAME_PATTERN = /^[A-Za-z0-9_.-]{1,60}$/;
// Each dot-separated label must be non-empty and not start or end with '-', or no certificate can carry it.
const HOSTNAME_LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$/;
const RESERVED_HOSTNAMES = ['localhost'];

/**
 * One rule set for every way a client gets an identity: the SAN ends up in a certificate that
 * relying parties trust, so addresses nobody can own are refused.
 */
export function assertValidSans(input: { ip?: unknown; hostname?: unknown }, reservedHostnames: readonly string[] = []): ClientSans {
  const { ip, hostname } = input;
  if (ip !== undefined && hostname !== undefined) throw new ValidationError('PARAMETERS_NOT_APPROPRIATE', 'give either ip or hostname, not both');
  if (ip !== undefined) {
    // Zone ids (fe80::1%eth0) are addresses to a host but mean nothing in a certificate.
    if (typeof ip !== 'string' || isIP(ip) === 0 || ip.includes('%')) throw new ValidationError('INVALID_IP_ADDRESS', 'ip must be an IPv4 or IPv6 address');
    if (isReservedIp(ip)) throw new ValidationError('RESERVED_IP_ADDRESS', 'ip must not be an unspecified, loopback, broadcast or multicast address');
    return { ip };
  }
  if (hostname !== undefined) {
    if (typeof hostname !== 'string' || !HOSTNAME_PATTERN.test(hostname) || isIP(hostname) !== 0 || !hostname.split('.').every((l) => HOSTNAME_LABEL.test(l))) {
      throw new ValidationError('INVALID_HOSTNAME', 'hostname must be 1-60 characters of A-Z a-z 0-9 _ . - in dot-separated labels that do not start or end with -');
    }
    const lower = hostname.toLowerCase();
    if (RESERVED_HOSTNAMES.includes(lower) || reservedHostnames.some((h) => h.toLowerCase() === lower)) throw new ValidationError('RESERVED_HOSTNAME', `the hostname "${hostname}" is reserved`);
    return { hostname };
  }
  return {};
}

/** Whether two valid ip SANs name the same address, whatever their spelling (IPv6 zero compression, case). */
export function sameIp(a: string, b: string): boolean {
  if (a === b) return true;
  const version = isIP(a);
  if (version !== isIP(b)) return false;
  if (version === 4) return a === b;
  const [x, y] = [a, b].map((ip) => expandIpv6(dottedTailAsGroups(ip.toLowerCase())));
  return x.length === 8 && x.every((g, i) => g === y[i]);
}

/** "::ffff:192.0.2.1" → "::ffff:c000:201": an IPv6 address ending in IPv4 notation, as eight groups. */
function dottedTailAsGroups(v: string): string {
  const m = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) return v;
  const [a, b, c, d] = m.slice(2).map(Number);
  return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

export function isReservedIp(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a] = ip.split('.').map(Number);
    return ip === '0.0.0.0' || ip === '255.255.255.255' || a === 127 || (a >= 224 && a <= 239);
  }
  const v = ip.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) return isReservedIp(mapped[1]);
  return expandIpv6(v).every((g) => g === 0) || isLoopbackV6(v) || v.startsWith('ff');
}

function isLoopbackV6(v: string): boolean {
  const groups = expandIpv6(v);
  return groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1;
}

function expandIpv6(v: string): number[] {
  const [head, tail] = v.includes('::') ? v.split('::') : [v, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => (g.includes('.') ? NaN : parseInt(g || '0', 16)));
}
