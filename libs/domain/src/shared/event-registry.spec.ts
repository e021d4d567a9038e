import { eventRegistry } from '../event-catalog';
import { UnknownEventTypeError } from './event-registry';

describe('event registry', () => {
  it('knows every client event by explicit name and version', () => {
    expect(eventRegistry.types().map((d) => `${d.category}.${d.type}@${d.schemaVersion}`).sort()).toEqual([
      'client.CertificateIssued@1', 'client.CertificateRevoked@1', 'client.ClientEnrolled@1', 'client.ClientRemoved@1',
    ]);
  });
  it('refuses unknown types and bad payloads', () => {
    expect(() => eventRegistry.parse('Nope', 1, {})).toThrow(UnknownEventTypeError);
    expect(() => eventRegistry.parse('ClientEnrolled', 2, {})).toThrow(UnknownEventTypeError);
    expect(() => eventRegistry.parse('ClientEnrolled', 1, { clientId: 1 })).toThrow();
    expect(eventRegistry.parse('ClientRemoved', 1, { clientId: 'a', name: 'n', reason: 'left' }).data).toEqual({ clientId: 'a', name: 'n', reason: 'left' });
  });
});
