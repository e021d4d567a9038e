import { isIPv4 } from 'node:net';
import { IpAddress } from '@certplane/domain';
import { x509 } from './crypto-provider';
import { PkiError } from './pki.errors';

/** Upper bound on SAN entries per certificate (Boulder uses the same limit). */
export const MAX_SANS = 100;

export interface SubjectAltNames {
  ips: string[];
  hostnames: string[];
}

const MAX_HOSTNAME_LENGTH = 253;
// LDH labels, plus "_": not preferred-name syntax, but common in private DNS and accepted by TLS stacks.
const HOSTNAME_LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/i;

/**
 * The canonical text of an IP address (IpAddress in @certplane/domain: dotted quad, RFC 5952 for IPv6, IPv4-mapped
 * unwrapped). This matters beyond cosmetics: @peculiar/x509's IP encoder does not understand "::ffff:1.2.3.4" and
 * silently encodes it as ::ffff:1.
 */
export function canonicalIp(text: string): string {
  const ip = IpAddress.tryParse(text);
  if (!ip) throw new PkiError('INVALID_INPUT', `not an IPv4 or IPv6 address: ${JSON.stringify(String(text))}`);
  return ip.text;
}

/**
 * A DNS name of non-empty labels of letters, digits, hyphens and underscores. No Unicode (a dNSName is an
 * IA5String; IDNs must arrive as A-labels) and no wildcards, which mean nothing for a client.
 */
export function isValidHostname(text: string): boolean {
  return (
    typeof text === 'string' &&
    text.length <= MAX_HOSTNAME_LENGTH &&
    !isIPv4(text) &&
    text.split('.').every((label) => HOSTNAME_LABEL.test(label))
  );
}

/** Validates and canonicalises the names: IPs in canonical text, hostnames as given. */
export function validateSubjectAltNames(names: Partial<SubjectAltNames>): SubjectAltNames {
  const ips = (names.ips ?? []).map(canonicalIp);
  const hostnames = names.hostnames ?? [];
  for (const hostname of hostnames) {
    if (!isValidHostname(hostname)) {
      throw new PkiError('INVALID_INPUT', `not a valid hostname: ${JSON.stringify(String(hostname))}`);
    }
  }
  if (ips.length + hostnames.length > MAX_SANS) {
    throw new PkiError('INVALID_INPUT', `at most ${MAX_SANS} IP addresses and hostnames are allowed`);
  }
  return { ips, hostnames };
}

/** Undefined when there are no names, because an empty SAN is invalid. */
export function subjectAltNameExtension(
  names: Partial<SubjectAltNames>,
): x509.SubjectAlternativeNameExtension | undefined {
  const { ips, hostnames } = validateSubjectAltNames(names);
  if (ips.length + hostnames.length === 0) return undefined;
  return new x509.SubjectAlternativeNameExtension([
    ...ips.map((value) => ({ type: 'ip' as const, value })),
    ...hostnames.map((value) => ({ type: 'dns' as const, value })),
  ]);
}

/** The iPAddress octets (4 or 16) of an address in canonicalIp form. */
export function ipAddressOctets(canonical: string): Buffer {
  return Buffer.from(IpAddress.parse(canonical).octets());
}

export function readSubjectAltNames(cert: x509.X509Certificate): SubjectAltNames {
  const names = cert.getExtensions(x509.SubjectAlternativeNameExtension).flatMap((ext) => ext.names.items);
  return {
    ips: names.filter((name) => name.type === 'ip').map((name) => name.value),
    hostnames: names.filter((name) => name.type === 'dns').map((name) => name.value),
  };
}
