import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { RequestListener } from 'node:http';
import { createServer, Server } from 'node:https';
import { SecureContextOptions } from 'node:tls';
import { CertplaneConfig } from '@certplane/config';
import { listenServer } from '@certplane/observability';
import { APP_LOGGER, AppLogger, CONFIG } from '@certplane/platform';
import { CertificateAuthorityChain } from '@certplane/vault';
import { ServerCertificate, ServerCertificateSource } from './server-certificate.source';

const REFRESH_EVERY_MS = 60 * 60 * 1000;
// After this, connections still open at shutdown are cut rather than holding the process.
const CLOSE_GRACE_MS = 10_000;

/**
 * The api's HTTPS listener, beside (or instead of) the HTTP one and serving the same express app. It asks every
 * client for a certificate but lets the handshake complete whatever it gets (rejectUnauthorized: false): the
 * client-certificate middleware then refuses a bad one with a JSON answer, and clients without one still reach
 * the public routes and the bearer token.
 */
@Injectable()
export class TlsListener implements BeforeApplicationShutdown {
  private server?: Server;
  private refresher?: NodeJS.Timeout;

  constructor(
    @Inject(CONFIG) private readonly config: CertplaneConfig,
    private readonly certificates: ServerCertificateSource,
    private readonly chain: CertificateAuthorityChain,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  /** Starts listening on CERTPLANE_TLS_PORT; resolves with the URL. */
  async listen(handler: RequestListener): Promise<string> {
    const ca = await this.chain.pem();
    const server = createServer({ ...contextOf(await this.certificates.get(), ca), requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' }, handler);
    this.server = server;
    const port = await listenServer(server, this.config.tls.port, this.config.host, 'CERTPLANE_TLS_PORT');
    this.refresher = setInterval(() => void this.refresh(ca), REFRESH_EVERY_MS).unref();
    return `https://localhost:${port}`;
  }

  get port(): number | undefined {
    return (this.server?.address() as { port: number } | null)?.port;
  }

  /** New connections get the new certificate; open ones keep theirs. */
  private async refresh(ca: string): Promise<void> {
    try {
      const renewed = await this.certificates.refresh();
      if (!renewed) return;
      this.server?.setSecureContext(contextOf(renewed, ca));
      this.logger.info('https server certificate replaced', { notAfter: renewed.notAfter.toISOString() });
    } catch (e) {
      this.logger.error('https server certificate could not be replaced; keeping the current one', { error: (e as Error).message });
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
