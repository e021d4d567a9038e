import { Client } from './client.aggregate';
import { ClientNotFoundError, InvalidClientNameError, ReservedClientNameError, InvalidTopicsError } from './client.errors';
import { CertificateIssuedData } from './events/certificate-issued.event';
import { newClientId } from './client-id';
import { DomainEvent } from '../shared/domain-event';

const cert = (serialNumber: string): CertificateIssuedData => ({
  clientId: 'c', serialNumber, certificatePem: 'PEM', notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z', fingerprintSha256: 'ab', keyOrigin: 'server',
});

describe('Client aggregate', () => {
  const id = newClientId();
  const enrolled = Client.enroll({ clientId: id, name: 'my-client', topics: { insert: 'data', query: 'requests' } });

  it('enrolls with a ClientEnrolled event carrying the validated input', () => {
    expect(enrolled).toEqual([{ type: 'ClientEnrolled', schemaVersion: 1, data: { clientId: id, name: 'my-client', topics: { insert: 'data', query: 'requests' } } }]);
  });

  it('rejects bad names and topics with typed errors', () => {
    expect(() => Client.enroll({ clientId: id, name: 'has space', topics: { a: 'b' } })).toThrow(InvalidClientNameError);
    expect(() => Client.enroll({ clientId: id, name: 'server', topics: { a: 'b' } })).toThrow(ReservedClientNameError);
    expect(() => Client.enroll({ clientId: id, name: 'x', topics: {} })).toThrow(InvalidTopicsError);
    expect(() => Client.enroll({ clientId: id, name: 'x', topics: { a: 1 } })).toThrow(InvalidTopicsError);
  });

  it('needs a certificate once, so a redelivered enrolment issues nothing more', () => {
    const c = Client.fromHistory(id, enrolled);
    expect(c.needsCertificate()).toBe(true);
    const issued = c.recordIssuedCertificate(cert('01'));
    expect(issued).toHaveLength(1);
    const after = Client.fromHistory(id, [...enrolled, ...issued]);
    expect(after.version).toBe(2);
    expect(after.needsCertificate()).toBe(false);
    expect(after.recordIssuedCertificate(cert('02'))).toEqual([]);
  });

  it('removes once and then refuses; a removed client gets no certificate', () => {
    const removed = Client.fromHistory(id, enrolled).remove();
    expect(removed[0].type).toBe('ClientRemoved');
    const gone = Client.fromHistory(id, [...enrolled, ...removed]);
    expect(() => gone.remove()).toThrow(ClientNotFoundError);
    expect(gone.recordIssuedCertificate(cert('01'))).toEqual([]);
  });

  it('revokes each live certificate once', () => {
    const history: DomainEvent[] = [...enrolled, ...Client.fromHistory(id, enrolled).recordIssuedCertificate(cert('0a'))];
    const at = new Date('2026-11-23T00:00:00Z');
    const revoked = Client.fromHistory(id, history).revokeCertificates('cessationOfOperation', at);
    expect(revoked).toEqual([{ type: 'CertificateRevoked', schemaVersion: 1, data: { clientId: id, serialNumber: '0a', reason: 'cessationOfOperation', revokedAt: at.toISOString() } }]);
    expect(Client.fromHistory(id, [...history, ...revoked]).revokeCertificates('cessationOfOperation', at)).toEqual([]);
  });

  it('refuses a history that does not start with enrolment', () => {
    expect(() => Client.fromHistory(id, [])).toThrow(ClientNotFoundError);
  });
});
