import fc from 'fast-check';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ContentInfo, id_signedData, SignedData } from '@peculiar/asn1-cms';
import { certsOnlyPkcs7, decodeEstBase64, encodeEstBase64, estCsrAttributes } from './est-wire';
import { createCertificateAuthority } from './certificate-authority';
import { PkiError } from './pki.errors';

const codeOf = (f: () => unknown) => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof PkiError ? e.code : 'NOT_A_PKI_ERROR';
  }
};

describe('EST wire formats (RFC 7030)', () => {
  it('decodes what it encodes, whatever line breaks a client puts in', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.constantFrom('\r\n', '\n', ''), (der, eol) => {
        const text = encodeEstBase64(der).replace(/\r\n/g, eol);
        return Buffer.from(decodeEstBase64(text)).equals(Buffer.from(der));
      }),
    );
  });

  it('refuses anything that is not strict base64: other characters, bad padding, truncation, nothing', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 3, maxLength: 300 }),
        fc.nat(),
        fc.constantFrom('!', '-', '_', '.', '%', 'é'),
        (der, at, bad) => {
          const text = Buffer.from(der).toString('base64');
          const i = at % text.length;
          return codeOf(() => decodeEstBase64(text.slice(0, i) + bad + text.slice(i + 1))) === 'INVALID_BASE64';
        },
      ),
    );
    for (const bad of ['', '\r\n', 'QUJD=', 'QUJ', 'QQ==QQ==', '-----BEGIN CERTIFICATE REQUEST-----'])
      expect(codeOf(() => decodeEstBase64(bad))).toBe('INVALID_BASE64');
  });

  it('writes a certs-only SignedData: version 1, no content, no signers, the certificates in order', async () => {
    const { material } = await createCertificateAuthority({ validityDays: 10 });
    const der = certsOnlyPkcs7([material.certificatePem, material.certificatePem]);
    const info = AsnConvert.parse(der, ContentInfo);
    expect(info.contentType).toBe(id_signedData);
    const sd = AsnConvert.parse(info.content, SignedData);
    expect(sd.version).toBe(1);
    expect(sd.signerInfos).toHaveLength(0);
    expect(sd.digestAlgorithms).toHaveLength(0);
    expect(sd.encapContentInfo.eContent).toBeUndefined();
    expect(sd.certificates).toHaveLength(2);
  });

  it('asks for a P-256 key signed with ecdsa-with-SHA256', () => {
    // SEQUENCE { ecdsa-with-SHA256, SEQUENCE { id-ecPublicKey, SET { secp256r1 } } }, as RFC 7030 4.5.2's example writes it.
    expect(Buffer.from(estCsrAttributes()).toString('hex')).toBe(
      '3021' + '06082a8648ce3d040302' + '3015' + '06072a8648ce3d0201' + '310a' + '06082a8648ce3d030107',
    );
  });

  it('asks under a profile for its key type: P-384 with SHA-384, RSA with its size, Ed25519', () => {
    expect(Buffer.from(estCsrAttributes('ec-p256')).toString('hex')).toBe(
      Buffer.from(estCsrAttributes()).toString('hex'),
    );
    expect(Buffer.from(estCsrAttributes('ec-p384')).toString('hex')).toBe(
      '301e' + '06082a8648ce3d040303' + '3012' + '06072a8648ce3d0201' + '3107' + '06052b81040022',
    );
    // SEQUENCE { sha256WithRSAEncryption, SEQUENCE { rsaEncryption, SET { INTEGER 3072 } } }
    expect(Buffer.from(estCsrAttributes('rsa-3072')).toString('hex')).toBe(
      '301e' + '06092a864886f70d01010b' + '3011' + '06092a864886f70d010101' + '3104' + '02020c00',
    );
    expect(Buffer.from(estCsrAttributes('rsa-2048')).toString('hex')).toContain('02020800');
    expect(Buffer.from(estCsrAttributes('ed25519')).toString('hex')).toBe('3005' + '06032b6570');
  });
});
