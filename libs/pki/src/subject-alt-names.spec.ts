import { isIPv6 } from 'node:net';
import fc from 'fast-check';
import { x509 } from './crypto-provider';
import { PkiError } from './pki.errors';
import { canonicalIp, isValidHostname, MAX_SANS, subjectAltNameExtension } from './subject-alt-names';

/** Independent reference: the 16 bytes an IPv6 text denotes (groups, "::" and an IPv4 tail). */
function ipv6Bytes(text: string): number[] {
  const groupsOf = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (group.includes('.')) {
            const [a, b, c, d] = group.split('.').map(Number);
            return [(a << 8) | b, (c << 8) | d];
          }
          return [parseInt(group, 16)];
        });
  const [head, tail] = text.split('::');
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
}

/** An IPv4-mapped address (::ffff:a.b.c.d), which canonicalIp unwraps to its IPv4 address. */
const isMapped = (bytes: number[]): boolean =>
  bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;

/** The IP entries of an encoded SAN extension, as raw octets. */
function encodedIpOctets(ext: x509.SubjectAlternativeNameExtension): number[][] {
  const reparsed = new x509.SubjectAlternativeNameExtension(ext.rawData);
  return reparsed.names.items
    .filter((name) => name.type === 'ip')
    .map((name) => [...new Uint8Array(name.rawData).slice(2)]); // after the [7] tag and length
}

describe('canonicalIp', () => {
  it('leaves dotted-quad IPv4 alone', () => {
    fc.assert(fc.property(fc.ipV4(), (ip) => expect(canonicalIp(ip)).toBe(ip)));
  });

  it('puts any IPv6 text into one stable RFC 5952 form that denotes the same address', () => {
    fc.assert(
      fc.property(
        fc.ipV6().filter((ip) => !isMapped(ipv6Bytes(ip))),
        (ip) => {
          const canonical = canonicalIp(ip);
          expect(isIPv6(canonical)).toBe(true);
          expect(canonical).toMatch(/^[0-9a-f:]+$/);
          expect(canonicalIp(canonical)).toBe(canonical);
          expect(ipv6Bytes(canonical)).toEqual(ipv6Bytes(ip));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('unwraps an IPv4-mapped address, which @peculiar/x509 would otherwise mis-encode', () => {
    expect(canonicalIp('::ffff:1.2.3.4')).toBe('1.2.3.4');
    expect(canonicalIp('::ffff:0102:0304')).toBe('1.2.3.4');
    expect(canonicalIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIp('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
  });

  it('rejects what is not a plain address', () => {
    const invalid = ['', 'localhost', '1.2.3', '01.2.3.4', '1.2.3.256', '10.0.0.0/8', 'fe80::1%eth0', ':::1', '[::1]'];
    for (const text of invalid) {
      expect(() => canonicalIp(text)).toThrow(PkiError);
    }
  });
});

describe('isValidHostname', () => {
  it('accepts LDH domain names, and underscores', () => {
    fc.assert(fc.property(fc.domain(), (hostname) => expect(isValidHostname(hostname)).toBe(true)));
    expect(isValidHostname('localhost')).toBe(true);
    expect(isValidHostname('API-1.Example.com')).toBe(true);
    expect(isValidHostname('_service.my_host.internal')).toBe(true);
  });

  it('rejects anything a DNS SAN should not carry', () => {
    const invalid = [
      '',
      'a..b',
      '.a.com',
      'a.com.',
      '-a.com',
      'a-.com',
      '*.a.com',
      'a%b.com',
      'münchen.de',
      'a b.com',
      '1.2.3.4',
      `${'a'.repeat(64)}.com`,
      Array(64).fill('abc').join('.'), // 255 characters
    ];
    for (const hostname of invalid) expect(isValidHostname(hostname)).toBe(false);
    expect(isValidHostname(`${'a'.repeat(63)}.com`)).toBe(true);
  });
});

describe('subjectAltNameExtension', () => {
  it('is undefined when there are no names', () => {
    expect(subjectAltNameExtension({})).toBeUndefined();
    expect(subjectAltNameExtension({ ips: [], hostnames: [] })).toBeUndefined();
  });

  it('encodes every IP as the octets its text denotes', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.ipV4(), fc.ipV6()), { minLength: 1, maxLength: 10 }), (ips) => {
        const ext = subjectAltNameExtension({ ips })!;
        const expected = ips.map((ip) =>
          !isIPv6(ip) ? ip.split('.').map(Number) : isMapped(ipv6Bytes(ip)) ? ipv6Bytes(ip).slice(12) : ipv6Bytes(ip),
        );
        expect(encodedIpOctets(ext)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('allows at most MAX_SANS names', () => {
    const hostnames = Array.from({ length: MAX_SANS }, (_, i) => `h${i}.example.com`);
    expect(subjectAltNameExtension({ hostnames })).toBeDefined();
    expect(() => subjectAltNameExtension({ hostnames, ips: ['10.0.0.1'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });

  it('rejects invalid hostnames and addresses', () => {
    expect(() => subjectAltNameExtension({ hostnames: ['*.example.com'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => subjectAltNameExtension({ ips: ['::ffff:1.2.3.4.5'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});
