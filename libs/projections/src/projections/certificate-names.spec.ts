import fc from 'fast-check';
import {
  createCertificateAuthority,
  issueClientCertificate,
  LoadedCertificateAuthority,
  parseCertificatePem,
  PkiError,
  summarizeCertificate,
} from '@certplane/pki';
import { issuedNames } from '@certplane/issuance';
import { certificateNames, issuedCertificateNames } from './certificate-names';

const reference = (pem: string) => {
  const { commonName, subjectAltNames } = summarizeCertificate(parseCertificatePem(pem));
  return { commonName, subjectAltNames };
};

describe('certificateNames', () => {
  let ca: LoadedCertificateAuthority;
  let caPem: string;
  beforeAll(async () => {
    const created = await createCertificateAuthority({ validityDays: 30 });
    ca = created.ca;
    caPem = created.material.certificatePem;
  });

  it('reads what summarizeCertificate reads, for any name and SANs certplane issues', async () => {
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ minLength: 1, maxLength: 40 }),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
          fc.constantFrom('a, b', 'x+y', 'q"uote', 'back\\slash', 'e=mc2', ' lead', 'trail '),
        ),
        fc.option(fc.oneof(ipv4, fc.ipV6()), { nil: undefined }),
        fc.option(fc.domain(), { nil: undefined }),
        async (commonName, ip, hostname) => {
          let pem: string;
          try {
            pem = (
              await issueClientCertificate(ca, {
                commonName,
                ips: ip ? [ip] : undefined,
                hostnames: hostname ? [hostname] : undefined,
                validitySeconds: 86_400,
              })
            ).certificatePem;
          } catch (e) {
            if (e instanceof PkiError) return; // not a certificate certplane would issue
            throw e;
          }
          expect(certificateNames(pem)).toEqual(reference(pem));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('projects the same names from what CertificateIssued states as from its PEM (older events carry only the PEM)', async () => {
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
    // Uppercase and uncompressed IPv6: the issuer must state them as the certificate reads back.
    const ipv6 = fc.oneof(
      fc.ipV6(),
      fc.ipV6().map((ip) => ip.toUpperCase()),
      fc.constant('2001:DB8:0:0:0:0:0:1'),
      fc.constant('::ffff:192.0.2.1'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('user-edge-1', 'a, b', 'q"uote')),
        fc.array(fc.oneof(ipv4, ipv6), { maxLength: 3 }),
        fc.array(fc.domain(), { maxLength: 3 }),
        async (commonName, ips, hostnames) => {
          let pem: string;
          try {
            pem = (await issueClientCertificate(ca, { commonName, ips, hostnames, validitySeconds: 86_400 }))
              .certificatePem;
          } catch (e) {
            if (e instanceof PkiError) return;
            throw e;
          }
          const stated = issuedCertificateNames({
            certificatePem: pem,
            ...issuedNames({ commonName, ips, hostnames }),
          });
          expect(stated).toEqual(issuedCertificateNames({ certificatePem: pem }));
          expect(stated).toEqual(reference(pem));
        },
      ),
      { numRuns: 80 },
    );
  });

  it('reads the CA certificate (several name attributes, no SANs) like summarizeCertificate', () => {
    expect(certificateNames(caPem)).toEqual(reference(caPem));
  });

  it('rejects what is not a certificate as the strict parser does', () => {
    expect(() => certificateNames('not a certificate')).toThrow(PkiError);
  });
});
