import { IssuerEvent } from './issuer-events';
import { Issuer, SUPERSEDED_SIGNING_GRACE_MS } from './issuer.aggregate';

const NOW = new Date('2026-12-05T10:00:00Z');
const cert = (notAfter: string) => ({ certificatePem: 'PEM', chainPem: '', notAfter });

/** The creation's events, then each step's decision on the state so far. */
const fold = (id: string, create: () => IssuerEvent[], ...steps: ((i: Issuer) => IssuerEvent[])[]): Issuer => {
  let history = create();
  for (const step of steps) history = [...history, ...step(Issuer.fromHistory(id, history))];
  return Issuer.fromHistory(id, history);
};

describe('Issuer', () => {
  const root = () => Issuer.createWithCertificate('a', 'root', 'issuer:a', cert('2030-01-01T00:00:00Z'));

  it('is ready when created with its certificate, and active once activated', () => {
    expect(Issuer.fromHistory('a', root()).status).toBe('ready');
    const active = fold('a', root, (i) => i.activate('z', NOW));
    expect(active.status).toBe('active');
    expect(active.version).toBe(2);
  });

  it('activating the active issuer decides nothing', () => {
    const active = fold('a', root, (i) => i.activate(undefined, NOW));
    expect(active.activate(undefined, NOW)).toEqual([]);
  });

  it('is superseded only when active', () => {
    expect(Issuer.fromHistory('a', root()).supersede('b')).toEqual([]);
    const superseded = fold(
      'a',
      root,
      (i) => i.activate(undefined, NOW),
      (i) => i.supersede('b'),
    );
    expect(superseded.status).toBe('superseded');
    // A superseded issuer may be made active again while it has not expired.
    expect(superseded.activate('b', NOW)).toHaveLength(1);
  });

  it('refuses to activate an intermediate without its certificate, or an expired issuer', () => {
    const pending = Issuer.fromHistory('p', Issuer.createIntermediate('p', 'issuer:p', 'CSR'));
    expect(pending.status).toBe('pending');
    expect(() => pending.activate(undefined, NOW)).toThrow(expect.objectContaining({ code: 'ISSUER_NOT_READY' }));
    const expired = Issuer.fromHistory(
      'e',
      Issuer.createWithCertificate('e', 'root', 'issuer:e', cert('2026-12-05T09:59:59Z')),
    );
    expect(() => expired.activate(undefined, NOW)).toThrow(expect.objectContaining({ code: 'ISSUER_EXPIRED' }));
  });

  it('takes a certificate only while pending', () => {
    const installed = fold(
      'p',
      () => Issuer.createIntermediate('p', 'issuer:p', 'CSR'),
      (i) => i.installCertificate(cert('2030-01-01T00:00:00Z')),
    );
    expect(installed.status).toBe('ready');
    expect(installed.certificate?.notAfter).toBe('2030-01-01T00:00:00Z');
    expect(() => installed.installCertificate(cert('2031-01-01T00:00:00Z'))).toThrow(
      expect.objectContaining({ code: 'ISSUER_NOT_PENDING' }),
    );
  });

  describe('retirement', () => {
    const HOUR_MS = 3_600_000;
    const supersededAt = new Date(NOW.getTime() - HOUR_MS);
    /** Active, then superseded at `supersededAt` (as the event store stamps it). */
    const superseded = (notAfter = '2030-01-01T00:00:00Z') => {
      const history = [
        ...Issuer.createWithCertificate('a', 'root', 'issuer:a', cert(notAfter)),
        ...Issuer.fromHistory('a', Issuer.createWithCertificate('a', 'root', 'issuer:a', cert(notAfter))).activate(
          undefined,
          new Date('2026-01-01T00:00:00Z'),
        ),
      ];
      const events = Issuer.fromHistory('a', history).supersede('b');
      return Issuer.fromHistory('a', [...history, ...events.map((e) => ({ ...e, recordedAt: supersededAt }))]);
    };

    it('retires a superseded issuer once the last certificate it signed has expired, and never the active one', () => {
      const active = fold('a', root, (i) => i.activate(undefined, NOW));
      expect(active.retire(NOW, undefined)).toEqual([]);
      const old = superseded();
      expect(old.retire(NOW, new Date(NOW.getTime() + 1000))).toEqual([]);
      const [retired] = old.retire(NOW, new Date(NOW.getTime() - 1000));
      expect(retired).toMatchObject({
        type: 'IssuerRetired',
        data: { issuerId: 'a', reason: 'certificates-expired', lastCertificateNotAfter: '2026-12-05T09:59:59.000Z' },
      });
      const after = Issuer.fromHistory('a', [...root(), retired]);
      expect(after.status).toBe('retired');
      expect(after.retire(NOW, undefined)).toEqual([]);
    });

    it('waits out the grace after its supersession, for processes that still signed with it', () => {
      const old = superseded();
      const tooSoon = new Date(supersededAt.getTime() + SUPERSEDED_SIGNING_GRACE_MS - 1);
      expect(old.retire(tooSoon, undefined)).toEqual([]);
      expect(old.retire(new Date(supersededAt.getTime() + SUPERSEDED_SIGNING_GRACE_MS), undefined)).toHaveLength(1);
    });

    it('retires an issuer past its own notAfter unless it is active; a retired issuer cannot be activated', () => {
      const ready = Issuer.fromHistory(
        'r',
        Issuer.createWithCertificate('r', 'root', 'issuer:r', cert('2026-12-05T09:00:00Z')),
      );
      const [retired] = ready.retire(NOW, undefined);
      expect(retired).toMatchObject({ type: 'IssuerRetired', data: { reason: 'expired' } });
      expect(superseded('2026-12-05T09:00:00Z').retire(NOW, new Date('2027-01-01T00:00:00Z'))[0]).toMatchObject({
        data: { reason: 'expired' },
      });
      const activeExpired = fold(
        'e',
        () => Issuer.createWithCertificate('e', 'root', 'issuer:e', cert('2026-12-05T11:00:00Z')),
        (i) => i.activate(undefined, NOW),
      );
      expect(activeExpired.retire(new Date('2026-12-06T00:00:00Z'), undefined)).toEqual([]);
      const gone = Issuer.fromHistory('r', [
        ...Issuer.createWithCertificate('r', 'root', 'issuer:r', cert('2030-01-01T00:00:00Z')),
        retired,
      ]);
      expect(() => gone.activate(undefined, NOW)).toThrow(expect.objectContaining({ code: 'ISSUER_RETIRED' }));
    });

    it('leaves a ready issuer that has not expired, and an intermediate still pending', () => {
      expect(Issuer.fromHistory('a', root()).retire(NOW, undefined)).toEqual([]);
      expect(Issuer.fromHistory('p', Issuer.createIntermediate('p', 'issuer:p', 'CSR')).retire(NOW, undefined)).toEqual(
        [],
      );
    });
  });

  it('is not found without its creation', () => {
    expect(() => Issuer.fromHistory('x', [])).toThrow(expect.objectContaining({ code: 'ISSUER_NOT_FOUND' }));
  });
});
