import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { DEFAULT_PROFILE } from '@certplane/domain';
import { parseCertificatePem } from './certificate-pem';
import { readDerElement } from './der';
import { FastCertificateTemplate } from './fast-certificate-template';
import golden from './fixtures/main-default-profile.json';

const tbsOf = (pem: string) => {
  const der = Buffer.from(parseCertificatePem(pem).rawData);
  const tbs = readDerElement(der, readDerElement(der, 0, 0x30).contentStart, 0x30);
  return der.subarray(tbs.start, tbs.end).toString('hex');
};

describe('the default profile', () => {
  // Only the CA certificate is in the fixture: the TBSCertificate does not depend on the CA's key.
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const publicKey = createPublicKey({ key: Buffer.from(golden.leafSpkiHex, 'hex'), format: 'der', type: 'spki' });

  it.each(golden.certificates.map((c) => [c.input.commonName, c] as const))(
    'issues %s byte for byte as certplane did before profiles',
    (_, c) => {
      for (const profile of [undefined, DEFAULT_PROFILE]) {
        const template = FastCertificateTemplate.fromSigningMaterial(
          { certificatePem: golden.caCertificatePem, signingKey },
          profile,
        );
        // Recorded when validity was whole days: the same window in seconds.
        const { validityDays, ...input } = c.input;
        const issued = template.issue(
          { ...input, validitySeconds: validityDays * 86_400, now: new Date(c.input.now), publicKey },
          Buffer.from(c.serialHex, 'hex'),
        );
        expect(tbsOf(issued.certificatePem)).toBe(c.tbsHex);
      }
    },
  );
});
