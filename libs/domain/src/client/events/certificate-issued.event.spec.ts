import { eventRegistry } from '../../event-catalog';

describe('CertificateIssued v1', () => {
  const asFirstWritten = {
    clientId: 'c0ffee00-0000-4000-8000-000000000001',
    serialNumber: '0a1b',
    certificatePem: '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n',
    notBefore: '2026-11-23T00:00:00.000Z',
    notAfter: '2027-11-23T00:00:00.000Z',
    fingerprintSha256: 'ab'.repeat(32),
    keyOrigin: 'server',
  };

  it('still reads events written before the names were added, without inventing them', () => {
    const { data } = eventRegistry.parse('CertificateIssued', 1, asFirstWritten);
    expect(data).toEqual(asFirstWritten);
  });

  it('keeps the CN and SANs the issuer states, and refuses them malformed', () => {
    const names = { commonName: 'user-edge-1', ips: ['192.0.2.1', '2001:db8::1'], hostnames: ['edge-1.example'] };
    expect(eventRegistry.parse('CertificateIssued', 1, { ...asFirstWritten, ...names }).data).toEqual({
      ...asFirstWritten,
      ...names,
    });
    expect(() => eventRegistry.parse('CertificateIssued', 1, { ...asFirstWritten, ips: '192.0.2.1' })).toThrow();
  });

  it('keeps the issuer that signed it', () => {
    const issuerId = 'a7063e7d-d05c-8686-802e-09935afafa3d';
    expect(eventRegistry.parse('CertificateIssued', 1, { ...asFirstWritten, issuerId }).data).toEqual({
      ...asFirstWritten,
      issuerId,
    });
  });
});
