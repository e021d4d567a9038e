import { X509Certificate as NodeX509Certificate, webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { x509 } from './crypto-provider';
import { assertCommonName, buildName, MAX_COMMON_NAME_LENGTH } from './distinguished-name';

// Includes characters that RFC 4514 escapes and that @peculiar/x509's string parser would interpret.
const dnSpecial = fc.constantFrom(...',+="\\<>;#\'\n\t '.split(''));
const attributeValue = fc
  .array(fc.oneof(dnSpecial, fc.string({ unit: 'binary', minLength: 1, maxLength: 4 })), {
    minLength: 1,
    maxLength: 16,
  })
  .map((parts) => parts.join(''));

describe('buildName', () => {
  it('encodes any value verbatim as a UTF8String, in the given order', () => {
    fc.assert(
      fc.property(attributeValue, attributeValue, (ou, cn) => {
        const der = buildName([
          ['OU', ou],
          ['CN', cn],
        ]).toArrayBuffer();
        const reparsed = new x509.Name(der);
        expect(reparsed.toJSON()).toEqual([{ OU: [ou] }, { CN: [cn] }]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a leading "#" and backslashes literal', () => {
    const name = new x509.Name(buildName([['CN', '#0c03616263 \\,x"y"']]).toArrayBuffer());
    expect(name.getField('CN')).toEqual(['#0c03616263 \\,x"y"']);
  });

  it('produces names other parsers read the same way', async () => {
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const name = buildName([
      ['O', 'certplane'],
      ['CN', 'a,b+c=d'],
    ]);
    const cert = await x509.X509CertificateGenerator.createSelfSigned({ name, keys });
    // node/OpenSSL prints attributes in encoding order, escaping RFC 2253 specials
    expect(new NodeX509Certificate(Buffer.from(cert.rawData)).subject).toBe('O=certplane\nCN=a\\,b\\+c=d');
  });
});

describe('assertCommonName', () => {
  it('accepts 1 to MAX_COMMON_NAME_LENGTH characters, counting code points', () => {
    expect(() => assertCommonName('a')).not.toThrow();
    expect(() => assertCommonName('😀'.repeat(MAX_COMMON_NAME_LENGTH))).not.toThrow();
  });

  it('rejects empty, too long and malformed text', () => {
    for (const value of ['', 'a'.repeat(MAX_COMMON_NAME_LENGTH + 1), 'bad\uD800', undefined as unknown as string]) {
      expect(() => assertCommonName(value)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
});
