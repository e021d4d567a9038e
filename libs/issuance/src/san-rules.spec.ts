import fc from 'fast-check';
import { assertValidSans, DomainError } from '@certplane/domain';
import { isValidHostname } from '@certplane/pki';

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
    fc.assert(fc.property(fc.string({ unit: hostChar, minLength: 1, maxLength: 60 }), (h) => accepted(h) === isValidHostname(h)), { numRuns: 2000 });
  });
});
