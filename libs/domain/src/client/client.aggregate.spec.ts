import { Client, RegisteredCertificate } from './client.aggregate';
import {
  CertificateAlreadyRegisteredError,
  ClientDisabledError,
  ClientNotFoundError,
  InvalidClientNameError,
  InvalidMetadataError,
  InvalidTagsError,
  InvalidTopicsError,
  ReservedClientNameError,
} from './client.errors';
import { CertificateIssuedData } from './events/certificate-issued.event';
import { clientIdForDetailsSecret, newDetailsSecret } from './client-id';
import { CLIENT_EVENTS, ClientEvent } from './client-events';
import { DomainError } from '../shared/domain-error';
import { Duration } from '../shared/duration';
import { eventRegistry } from '../event-catalog';

const cert = (serialNumber: string, keyOrigin: 'server' | 'csr' = 'server'): CertificateIssuedData => ({
  clientId: 'c',
  serialNumber,
  certificatePem: 'PEM',
  notBefore: '2026-01-01T00:00:00Z',
  notAfter: '2027-01-01T00:00:00Z',
  fingerprintSha256: `fp-${serialNumber}`,
  keyOrigin,
});
const registered = (
  serialNumber: string,
  names: Partial<RegisteredCertificate['names']> = {},
): RegisteredCertificate => ({
  serialNumber,
  certificatePem: 'PEM',
  notBefore: '2026-01-01T00:00:00Z',
  notAfter: '2027-01-01T00:00:00Z',
  fingerprintSha256: `fp-${serialNumber}`,
  names: { commonName: 'user-my-client', ips: [], hostnames: [], ...names },
});
const at = new Date('2026-11-23T00:00:00Z');
const limits = { maxValid: 5, at };
const codeOf = (f: () => unknown) => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as DomainError).code;
  }
};

/** Replays a life step by step: each step decides on the state the previous ones left. */
function live(id: string, ...steps: Array<(c: Client) => ClientEvent[]>): { client: Client; history: ClientEvent[] } {
  let history = Client.enroll({ clientId: id, name: 'my-client', topics: { insert: 'data' } });
  for (const step of steps) history = [...history, ...step(Client.fromHistory(id, history))];
  return { client: Client.fromHistory(id, history), history };
}

