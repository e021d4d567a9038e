import { Server, Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { CertplaneConfig } from '@certplane/config';
import { IpAddress, IpBlock } from '@certplane/domain';
import { AppLogger } from '@certplane/platform';
import { ProxiedPeer, readProxyHeader, startsWithProxySignature } from './proxy-header';

export interface ProxyProtocolOptions {
  /** Peers that must begin every connection with a PROXY header; no one else may send one. */
  trusted: IpBlock[];
  /** How long a trusted peer has to send its header before the connection is cut. */
  headerTimeoutMs: number;
  /** A connection cut for its first bytes: who sent them (the peer itself, never a claimed caller) and why. */
  onRefused: (peer: string, reason: string) => void;
}

/** The api's listeners, HTTP and HTTPS alike. */
export function proxyProtocolOptions(config: CertplaneConfig, logger: AppLogger): ProxyProtocolOptions {
  return {
    trusted: config.listener.trustedProxies,
    headerTimeoutMs: config.listener.headersTimeoutMs,
    onRefused: (peer, reason) => logger.warn('connection refused', { peer, reason }),
  };
}

/**
 * Makes an HTTP or HTTPS server take the caller's address from a PROXY protocol header (v1 or v2), sent by a TCP
 * proxy in front of several api replicas, so that rate limits, strike counts and logs see the caller rather than the
 * proxy. Only from trusted peers: a header from anyone else would let a caller pick its own address. A trusted peer
 * without a valid header is cut (a proxy that forgot send-proxy would otherwise make every caller one address), and
 * so is an untrusted peer whose connection begins with a PROXY signature.
 *
 * It stands between the server accepting a TCP connection and the server's own connection handling (node's HTTP
 * parser, or the TLS handshake and then the parser), so the caller's address is set before any request is read, and
 * the TLS handshake, client certificate included, runs with the caller as it does without a proxy. With no trusted
 * peer the server is left as it is: no connection's bytes are looked at.
 */
export function acceptProxyProtocol(server: Server, options: ProxyProtocolOptions): void {
  if (options.trusted.length === 0) return;
  const handlers = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const peer = IpAddress.tryParse(socket.remoteAddress);
    const trusted = peer !== undefined && options.trusted.some((block) => block.contains(peer));
    readFirstBytes(socket, trusted, options, (proxied) => {
      if (proxied) setPeer(socket, proxied);
      for (const handle of handlers) handle.call(server, socket);
    });
  });
  // An HTTPS server's request sockets are the TLS sockets wrapped around the accepted ones: they take their peer over.
  server.prependListener('secureConnection', (tls: TLSSocket) => {
    const accepted = (tls as TLSSocket & { _parent?: Socket })._parent;
    const proxied = accepted && (accepted as ProxiedSocket)[PROXIED];
    if (proxied) setPeer(tls, proxied);
  });
}

const PROXIED = Symbol('certplane.proxiedPeer');
type ProxiedSocket = Socket & { [PROXIED]?: ProxiedPeer };

/** Every reader of the peer (fastify's req.ip, the address limits, the logs) reads these. */
function setPeer(socket: Socket, peer: ProxiedPeer): void {
  (socket as ProxiedSocket)[PROXIED] = peer;
  Object.defineProperties(socket, {
    remoteAddress: { value: peer.address, configurable: true },
    remotePort: { value: peer.port, configurable: true },
    remoteFamily: { value: peer.family, configurable: true },
  });
}

/**
 * Reads until the first bytes decide: a trusted peer's header, or an untrusted peer's bytes that are no PROXY
 * signature. What follows the header is put back, so the server reads the connection as if it began there.
 */
function readFirstBytes(
  socket: Socket,
  trusted: boolean,
  options: ProxyProtocolOptions,
  done: (proxied: ProxiedPeer | undefined) => void,
): void {
  let seen = Buffer.alloc(0);
  const refuse = (reason: string) => {
    finish();
    options.onRefused(socket.remoteAddress ?? 'unknown', reason);
    socket.destroy();
  };
  const pass = (rest: Buffer, proxied: ProxiedPeer | undefined) => {
    finish();
    if (rest.length > 0) socket.unshift(rest);
    done(proxied);
  };
  const onReadable = () => {
    for (let chunk: Buffer | null; (chunk = socket.read() as Buffer | null) !== null;)
      seen = Buffer.concat([seen, chunk]);
    if (!trusted) {
      const start = startsWithProxySignature(seen);
      if (start === 'yes') return refuse('PROXY header from an untrusted address');
      if (start === 'no') return pass(seen, undefined);
      return;
    }
    const header = readProxyHeader(seen);
    if (header.kind === 'invalid') return refuse(`PROXY header invalid: ${header.reason}`);
    if (header.kind === 'header') pass(seen.subarray(header.length), header.source);
  };
  // A peer that closes before its first bytes decide anything leaves nothing to hand on.
  const drop = () => {
    finish();
    socket.destroy();
  };
  // Any idle caller may be cut as the HTTP server cuts one that sends no headers; only the proxy's silence is news.
  const onTimeout = () => (trusted ? refuse('no PROXY header in time') : drop());
  const onError = () => socket.destroy();
  const finish = () => {
    socket.off('readable', onReadable);
    socket.off('end', drop);
    socket.off('timeout', onTimeout);
    socket.off('error', onError);
    socket.setTimeout(0);
  };
  socket.on('readable', onReadable);
  socket.on('end', drop);
  socket.on('timeout', onTimeout);
  socket.on('error', onError);
  socket.setTimeout(options.headerTimeoutMs);
}
