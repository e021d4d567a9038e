import { isIPv4 } from 'node:net';
import { hasDnsNameLabels, IpAddress, isAbsoluteUri, isEmailAddress } from '@certplane/domain';
import { x509 } from './crypto-provider';
import { PkiError } from './pki.errors';

/** Upper bound on SAN entries per certificate (Boulder uses the same limit). */
export const MAX_SANS = 100;

export interface SubjectAltNames {
  ips: string[];
  hostnames: string[];
  /** Absolute URIs (isAbsoluteUri), e.g. SPIFFE IDs; only where a profile allows them */
  uris?: string[];
  /** rfc822Names (isEmailAddress); only where a profile allows them */
  emails?: string[];
}

const MAX_HOSTNAME_LENGTH = 253;

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
  return typeof text === 'string' && text.length <= MAX_HOSTNAME_LENGTH && !isIPv4(text) && hasDnsNameLabels(text);
}

/** Validates and canonicalises the names: IPs in canonical text, the others as given. */
export function validateSubjectAltNames(names: Partial<SubjectAltNames>): SubjectAltNames {
  const ips = (names.ips ?? []).map(canonicalIp);
  const hostnames = names.hostnames ?? [];
  const uris = names.uris ?? [];
  const emails = names.emails ?? [];
  for (const [list, valid, kind] of [
    [hostnames, isValidHostname, 'hostname'],
    [uris, isAbsoluteUri, 'absolute URI'],
    [emails, isEmailAddress, 'e-mail address'],
  ] as const) {
    const bad = list.find((name) => typeof name !== 'string' || !valid(name));
    if (bad !== undefined)
      throw new PkiError('INVALID_INPUT', `not a valid ${kind}: ${JSON.stringify(String(bad)).slice(0, 80)}`);
  }
  if (sanCount({ ips, hostnames, uris, emails }) > MAX_SANS) {
    throw new PkiError('INVALID_INPUT', `at most ${MAX_SANS} subject alternative names are allowed`);
  }
  return { ips, hostnames, ...(uris.length > 0 ? { uris } : {}), ...(emails.length > 0 ? { emails } : {}) };
}

export function sanCount(names: SubjectAltNames): number {
  return names.ips.length + names.hostnames.length + (names.uris?.length ?? 0) + (names.emails?.length ?? 0);
}

/** Undefined when there are no names, because an empty SAN is invalid. */
export function subjectAltNameExtension(
  names: Partial<SubjectAltNames>,
): x509.SubjectAlternativeNameExtension | undefined {
  const valid = validateSubjectAltNames(names);
  if (sanCount(valid) === 0) return undefined;
  return new x509.SubjectAlternativeNameExtension([
    ...valid.ips.map((value) => ({ type: 'ip' as const, value })),
    ...valid.hostnames.map((value) => ({ type: 'dns' as const, value })),
    ...(valid.uris ?? []).map((value) => ({ type: 'url' as const, value })),
    ...(valid.emails ?? []).map((value) => ({ type: 'email' as const, value })),
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

/** Every SAN a certificate states, by kind, as a reader sees them; kinds certplane does not issue are `other`. */
export function readAllSubjectAltNames(cert: x509.X509Certificate): Required<SubjectAltNames> & { other: string[] } {
  const names = cert.getExtensions(x509.SubjectAlternativeNameExtension).flatMap((ext) => ext.names.items);
  const of = (type: string) => names.filter((name) => name.type === type).map((name) => name.value);
  return {
    ...readSubjectAltNames(cert),
    uris: of('url'),
    emails: of('email'),
    other: names.filter((n) => !['ip', 'dns', 'url', 'email'].includes(n.type)).map((n) => n.type),
  };
}
