import { INestApplication } from '@nestjs/common';
import { AddressInfo, Server } from 'node:net';
import { Server as HttpServer } from 'node:http';
import { ConfigError, ListenerLimits } from '@certplane/config';

/**
 * Listens, and says which variable to change when the port is taken; resolves with the URL of the address it is
 * bound to (HOST as the server took it: http://0.0.0.0:8080 when it listens on every interface).
 */
export async function listenOn(
  app: INestApplication,
  port: number,
  host: string,
  variable: string,
  limits: ListenerLimits,
): Promise<string> {
  limitListener(app.getHttpServer(), limits);
  await explainingListenErrors(() => app.listen(port, host), port, host, variable);
  return listeningUrl('http', app.getHttpServer());
}

/** scheme://address:port of the address a listening server is bound to, an IPv6 one in brackets. */
export function listeningUrl(scheme: 'http' | 'https', server: Server): string {
  const { address, family, port } = server.address() as AddressInfo;
  return `${scheme}://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
}

/** listenOn for a server the app does not own (the api's HTTPS listener); resolves with the port it got. */
export async function listenServer(
  server: HttpServer,
  port: number,
  host: string,
  variable: string,
  limits: ListenerLimits,
): Promise<number> {
  limitListener(server, limits);
  await explainingListenErrors(
    () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      }),
    port,
    host,
    variable,
  );
  return (server.address() as { port: number }).port;
}

// node checks the header and request timeouts only this often (30 s by default, which would stretch a 10 s timeout to 40 s).
const TIMEOUT_CHECK_EVERY_MS = 1000;

/** What one slow or greedy client may hold of a listener; set before it listens, when node reads the check interval. */
function limitListener(server: HttpServer, limits: ListenerLimits): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxHeadersCount = limits.maxHeadersCount;
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections;
  (server as HttpServer & { connectionsCheckingInterval: number }).connectionsCheckingInterval = TIMEOUT_CHECK_EVERY_MS;
}

async function explainingListenErrors(
  listen: () => Promise<unknown>,
  port: number,
  host: string,
  variable: string,
): Promise<void> {
  try {
    await listen();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(variable, `${port} is already in use on ${host}`);
    if (code === 'EACCES') throw new ConfigError(variable, `${port} may not be bound by this user on ${host}`);
    throw e;
  }
}
