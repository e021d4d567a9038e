import { ValidationError } from '../shared/domain-error';
import { hasDnsNameLabels } from '../shared/dns-name';
import { IpAddress } from './ip-address';

export interface ClientSans {
  ip?: string;
  hostname?: string;
}

const HOSTNAME_PATTERN = /^[A-Za-z0-9_.-]{1,60}$/;
const RESERVED_HOSTNAMES = ['localhost'];

/**
 * One rule set for every way a client gets an identity: the SAN ends up in a certificate that
 * relying parties trust, so addresses nobody can own are refused.
 */
export function assertValidSans(
  input: { ip?: unknown; hostname?: unknown },
  reservedHostnames: readonly string[] = [],
): ClientSans {
  const { ip, hostname } = input;
  if (ip !== undefined && hostname !== undefined)
    throw new ValidationError('PARAMETERS_NOT_APPROPRIATE', 'give either ip or hostname, not both');
  if (ip !== undefined) {
    const address = IpAddress.parse(ip);
    if (address.isReserved)
      throw new ValidationError(
        'RESERVED_IP_ADDRESS',
        'ip must not be an unspecified, loopback, broadcast or multicast address',
      );
    return { ip: address.text };
  }
  if (hostname !== undefined) {
    if (
      typeof hostname !== 'string' ||
      !HOSTNAME_PATTERN.test(hostname) ||
      IpAddress.tryParse(hostname) !== undefined ||
      !hasDnsNameLabels(hostname)
    ) {
      throw new ValidationError(
        'INVALID_HOSTNAME',
        'hostname must be 1-60 characters of A-Z a-z 0-9 _ . - in dot-separated labels that do not start or end with -',
      );
    }
    const lower = hostname.toLowerCase();
    if (RESERVED_HOSTNAMES.includes(lower) || reservedHostnames.some((h) => h.toLowerCase() === lower))
      throw new ValidationError('RESERVED_HOSTNAME', `the hostname "${hostname}" is reserved`);
    return { hostname };
  }
  return {};
}
