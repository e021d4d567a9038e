import { isIP } from 'node:net';
import { IpAddress } from '@certplane/domain';

/**
 * The PROXY protocol header (haproxy's proxy-protocol.txt, v1 text and v2 binary) a TCP proxy puts ahead of a
 * connection's bytes to say whom it carries. Hand-written rather than taken from npm: the one maintained parser
 * (proxy-protocol-js) reads a truncated v2 header as 0.0.0.0 and any word as a v1 address, and the framing, the
 * limits and the address checks below would be ours anyway.
 */
export type ProxyHeader =
  | { kind: 'incomplete' }
  | { kind: 'invalid'; reason: string }
  /** source absent: the proxy speaks for itself (v2 LOCAL, v1 UNKNOWN, a family with no IP address). */
  | { kind: 'header'; length: number; source?: ProxiedPeer };

export interface ProxiedPeer {
  address: string;
  port: number;
  family: 'IPv4' | 'IPv6';
}

export const V1_SIGNATURE = Buffer.from('PROXY ', 'latin1');
export const V2_SIGNATURE = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);
// The spec's bound for a v1 line, CRLF included.
const V1_MAX = 107;
// Addresses take at most 216 bytes (two UNIX paths); the rest is TLVs, of which a header this long has no need.
const V2_MAX_BODY = 2048;

/** 'yes' or 'no' once the bytes decide it; 'maybe' while they are a prefix of a signature. */
export function startsWithProxySignature(bytes: Buffer): 'yes' | 'no' | 'maybe' {
  let maybe = false;
  for (const signature of [V1_SIGNATURE, V2_SIGNATURE]) {
    const n = Math.min(bytes.length, signature.length);
    if (!bytes.subarray(0, n).equals(signature.subarray(0, n))) continue;
    if (n === signature.length) return 'yes';
    maybe = true;
  }
  return maybe ? 'maybe' : 'no';
}

/** Reads the header at the start of bytes: how long it is and whom it names, or why it is none. */
export function readProxyHeader(bytes: Buffer): ProxyHeader {
  const start = startsWithProxySignature(bytes);
  if (start === 'no') return invalid('no PROXY protocol signature');
  if (start === 'maybe') return { kind: 'incomplete' };
  return bytes[0] === V1_SIGNATURE[0] ? readV1(bytes) : readV2(bytes);
}

function readV1(bytes: Buffer): ProxyHeader {
  const end = bytes.subarray(0, V1_MAX).indexOf('\r\n');
  if (end < 0) return bytes.length >= V1_MAX ? invalid('v1 line longer than 107 bytes') : { kind: 'incomplete' };
  const line = bytes.subarray(0, end).toString('latin1');
  const length = end + 2;
  const [, protocol, ...fields] = line.split(' ');
  if (protocol === 'UNKNOWN') return { kind: 'header', length };
  if (protocol !== 'TCP4' && protocol !== 'TCP6') return invalid('v1 protocol is not TCP4, TCP6 or UNKNOWN');
  if (fields.length !== 4) return invalid('v1 line does not have four fields');
  const [source, destination, sourcePort, destinationPort] = fields;
  const version = protocol === 'TCP4' ? 4 : 6;
  if (![source, destination].every((a) => isIP(a) === version && !a.includes('%')))
    return invalid(`v1 address is not an IPv${version} address`);
  if (![sourcePort, destinationPort].every(isPort)) return invalid('v1 port is not a number from 0 to 65535');
  return { kind: 'header', length, source: peer(IpAddress.parse(source), Number(sourcePort)) };
}

function isPort(text: string): boolean {
  return /^(0|[1-9][0-9]{0,4})$/.test(text) && Number(text) <= 65535;
}

function readV2(bytes: Buffer): ProxyHeader {
  if (bytes.length < 16) return { kind: 'incomplete' };
  const versionCommand = bytes[12];
  if (versionCommand >> 4 !== 2) return invalid('v2 version is not 2');
  const command = versionCommand & 0x0f;
  if (command > 1) return invalid('v2 command is neither LOCAL nor PROXY');
  const family = bytes[13] >> 4;
  const transport = bytes[13] & 0x0f;
  if (family > 3 || transport > 2) return invalid('v2 address family or transport is unknown');
  const bodyLength = bytes.readUInt16BE(14);
  if (bodyLength > V2_MAX_BODY) return invalid(`v2 header longer than ${16 + V2_MAX_BODY} bytes`);
  const length = 16 + bodyLength;
  if (bytes.length < length) return { kind: 'incomplete' };
  const body = bytes.subarray(16, length);
  // LOCAL: the proxy's own connection (a health check); its addresses, if any, are to be ignored.
  if (command === 0 || family === 0 || family === 3) return { kind: 'header', length };
  if (transport !== 1) return invalid('v2 transport is not a stream (TCP)');
  if (family === 1) {
    if (body.length < 12) return invalid('v2 IPv4 addresses are shorter than 12 bytes');
    const address = IpAddress.tryParse([...body.subarray(0, 4)].join('.')) as IpAddress;
    return { kind: 'header', length, source: peer(address, body.readUInt16BE(8)) };
  }
  if (body.length < 36) return invalid('v2 IPv6 addresses are shorter than 36 bytes');
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(body.readUInt16BE(i).toString(16));
  return {
    kind: 'header',
    length,
    source: peer(IpAddress.tryParse(groups.join(':')) as IpAddress, body.readUInt16BE(32)),
  };
}

/** An IPv4-mapped IPv6 source is the IPv4 caller it stands for, as IpAddress spells it everywhere else. */
function peer(address: IpAddress, port: number): ProxiedPeer {
  return { address: address.text, port, family: address.version === 4 ? 'IPv4' : 'IPv6' };
}

function invalid(reason: string): ProxyHeader {
  return { kind: 'invalid', reason };
}
