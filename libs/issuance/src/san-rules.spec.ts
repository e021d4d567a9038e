import fc from 'fast-check';
import { assertValidSans, DomainError, IpAddress } from '@certplane/domain';
import { canonicalIp, isValidHostname } from '@certplane/pki';

/**
 * The issuer hands domain-validated SANs to the PKI. If the two rule sets disagreed, a client
 * could be enrolled whose certificate can never be issued.
 */
describe('SAN rules of the domain and the PKI', () => {
  const accepted = (hostname: string) => {
    try {
      assertValidSans({ hostname });
      return true;
    } catch (e) {
      return (e as DomainError).code === 'RESERVED_HOSTNAME';
    }
  };

  it('accept exactly the same hostnames', () => {
    const hostChar = fc.constantFrom(...'ab-_.0Z9'.split(''));
    fc.assert(
      fc.property(
        fc.string({ unit: hostChar, minLength: 1, maxLength: 60 }),
        (h) => accepted(h) === isValidHostname(h),
      ),
      { numRuns: 2000 },
    );
  });

  // A registered certificate's ip SAN (as the PKI reads it) is held to the client's ip (as it was given).
  it('agree on when two ips are one address', () => {
    const ip = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom('2001:db8::1', '2001:DB8:0:0:0:0:0:1', '::ffff:192.0.2.1', '::ffff:c000:201', '192.0.2.1'),
    );
    const same = (a: string, b: string) => IpAddress.canonicalText(a) === IpAddress.canonicalText(b);
    fc.assert(
      fc.property(ip, ip, (a, b) => same(a, canonicalIp(a)) && same(a, b) === (canonicalIp(a) === canonicalIp(b))),
      { numRuns: 2000 },
    );
  });
});