describe('Client aggregate', () => {
  const id = clientIdForDetailsSecret(newDetailsSecret());
  const enrolled = Client.enroll({ clientId: id, name: 'my-client', topics: { insert: 'data', query: 'requests' } });

  it('enrolls with a ClientEnrolled event carrying the validated input, exactly as the spine wrote it', () => {
    expect(enrolled).toEqual([
      {
        type: 'ClientEnrolled',
        schemaVersion: 1,
        data: { clientId: id, name: 'my-client', topics: { insert: 'data', query: 'requests' } },
      },
    ]);
  });

  it('adds tags, metadata and a CSR only when given; topics may be left out unless required', () => {
    const [e] = Client.enroll({
      clientId: id,
      name: 'n',
      tags: ['env=prod'],
      metadata: { owner: 'ops', rack: 4 },
      csr: 'CSR',
    });
    expect(e.data).toEqual({
      clientId: id,
      name: 'n',
      topics: {},
      tags: ['env=prod'],
      metadata: { owner: 'ops', rack: 4 },
      csr: 'CSR',
    });
    expect(() => Client.enroll({ clientId: id, name: 'n' }, { topicsRequired: true })).toThrow(InvalidTopicsError);
  });

  it('keeps a validity asked for in seconds, from 5 minutes to the longest the rules allow', () => {
    const rules = { maxValidity: Duration.parse('30d') };
    const [e] = Client.enroll({ clientId: id, name: 'n', validity: '24h' }, rules);
    expect(e.data).toMatchObject({ validitySeconds: 86_400 });
    expect(Client.fromHistory(id, [e]).validitySeconds).toBe(86_400);
    expect(Client.enroll({ clientId: id, name: 'n', validity: Duration.parse('5m') }, rules)[0].data).toMatchObject({
      validitySeconds: 300,
    });
    for (const validity of ['299s', '31d', '1h30m', 24, '', null])
      expect(codeOf(() => Client.enroll({ clientId: id, name: 'n', validity }, rules))).toBe('INVALID_VALIDITY');
    expect(codeOf(() => Client.enroll({ clientId: id, name: 'n', validity: '826d' }))).toBe('INVALID_VALIDITY');
  });

  it('still folds a client enrolled when validity was whole days, as the same validity in seconds', () => {
    const stored = { clientId: id, name: 'n', topics: {}, csr: 'CSR', validityDays: 2 };
    const read = eventRegistry.parseOf(CLIENT_EVENTS, 'ClientEnrolled', 1, stored);
    expect(read.data).toEqual({ clientId: id, name: 'n', topics: {}, csr: 'CSR', validitySeconds: 172_800 });
    const client = Client.fromHistory(id, [read]);
    expect(client.validitySeconds).toBe(172_800);
    expect(client.needsCertificate()).toBe(true);
  });

  it('registers a given certificate in the same decision, and refuses csr together with certificate', () => {
    const events = Client.enroll({ clientId: id, name: 'n', certificate: registered('0a', { commonName: 'user-n' }) });
    expect(events.map((e) => e.type)).toEqual(['ClientEnrolled', 'CertificateRegistered']);
    const c = Client.fromHistory(id, events);
    expect(c.needsCertificate()).toBe(false);
    expect(c.currentCertificate).toMatchObject({ serialNumber: '0a', keyOrigin: 'registered' });
    expect(codeOf(() => Client.enroll({ clientId: id, name: 'n', csr: 'CSR', certificate: registered('0a') }))).toBe(
      'PARAMETERS_NOT_APPROPRIATE',
    );
  });

  it('rejects bad names, topics, tags, metadata and SANs with typed errors', () => {
    expect(() => Client.enroll({ clientId: id, name: 'has space', topics: { a: 'b' } })).toThrow(
      InvalidClientNameError,
    );
    expect(() => Client.enroll({ clientId: id, name: 'server', topics: { a: 'b' } })).toThrow(ReservedClientNameError);
    expect(() => Client.enroll({ clientId: id, name: 'x', topics: {} })).toThrow(InvalidTopicsError);
    expect(() => Client.enroll({ clientId: id, name: 'x', topics: { a: 1 } })).toThrow(InvalidTopicsError);
    expect(() => Client.enroll({ clientId: id, name: 'x', tags: 'a' })).toThrow(InvalidTagsError);
    expect(() => Client.enroll({ clientId: id, name: 'x', metadata: [] })).toThrow(InvalidMetadataError);
    expect(
      codeOf(() =>
        Client.enroll({ clientId: id, name: 'x', hostname: 'ca.example' }, { reservedHostnames: ['CA.example'] }),
      ),
    ).toBe('RESERVED_HOSTNAME');
  });

  it('reads an IP an old event carries in another spelling as its canonical text, so the same address again is no change', () => {
    const [enrolled] = Client.enroll({ clientId: id, name: 'n', ip: '2001:db8::5' });
    const old = { ...enrolled, data: { ...enrolled.data, ip: '2001:DB8:0::5' } } as ClientEvent;
    const client = Client.fromHistory(id, [old]);
    expect(client.sans).toEqual({ ip: '2001:db8::5' });
    expect(client.update({ ip: '2001:0db8::0005' })).toEqual([]);
    const [moved] = client.update({ ip: '::FFFF:192.0.2.9' });
    expect(moved.data).toMatchObject({ ip: '192.0.2.9' });
  });

  it('needs a certificate once, so a redelivered enrolment issues nothing more', () => {
    const c = Client.fromHistory(id, enrolled);
    expect(c.needsCertificate()).toBe(true);
    const issued = c.recordIssuedCertificate(cert('01'), at);
    expect(issued).toHaveLength(1);
    const after = Client.fromHistory(id, [...enrolled, ...issued]);
    expect(after.version).toBe(2);
    expect(after.needsCertificate()).toBe(false);
    expect(after.recordIssuedCertificate(cert('02'), at)).toEqual([]);
  });

  it('removes once and then refuses; a removed client gets no certificate', () => {
    const removed = Client.fromHistory(id, enrolled).leave();
    expect(removed[0].type).toBe('ClientRemoved');
    const gone = Client.fromHistory(id, [...enrolled, ...removed]);
    expect(() => gone.leave()).toThrow(ClientNotFoundError);
    expect(() => gone.delete()).toThrow(ClientNotFoundError);
    expect(() => gone.update({ name: 'x' })).toThrow(ClientNotFoundError);
    expect(gone.recordIssuedCertificate(cert('01'), at)).toEqual([]);
  });

  it.each([
    ['leave', (c: Client) => c.leave(), 'cessationOfOperation'],
    ['delete', (c: Client) => c.delete(), 'cessationOfOperation'],
    ['disable', (c: Client) => c.disable(), 'certificateHold'],
  ])('%s makes each live certificate due for revocation once, with its reason', (_what, end, reason) => {
    const { client, history } = live(id, (c) => c.recordIssuedCertificate(cert('0a'), at), end);
    const revoked = client.revokeDue(at);
    expect(revoked).toEqual([
      {
        type: 'CertificateRevoked',
        schemaVersion: 1,
        data: { clientId: id, serialNumber: '0a', reason, revokedAt: at.toISOString() },
      },
    ]);
    expect(Client.fromHistory(id, [...history, ...revoked]).revokeDue(at)).toEqual([]);
  });

  it('still revokes the held certificate when enable comes before the issuer got to the disable', () => {
    const { client } = live(
      id,
      (c) => c.recordIssuedCertificate(cert('0a'), at),
      (c) => c.disable(),
      (c) => c.enable(),
    );
    expect(client.status).toBe('enabled');
    expect(client.revokeDue(at).map((e) => e.data)).toEqual([
      expect.objectContaining({ serialNumber: '0a', reason: 'certificateHold' }),
    ]);
    expect(client.needsCertificate()).toBe(true);
  });

  it("drops an issuance requested before a disable, and asks again on enable with the client's own CSR", () => {
    const csrClient = Client.fromHistory(id, Client.enroll({ clientId: id, name: 'n', csr: 'CSR-1' }));
    expect(csrClient.pendingIssuance).toEqual({ csr: 'CSR-1', revokeOld: false });
    const disabled = csrClient.evolve(csrClient.disable());
    expect(disabled.needsCertificate()).toBe(false);
    expect(disabled.recordIssuedCertificate(cert('01', 'csr'), at)).toEqual([]);
    const enabled = disabled.evolve(disabled.enable());
    expect(enabled.pendingIssuance).toEqual({ csr: 'CSR-1', revokeOld: false });
  });

  it('disable and enable are idempotent; a disabled client cannot renew or register', () => {
    const { client } = live(id, (c) => c.disable());
    expect(client.disable()).toEqual([]);
    expect(() => client.renew({ revokeOld: false }, limits)).toThrow(ClientDisabledError);
    expect(() => client.registerCertificate(registered('0b'), limits)).toThrow(ClientDisabledError);
    expect(client.update({ tags: ['still-editable'] })).toHaveLength(1);
    expect(client.evolve(client.enable()).enable()).toEqual([]);
  });

  it('renews: the new certificate supersedes the old ones only with revokeOld', () => {
    const keep = live(
      id,
      (c) => c.recordIssuedCertificate(cert('01'), at),
      (c) => c.renew({ revokeOld: false }, limits),
    ).client;
    expect(keep.needsCertificate()).toBe(true);
    expect(keep.recordIssuedCertificate(cert('02'), at).map((e) => e.type)).toEqual(['CertificateIssued']);

    const revoke = live(
      id,
      (c) => c.recordIssuedCertificate(cert('01'), at),
      (c) => c.renew({ revokeOld: true, csr: 'CSR-2' }, limits),
    ).client;
    expect(revoke.pendingIssuance).toEqual({ csr: 'CSR-2', revokeOld: true });
    const decided = revoke.recordIssuedCertificate(cert('02', 'csr'), at);
    expect(
      decided.map((e) => [
        e.type,
        'serialNumber' in e.data ? e.data.serialNumber : undefined,
        'reason' in e.data ? e.data.reason : undefined,
      ]),
    ).toEqual([
      ['CertificateIssued', '02', undefined],
      ['CertificateRevoked', '01', 'superseded'],
    ]);
    const after = revoke.evolve(decided);
    expect(after.liveCertificates.map((c) => c.serialNumber)).toEqual(['02']);
    expect(after.keyCsr).toBe('CSR-2');
  });

  it('registers an existing certificate once; the same serial with other contents is refused', () => {
    const { client } = live(id, (c) => c.registerCertificate(registered('0c'), limits));
    expect(client.currentCertificate).toMatchObject({ serialNumber: '0c', keyOrigin: 'registered' });
    expect(client.registerCertificate(registered('0c'), limits)).toEqual([]);
    expect(() => client.registerCertificate({ ...registered('0c'), fingerprintSha256: 'other' }, limits)).toThrow(
      CertificateAlreadyRegisteredError,
    );
  });

  it("registers only a certificate stating the client's own identity: CN user-<name>, SANs its ip or hostname", () => {
    const withIp = Client.fromHistory(id, Client.enroll({ clientId: id, name: 'my-client', ip: '2001:db8::1' }));
    expect(withIp.registerCertificate(registered('0d', { ips: ['2001:DB8:0:0:0:0:0:1'] }), limits)).toHaveLength(1);
    expect(withIp.registerCertificate(registered('0d'), limits)).toHaveLength(1);
    for (const names of [
      { commonName: 'user-alice' },
      { commonName: null },
      { ips: ['2001:db8::2'] },
      { hostnames: ['alice.example.com'] },
    ]) {
      expect(codeOf(() => withIp.registerCertificate(registered('0d', names), limits))).toBe('INVALID_CERTIFICATE');
    }
    expect(
      codeOf(() =>
        Client.enroll({
          clientId: id,
          name: 'n',
          hostname: 'n.example',
          certificate: registered('0a', { commonName: 'user-n', hostnames: ['other.example'] }),
        }),
      ),
    ).toBe('INVALID_CERTIFICATE');
    expect(
      Client.enroll({
        clientId: id,
        name: 'n',
        hostname: 'N.example',
        certificate: registered('0a', { commonName: 'user-n', hostnames: ['n.EXAMPLE'] }),
      }),
    ).toHaveLength(2);
  });

  it('a rename or SAN change revokes every valid certificate (superseded) in the same decision and asks for one with the new identity', () => {
    const issued = live(
      id,
      (c) => c.recordIssuedCertificate(cert('01', 'csr'), at),
      (c) => c.registerCertificate(registered('02'), limits),
    ).client;
    for (const patch of [{ name: 'renamed' }, { hostname: 'new.example' }]) {
      const decided = issued.update(patch, {}, at);
      expect(
        decided.map((e) => [
          e.type,
          'serialNumber' in e.data ? e.data.serialNumber : undefined,
          'reason' in e.data ? e.data.reason : undefined,
        ]),
      ).toEqual([
        ['ClientUpdated', undefined, undefined],
        ['CertificateRevoked', '01', 'superseded'],
        ['CertificateRevoked', '02', 'superseded'],
        ['CertificateRenewed', undefined, undefined],
      ]);
      const after = issued.evolve(decided);
      expect(after.liveCertificates).toEqual([]);
      expect(after.needsCertificate()).toBe(true);
    }
    // Tags and metadata say nothing a certificate states.
    expect(issued.update({ tags: ['x'] }, {}, at).map((e) => e.type)).toEqual(['ClientUpdated']);
    // Renamed before its first certificate: the enrolment's issuance, still due, takes the new name.
    const fresh = Client.fromHistory(id, Client.enroll({ clientId: id, name: 'n' }));
    expect(fresh.update({ name: 'n2' }, {}, at).map((e) => e.type)).toEqual(['ClientUpdated']);
    expect(fresh.evolve(fresh.update({ name: 'n2' }, {}, at)).needsCertificate()).toBe(true);
    // A disabled client gets its certificate when enabled again; the CSR's key is the one certified.
    const csrClient = Client.fromHistory(id, Client.enroll({ clientId: id, name: 'n', csr: 'CSR-1' }));
    const held = csrClient.evolve(csrClient.recordIssuedCertificate(cert('03', 'csr'), at));
    expect(held.evolve(held.update({ name: 'n2' }, {}, at)).pendingIssuance).toEqual({
      csr: 'CSR-1',
      revokeOld: false,
    });
    const disabled = held.evolve(held.disable());
    const renamed = disabled.update({ name: 'n2' }, {}, at);
    expect(renamed.map((e) => e.type)).toEqual(['ClientUpdated', 'CertificateRevoked']);
    expect(disabled.evolve(renamed).revokeDue(at)).toEqual([]);
  });

  it('a renewal asked for by a certificate supersedes that certificate, and only it', () => {
    const two = live(
      id,
      (c) => c.recordIssuedCertificate(cert('01'), at),
      (c) => c.renew({ revokeOld: false }, limits),
      (c) => c.recordIssuedCertificate(cert('02'), at),
    ).client;
    const asked = two.evolve(two.renew({ revokeOld: false, supersedes: '01' }, limits));
    expect(asked.pendingIssuance).toEqual({ revokeOld: false, supersedes: '01' });
    const decided = asked.recordIssuedCertificate(cert('03'), at);
    expect(decided.map((e) => [e.type, 'serialNumber' in e.data ? e.data.serialNumber : undefined])).toEqual([
      ['CertificateIssued', '03'],
      ['CertificateRevoked', '01'],
    ]);
    // A serial that is not a valid certificate of this client is not recorded.
    expect(two.renew({ revokeOld: false, supersedes: 'ff' }, limits)[0].data).toEqual({
      clientId: id,
      revokeOld: false,
    });
  });

  it('decides nothing for the same certificate asking again for the same CSR while its renewal is pending, and renews for another CSR', () => {
    const one = live(id, (c) => c.recordIssuedCertificate(cert('01'), at)).client;
    const asked = one.evolve(one.renew({ csr: 'CSR-A', revokeOld: false, supersedes: '01' }, limits));
    expect(asked.renew({ csr: 'CSR-A', revokeOld: false, supersedes: '01' }, limits)).toEqual([]);
    expect(asked.renew({ csr: 'CSR-B', revokeOld: false, supersedes: '01' }, limits).map((e) => e.type)).toEqual([
      'CertificateRenewed',
    ]);
    expect(asked.renew({ csr: 'CSR-A', revokeOld: false }, limits).map((e) => e.type)).toEqual(['CertificateRenewed']);
  });

  it('a certificate its renewal already superseded in the store renews nothing more: the same CSR is the repeat, another is refused', () => {
    const one = live(id, (c) => c.recordIssuedCertificate(cert('01'), at)).client;
    const asked = one.evolve(one.renew({ csr: 'CSR-A', revokeOld: false, supersedes: '01' }, limits));
    const issued = asked.evolve(asked.recordIssuedCertificate(cert('02'), at));
    expect(issued.certificates.find((c) => c.serialNumber === '01')?.revocation?.reason).toBe('superseded');
    expect(issued.renew({ csr: 'CSR-A', revokeOld: false, supersedes: '01' }, limits)).toEqual([]);
    expect(() => issued.renew({ csr: 'CSR-B', revokeOld: false, supersedes: '01' }, limits)).toThrow(
      expect.objectContaining({ code: 'CERTIFICATE_ALREADY_REVOKED' }),
    );
  });

  it('refuses a renewal or registration that would take the client over its valid certificates, not one that replaces', () => {
    const full = live(
      id,
      ...['01', '02', '03'].map(
        (s) => (c: Client) =>
          c
            .recordIssuedCertificate(cert(s), at)
            .concat(c.evolve(c.recordIssuedCertificate(cert(s), at)).renew({ revokeOld: false }, limits)),
      ),
    ).client;
    const three = { maxValid: 3, at };
    expect(full.validCertificates(at)).toHaveLength(3);
    expect(codeOf(() => full.renew({ revokeOld: false }, three))).toBe('CERTIFICATE_LIMIT_REACHED');
    expect(codeOf(() => full.registerCertificate(registered('0e'), three))).toBe('CERTIFICATE_LIMIT_REACHED');
    expect(full.renew({ revokeOld: true }, three)).toHaveLength(1);
    expect(full.renew({ revokeOld: false, supersedes: '02' }, three)).toHaveLength(1);
    expect(full.renew({ revokeOld: false }, limits)).toHaveLength(1);
    // Expired certificates do not count.
    expect(full.renew({ revokeOld: false }, { maxValid: 3, at: new Date('2027-06-01T00:00:00Z') })).toHaveLength(1);
  });

  it('updates only what changed, and a SAN change replaces the SAN', () => {
    const c = Client.fromHistory(
      id,
      Client.enroll({ clientId: id, name: 'n', ip: '192.0.2.1', tags: ['a'], metadata: { k: 'v' } }),
    );
    expect(c.update({ name: 'n', tags: ['a'], metadata: { k: 'v' }, ip: '192.0.2.1' })).toEqual([]);
    const [e] = c.update({ name: 'n2', hostname: 'h.example' });
    expect(e.data).toEqual({ clientId: id, name: 'n2', ip: null, hostname: 'h.example' });
    const after = c.evolve([e]);
    expect(after.sans).toEqual({ hostname: 'h.example' });
    expect(after.evolve(after.update({ hostname: null })).sans).toEqual({});
    expect(codeOf(() => c.update({ ip: '192.0.2.2', hostname: 'h' }))).toBe('PARAMETERS_NOT_APPROPRIATE');
    expect(codeOf(() => c.update({ hostname: 'localhost' }))).toBe('RESERVED_HOSTNAME');
    expect(codeOf(() => c.update({ name: 'server' }))).toBe('RESERVED_NAME');
  });

  describe('revoking one certificate and releasing a hold', () => {
    const issued = (c: Client) => c.recordIssuedCertificate(cert('0a'), at);
    const revoke = (serial: string, reason: unknown) => (c: Client) => c.revokeCertificate(serial, reason, at);

    it('revokes with any RFC 5280 reason for a client certificate, and refuses any other reason', () => {
      for (const reason of [
        'unspecified',
        'keyCompromise',
        'affiliationChanged',
        'superseded',
        'cessationOfOperation',
        'certificateHold',
        'privilegeWithdrawn',
      ]) {
        expect(live(id, issued).client.revokeCertificate('0a', reason, at)).toEqual([
          {
            type: 'CertificateRevoked',
            schemaVersion: 1,
            data: { clientId: id, serialNumber: '0a', reason, revokedAt: at.toISOString() },
          },
        ]);
      }
      for (const reason of [
        'removeFromCRL',
        'cACompromise',
        'aACompromise',
        'KeyCompromise',
        'key_compromise',
        '',
        1,
        null,
        undefined,
        ['keyCompromise'],
        'toString',
        '__proto__',
      ]) {
        expect(codeOf(() => live(id, issued).client.revokeCertificate('0a', reason, at))).toBe(
          'INVALID_REVOCATION_REASON',
        );
      }
    });

    it('refuses a serial the client does not hold, and one already revoked, whatever the reason', () => {
      const { client } = live(id, issued, revoke('0a', 'keyCompromise'));
      expect(codeOf(() => client.revokeCertificate('0b', 'keyCompromise', at))).toBe('CERTIFICATE_NOT_FOUND');
      for (const reason of ['keyCompromise', 'superseded', 'certificateHold'])
        expect(codeOf(() => client.revokeCertificate('0a', reason, at))).toBe('CERTIFICATE_ALREADY_REVOKED');
      expect(codeOf(() => client.releaseHold('0a', limits))).toBe('CERTIFICATE_NOT_ON_HOLD');
    });

    it('a released hold makes the certificate valid again; a hold can also become final', () => {
      const { client, history } = live(id, issued, revoke('0a', 'certificateHold'));
      expect(client.validCertificates(at)).toEqual([]);
      const released = client.releaseHold('0a', limits);
      expect(released).toEqual([
        {
          type: 'CertificateHoldReleased',
          schemaVersion: 1,
          data: { clientId: id, serialNumber: '0a', releasedAt: at.toISOString() },
        },
      ]);
      const after = Client.fromHistory(id, [...history, ...released]);
      expect(after.validCertificates(at).map((c) => c.serialNumber)).toEqual(['0a']);
      expect(codeOf(() => after.releaseHold('0a', limits))).toBe('CERTIFICATE_NOT_ON_HOLD');
      const final = client.evolve(client.revokeCertificate('0a', 'keyCompromise', at));
      expect(final.certificates[0].revocation?.reason).toBe('keyCompromise');
      expect(codeOf(() => final.releaseHold('0a', limits))).toBe('CERTIFICATE_NOT_ON_HOLD');
    });

    it("a disable's hold is not released, nor a hold of a disabled client's certificate; a disabled client releases nothing", () => {
      const disabled = live(
        id,
        issued,
        (c) => c.disable(),
        (c) => c.revokeDue(at),
        (c) => c.enable(),
      ).client;
      expect(disabled.certificates[0].revocation?.reason).toBe('certificateHold');
      expect(codeOf(() => disabled.releaseHold('0a', limits))).toBe('CERTIFICATE_NOT_ON_HOLD');
      expect(codeOf(() => disabled.revokeCertificate('0a', 'keyCompromise', at))).toBe('CERTIFICATE_ALREADY_REVOKED');
      const heldWhileDisabled = live(
        id,
        issued,
        (c) => c.disable(),
        revoke('0a', 'certificateHold'),
        (c) => c.enable(),
      ).client;
      expect(heldWhileDisabled.revokeDue(at)).toEqual([]);
      expect(codeOf(() => heldWhileDisabled.releaseHold('0a', limits))).toBe('CERTIFICATE_NOT_ON_HOLD');
      const stillDisabled = live(id, issued, revoke('0a', 'certificateHold'), (c) => c.disable()).client;
      expect(codeOf(() => stillDisabled.releaseHold('0a', limits))).toBe('CLIENT_DISABLED');
      expect(stillDisabled.evolve(stillDisabled.enable()).releaseHold('0a', limits)).toHaveLength(1);
    });

    it("a revocation overtakes a disable's or delete's due one, so the issuer does not revoke it twice", () => {
      const { client } = live(id, issued, (c) => c.delete(), revoke('0a', 'keyCompromise'));
      expect(client.revokeDue(at)).toEqual([]);
      expect(client.certificates[0].revocation?.reason).toBe('keyCompromise');
    });

    it('a rename keeps a held certificate held: it states the old name', () => {
      const { client } = live(id, issued, revoke('0a', 'certificateHold'), (c) => c.update({ name: 'new-name' }));
      expect(codeOf(() => client.releaseHold('0a', limits))).toBe('CERTIFICATE_NOT_ON_HOLD');
      const tagged = live(id, issued, revoke('0a', 'certificateHold'), (c) => c.update({ tags: ['x'] })).client;
      expect(tagged.releaseHold('0a', limits)).toHaveLength(1);
    });

    it('releases only within the limit of valid certificates', () => {
      const { client } = live(
        id,
        issued,
        revoke('0a', 'certificateHold'),
        (c) => c.renew({ revokeOld: false }, limits),
        (c) => c.recordIssuedCertificate(cert('0b'), at),
      );
      expect(codeOf(() => client.releaseHold('0a', { maxValid: 1, at }))).toBe('CERTIFICATE_LIMIT_REACHED');
      expect(client.releaseHold('0a', { maxValid: 2, at })).toHaveLength(1);
    });
  });

  it('refuses a history that does not start with enrolment', () => {
    expect(() => Client.fromHistory(id, [])).toThrow(ClientNotFoundError);
  });
});
