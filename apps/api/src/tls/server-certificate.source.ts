import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { TlsConfig, ConfigError } from '@certplane/config';
import { certificateToPem, issueServerCertificate } from '@certplane/pki';
import { CertificateAuthorityStore } from '@certplane/vault';

export interface ServerCertificate {
  certificatePem: string;
  privateKeyPem: string;
  notBefore: Date;
  notAfter: Date;
}

// Issued anew at every start, so a short life costs nothing; renewed in place once two thirds of it are gone.
export const SERVER_CERTIFICATE_VALIDITY_DAYS = 90;
const SERVER_COMMON_NAME = 'certplane server';

/**
 * The HTTPS listener's certificate: the operator's PEM files (CERTPLANE_TLS_CERT_FILE / _KEY_FILE), read again on
 * each refresh so a rotated file is picked up without a restart; otherwise one issued by certplane's CA for the
 * configured names, whose key never leaves this process. Only its serial is stored (reserved, as a client
 * certificate's is): clients trust the CA chain (cluster.crt), not this certificate, so a new one at each
 * start is invisible to them.
 */
export class ServerCertificateSource {
  private current?: ServerCertificate;
  /** The certificate of the issuer that signed `current` */
  private issuedBy?: string;

  constructor(
    private readonly tls: TlsConfig,
    private readonly caStore: CertificateAuthorityStore,
    /** Claims the serial of each certificate this source issues, so no client can ever register it. */
    private readonly reserveSerial: (serialNumber: string) => Promise<void>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The certificate to serve now. */
  async get(): Promise<ServerCertificate> {
    this.current ??= await this.obtain();
    return this.current;
  }

  /**
   * A replacement when one is due, else undefined. Files: their content changed. Issued: two thirds of its life
   * gone, or its issuer retired (it left the trust bundle clients verify this certificate with). Not at an
   * activation: clients still holding only the previous issuer's chain keep trusting this one.
   */
  async refresh(): Promise<ServerCertificate | undefined> {
    const current = await this.get();
    if (this.tls.certFile) {
      const reread = await this.obtain();
      if (reread.certificatePem === current.certificatePem && reread.privateKeyPem === current.privateKeyPem)
        return undefined;
      return (this.current = reread);
    }
    const renewAt = current.notBefore.getTime() + ((current.notAfter.getTime() - current.notBefore.getTime()) * 2) / 3;
    const { all, unavailable } = await this.caStore.issuers();
    const trusted = [
      ...all.map((i) => i.ca.certificatePem),
      ...unavailable.map((i) => certificateToPem(i.certificate)),
    ];
    if (this.now().getTime() < renewAt && trusted.includes(this.issuedBy!)) return undefined;
    return (this.current = await this.obtain());
  }

  private async obtain(): Promise<ServerCertificate> {
    if (this.tls.certFile && this.tls.keyFile) return readPemFiles(this.tls.certFile, this.tls.keyFile);
    const ca = await this.caStore.get();
    const issued = await issueServerCertificate(ca, {
      commonName: SERVER_COMMON_NAME,
      hostnames: this.tls.hostnames,
      ips: this.tls.ips,
      validityDays: SERVER_CERTIFICATE_VALIDITY_DAYS,
      now: this.now(),
    });
    await this.reserveSerial(issued.serialNumber);
    this.issuedBy = ca.certificatePem;
    return {
      certificatePem: issued.certificatePem,
      privateKeyPem: issued.privateKeyPem,
      notBefore: issued.notBefore,
      notAfter: issued.notAfter,
    };
  }
}

/** Checked here so a wrong file stops start-up naming the variable, not later as an opaque TLS error; never quotes the key. */
async function readPemFiles(certFile: string, keyFile: string): Promise<ServerCertificate> {
  const read = (path: string, variable: string) =>
    readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new ConfigError(variable, `cannot be read (${e.code ?? e.message})`);
    });
  const [certificatePem, privateKeyPem] = await Promise.all([
    read(certFile, 'CERTPLANE_TLS_CERT_FILE'),
    read(keyFile, 'CERTPLANE_TLS_KEY_FILE'),
  ]);
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new ConfigError('CERTPLANE_TLS_CERT_FILE', 'does not hold a PEM certificate');
  }
  let matches: boolean;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(privateKeyPem));
  } catch {
    throw new ConfigError('CERTPLANE_TLS_KEY_FILE', 'does not hold an unencrypted PEM private key');
  }
  if (!matches)
    throw new ConfigError(
      'CERTPLANE_TLS_KEY_FILE',
      'does not hold the private key of the certificate in CERTPLANE_TLS_CERT_FILE',
    );
  return {
    certificatePem,
    privateKeyPem,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
  };
}
