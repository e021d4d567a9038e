import { createPrivateKey, createPublicKey } from 'node:crypto';
import { KEY_TYPES } from '@certplane/domain';
import { keyTypeOf, parseCertificateSigningRequest } from '@certplane/pki';
import { newClientKey } from './client-key';

describe('newClientKey', () => {
  it.each(KEY_TYPES)('makes a %s key and a CSR certplane takes for it, signed by it', async (keyType) => {
    const { privateKeyPem, csrPem } = await newClientKey('user-device-1', keyType);
    const csr = await parseCertificateSigningRequest(csrPem);
    expect(csr.keyType).toBe(keyType);
    expect(keyTypeOf(createPrivateKey(privateKeyPem))).toBe(keyType);
    expect(createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' })).toEqual(
      csr.publicKey.export({ type: 'spki', format: 'der' }),
    );
  });

  it('makes a P-256 key when no key type is given, the default profile’s', async () => {
    expect((await parseCertificateSigningRequest((await newClientKey('user-x')).csrPem)).keyType).toBe('ec-p256');
  });
});
