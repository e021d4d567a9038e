import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { createCertificateAuthority } from './certificate-authority';
import { certificateToPem } from './certificate-pem';
import { x509 } from './crypto-provider';
import {
  exportPrivateKeyPem,
  generateKeyPair,
  importPrivateKeyPem,
  keysMatch,
  privateKeyPemMatchesCertificate,
} from './key-pair';

describe('key pairs', () => {
  it('matches a private key only with its own public key', async () => {
    const [a, b] = await Promise.all([generateKeyPair(), generateKeyPair()]);
    expect(await keysMatch(a.privateKey, a.publicKey)).toBe(true);
    expect(await keysMatch(a.privateKey, b.publicKey)).toBe(false);
  });

  it('exports PKCS#8 PEM that imports back as a non-extractable signing key', async () => {
    const keys = await generateKeyPair();
    const pem = exportPrivateKeyPem(keys.privateKey);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const imported = await importPrivateKeyPem(pem);
    expect(imported.extractable).toBe(false);
    expect(await keysMatch(imported, keys.publicKey)).toBe(true);
  });

  it('refuses keys that are not unencrypted P-256 PEM', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const encrypted = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'secret',
    });
    for (const pem of ['', 'garbage', p384, encrypted.toString()]) {
      await expect(importPrivateKeyPem(pem)).rejects.toMatchObject({ code: 'INVALID_PRIVATE_KEY' });
    }
  });
});

describe('privateKeyPemMatchesCertificate', () => {
  it('is true for the certificate key and false for another key', async () => {
    const { material } = await createCertificateAuthority({ validityDays: 1 });
    const other = exportPrivateKeyPem((await generateKeyPair()).privateKey);
    expect(await privateKeyPemMatchesCertificate(material.privateKeyPem, material.certificatePem)).toBe(true);
    expect(await privateKeyPemMatchesCertificate(other, material.certificatePem)).toBe(false);
  });

  it('is false for a certificate whose key is not P-256', async () => {
    const p384 = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify']);
    const p384Cert = await x509.X509CertificateGenerator.createSelfSigned({ name: 'CN=p384', keys: p384 });
    const key = exportPrivateKeyPem((await generateKeyPair()).privateKey);
    expect(await privateKeyPemMatchesCertificate(key, certificateToPem(p384Cert))).toBe(false);
  });

  it('throws on unparsable input', async () => {
    const { material } = await createCertificateAuthority({ validityDays: 1 });
    await expect(privateKeyPemMatchesCertificate('garbage', material.certificatePem)).rejects.toMatchObject({
      code: 'INVALID_PRIVATE_KEY',
    });
    await expect(privateKeyPemMatchesCertificate(material.privateKeyPem, 'garbage')).rejects.toMatchObject({
      code: 'INVALID_CERTIFICATE',
    });
  });
});
