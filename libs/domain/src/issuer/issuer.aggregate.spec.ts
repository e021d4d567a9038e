import { IssuerEvent } from './issuer-events';
import { Issuer } from './issuer.aggregate';

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

  it('is not found without its creation', () => {
    expect(() => Issuer.fromHistory('x', [])).toThrow(expect.objectContaining({ code: 'ISSUER_NOT_FOUND' }));
  });
});
