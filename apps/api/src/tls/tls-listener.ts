import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { RequestListener } from 'node:http';
import { createServer, Server } from 'node:https';
import { SecureContextOptions } from 'node:tls';
import { CertplaneConfig, CONFIG } from '@certplane/config';
import { listenServer, listeningUrl } from '@certplane/observability';
import { APP_LOGGER, AppLogger } from '@certplane/platform';
import { CertificateAuthorityStore } from '@certplane/vault';
import { ServerCertificate, ServerCertificateSource } from './server-certificate.source';
import { acceptProxyProtocol, proxyProtocolOptions } from '../http/proxy-protocol';

const REFRESH_EVERY_MS = 60 * 60 * 1000;
/**
 * TLS 1.3's suites, and on TLS 1.2 only forward-secret (ECDHE) AEAD suites, in the server's order of preference
 * (Mozilla's "intermediate" profile): no CBC, no SHA-1 MAC, no static RSA key exchange.
 */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');
// After this, connections still open at shutdown are cut rather than holding the process.
const CLOSE_GRACE_MS = 10_000;

/**
 * The api's HTTPS listener, beside (or instead of) the HTTP one and serving the same fastify routes. It asks every
 * client for a certificate but lets the handshake complete whatever it gets (rejectUnauthorized: false): the
 * client-certificate middleware then refuses a bad one with a JSON answer, and clients without one still reach
 * the public routes and the bearer token.
 */
@Injectable()
export class TlsListener implements BeforeApplicationShutdown {
  private server?: Server;
  private refresher?: NodeJS.Timeout;
  private ca = '';

  constructor(
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly certificates: ServerCertificateSource,
    private readonly issuers: CertificateAuthorityStore,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  /** Starts listening on HOST and CERTPLANE_TLS_PORT; resolves with the URL of the address it is bound to. */
  async listen(handler: RequestListener): Promise<string> {
    this.ca = (await this.issuers.issuers()).trustBundlePem;
    const server = createServer(
      {
        ...contextOf(await this.certificates.get(), this.ca),
        requestCert: true,
        rejectUnauthorized: false,
        minVersion: 'TLSv1.2',
        ciphers: TLS_CIPHERS,
        honorCipherOrder: true,
      },
      handler,
    );
    this.server = server;
    acceptProxyProtocol(server, proxyProtocolOptions(this.config, this.logger));
    await listenServer(server, this.config.tls.port, this.config.host, 'CERTPLANE_TLS_PORT', this.config.listener);
    this.refresher = setInterval(() => void this.refresh(), REFRESH_EVERY_MS).unref();
    // Client certificates of every issuer not yet expired verify, from the moment an activation is heard.
    this.issuers.onLoaded(({ trustBundlePem }) => void this.trust(trustBundlePem));
    return listeningUrl('https', server);
  }

  get port(): number | undefined {
    return (this.server?.address() as { port: number } | null)?.port;
  }

  private async trust(ca: string): Promise<void> {
    if (ca === this.ca || !this.server) return;
    this.ca = ca;
    try {
      // A retired issuer takes the certificate it signed for this listener out of the bundle with it.
      const certificate = (await this.certificates.refresh()) ?? (await this.certificates.get());
      this.server.setSecureContext(contextOf(certificate, ca));
      this.logger.info('https server trusts the issuers anew', {
        certificates: ca.match(/BEGIN CERTIFICATE/g)?.length,
      });
    } catch (e) {
      this.logger.error('https server could not take up the issuers; keeping the current trust', {
        error: (e as Error).message,
      });
    }
  }

  /** New connections get the new certificate; open ones keep theirs. */
  private async refresh(): Promise<void> {
    try {
      const renewed = await this.certificates.refresh();
      if (!renewed) return;
      this.server?.setSecureContext(contextOf(renewed, this.ca));
      this.logger.info('https server certificate replaced', { notAfter: renewed.notAfter.toISOString() });
    } catch (e) {
      this.logger.error('https server certificate could not be replaced; keeping the current one', {
        error: (e as Error).message,
      });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.refresher);
    const server = this.server;
    if (!server?.listening) return;
    // close() waits for requests in flight and drops idle keep-alive connections (node >= 19).
    const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(cut);
  }
}

function contextOf(certificate: ServerCertificate, ca: string): SecureContextOptions {
  return { cert: certificate.certificatePem, key: certificate.privateKeyPem, ca };
}
