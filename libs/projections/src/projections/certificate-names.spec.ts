import fc from 'fast-check';
import { createCertificateAuthority, issueClientCertificate, LoadedCertificateAuthority, parseCertificatePem, PkiError, summarizeCertificate } from '@certplane/pki';
import { certificateNames } from './certificate-names';

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
        fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), fc.constantFrom('a, b', 'x+y', 'q"uote', 'back\\slash', 'e=mc2', ' lead', 'trail ')),
        fc.option(fc.oneof(ipv4, fc.ipV6()), { nil: undefined }),
        fc.option(fc.domain(), { nil: undefined }),
        async (commonName, ip, hostname) => {
          let pem: string;
          try {
            pem = (await issueClientCertificate(ca, { commonName, ips: ip ? [ip] : undefined, hostnames: hostname ? [hostname] : undefined, validityDays: 1 })).certificatePem;
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

  it('reads the CA certificate (several name attributes, no SANs) like summarizeCertificate', () => {
    expect(certificateNames(caPem)).toEqual(reference(caPem));
  });

  it('rejects what is not a certificate as the strict parser does', () => {
    expect(() => certificateNames('not a certificate')).toThrow(PkiError);
  });
});
