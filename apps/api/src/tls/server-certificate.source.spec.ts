import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, TlsConfig } from '@certplane/config';
import { createCertificateAuthority, issueServerCertificate, LoadedCertificateAuthority } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';
import { SERVER_CERTIFICATE_VALIDITY_DAYS, ServerCertificateSource } from './server-certificate.source';

const DAY = 86_400_000;
const tls = (over: Partial<TlsConfig> = {}): TlsConfig => ({
  enabled: true,
  port: 0,
  hostnames: ['localhost'],
  ips: ['127.0.0.1'],
  ...over,
});
/** A store whose only issuer, active, is `ca`. */
const storeOf = (ca: LoadedCertificateAuthority) =>
  ({
    get: async () => ca,
    issuers: async () => ({ all: [{ ca }], unavailable: [] }),
  }) as unknown as CertificateAuthorityStore;

describe('ServerCertificateSource', () => {
  let ca: LoadedCertificateAuthority;
  let dir: string;
  const noReservation = async () => {};
  beforeAll(async () => {
    ({ ca } = await createCertificateAuthority({ validityDays: 3650 }));
    dir = mkdtempSync(join(tmpdir(), 'cp-server-cert-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renews it from the active issuer once its own issuer has retired, and not before', async () => {
    const { ca: successor } = await createCertificateAuthority({ validityDays: 3650 });
    let active = ca;
    let trusted = [ca];
    const source = new ServerCertificateSource(
      tls(),
      {
        get: async () => active,
        issuers: async () => ({ all: trusted.map((c) => ({ ca: c })), unavailable: [] }),
      } as unknown as CertificateAuthorityStore,
      noReservation,
    );
    const first = await source.get();
    active = successor;
    trusted = [ca, successor];
    expect(await source.refresh()).toBeUndefined();
    trusted = [successor];
    const renewed = await source.refresh();
    expect(
      new X509Certificate(renewed!.certificatePem).checkIssued(new X509Certificate(successor.certificatePem)),
    ).toBe(true);
    expect(renewed!.certificatePem).not.toBe(first.certificatePem);
  });

  it('issues one from the CA for the configured names, and renews it once two thirds of its life are gone', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const reserved: string[] = [];
    const source = new ServerCertificateSource(
      tls({ hostnames: ['localhost', 'api.example'] }),
      storeOf(ca),
      async (serial) => void reserved.push(serial),
      () => now,
    );
    const first = await source.get();
    const cert = new X509Certificate(first.certificatePem);
    expect(cert.checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
    expect(cert.checkHost('api.example')).toBe('api.example');
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(await source.get()).toBe(first);

    now = new Date(now.getTime() + (SERVER_CERTIFICATE_VALIDITY_DAYS / 2) * DAY);
    expect(await source.refresh()).toBeUndefined();
    now = new Date(now.getTime() + (SERVER_CERTIFICATE_VALIDITY_DAYS / 4) * DAY);
    const renewed = await source.refresh();
    expect(renewed?.certificatePem).not.toBe(first.certificatePem);
    expect(renewed!.notAfter.getTime()).toBeGreaterThan(first.notAfter.getTime());
    expect(await source.get()).toBe(renewed);
    // Each serial is claimed before the certificate is served, so no client can register it.
    expect(reserved).toEqual(
      [first, renewed!].map((c) =>
        new X509Certificate(c.certificatePem).serialNumber.toLowerCase().replace(/^(00)+(?=..)/, ''),
      ),
    );
  });

  it('serves PEM files as given, and picks up a rotated pair on refresh', async () => {
    const write = async (name: string) => {
      const issued = await issueServerCertificate(ca, {
        commonName: name,
        hostnames: ['localhost'],
        ips: [],
        validityDays: 10,
      });
      writeFileSync(join(dir, 'tls.crt'), issued.certificatePem);
      writeFileSync(join(dir, 'tls.key'), issued.privateKeyPem);
      return issued;
    };
    const given = await write('one');
    const source = new ServerCertificateSource(
      tls({ certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key') }),
      storeOf(ca),
      noReservation,
    );
    expect((await source.get()).certificatePem).toBe(given.certificatePem);
    expect(await source.refresh()).toBeUndefined();
    const rotated = await write('two');
    expect((await source.refresh())?.certificatePem).toBe(rotated.certificatePem);
  });

  it('names the variable when a file is missing, is not a certificate, or holds another key, and never quotes the key', async () => {
    const a = await issueServerCertificate(ca, {
      commonName: 'a',
      hostnames: ['localhost'],
      ips: [],
      validityDays: 10,
    });
    const b = await issueServerCertificate(ca, {
      commonName: 'b',
      hostnames: ['localhost'],
      ips: [],
      validityDays: 10,
    });
    writeFileSync(join(dir, 'a.crt'), a.certificatePem);
    writeFileSync(join(dir, 'b.key'), b.privateKeyPem);
    writeFileSync(join(dir, 'junk'), 'not a pem');
    const load = (certFile: string, keyFile: string) =>
      new ServerCertificateSource(
        tls({ certFile: join(dir, certFile), keyFile: join(dir, keyFile) }),
        storeOf(ca),
        noReservation,
      ).get();
    await expect(load('missing.crt', 'b.key')).rejects.toThrow(
      /^Invalid configuration: CERTPLANE_TLS_CERT_FILE cannot be read/,
    );
    await expect(load('junk', 'b.key')).rejects.toThrow(
      /^Invalid configuration: CERTPLANE_TLS_CERT_FILE does not hold a PEM certificate/,
    );
    await expect(load('a.crt', 'junk')).rejects.toThrow(
      /^Invalid configuration: CERTPLANE_TLS_KEY_FILE does not hold an unencrypted PEM private key/,
    );
    const mismatch = await load('a.crt', 'b.key').catch((e: Error) => e);
    expect(mismatch).toBeInstanceOf(ConfigError);
    expect((mismatch as Error).message).toMatch(
      /CERTPLANE_TLS_KEY_FILE does not hold the private key of the certificate/,
    );
    expect((mismatch as Error).message).not.toContain('PRIVATE KEY');
  });
});
