import fc from 'fast-check';
import { IpAddress } from '@certplane/domain';
import { readProxyHeader, startsWithProxySignature, V2_SIGNATURE } from './proxy-header';

const port = fc.integer({ min: 0, max: 65535 });
const v4 = fc.ipV4();
const v6 = fc.ipV6();

function v2(command: number, familyTransport: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0x20 | command;
  head[1] = familyTransport;
  head.writeUInt16BE(body.length, 2);
  return Buffer.concat([V2_SIGNATURE, head, body]);
}

function v2Inet(src: string, dst: string, sport: number, dport: number, tlvs = Buffer.alloc(0)): Buffer {
  const body = Buffer.alloc(12);
  src.split('.').forEach((o, i) => (body[i] = Number(o)));
  dst.split('.').forEach((o, i) => (body[4 + i] = Number(o)));
  body.writeUInt16BE(sport, 8);
  body.writeUInt16BE(dport, 10);
  return v2(1, 0x11, Buffer.concat([body, tlvs]));
}

function v2Inet6(src: string, dst: string, sport: number, dport: number): Buffer {
  const body = Buffer.alloc(36);
  Buffer.from(IpAddress.parse(src).octets()).copy(body, 0);
  Buffer.from(IpAddress.parse(dst).octets()).copy(body, 16);
  body.writeUInt16BE(sport, 32);
  body.writeUInt16BE(dport, 34);
  return v2(1, 0x21, body);
}

describe('readProxyHeader', () => {
  it('reads a v1 TCP4 line and leaves what follows it', () => {
    fc.assert(
      fc.property(v4, v4, port, port, fc.uint8Array({ maxLength: 64 }), (src, dst, sp, dp, rest) => {
        const line = Buffer.from(`PROXY TCP4 ${src} ${dst} ${sp} ${dp}\r\n`);
        const r = readProxyHeader(Buffer.concat([line, rest]));
        expect(r).toEqual({ kind: 'header', length: line.length, source: { address: src, port: sp, family: 'IPv4' } });
      }),
    );
  });

  it('reads a v1 TCP6 line, in the canonical spelling of the address', () => {
    fc.assert(
      fc.property(v6, v6, port, port, (src, dst, sp, dp) => {
        const line = Buffer.from(`PROXY TCP6 ${src} ${dst} ${sp} ${dp}\r\n`);
        const r = readProxyHeader(line);
        const canonical = IpAddress.parse(src);
        expect(r).toEqual({
          kind: 'header',
          length: line.length,
          source: { address: canonical.text, port: sp, family: canonical.version === 4 ? 'IPv4' : 'IPv6' },
        });
      }),
    );
  });

  it('reads v2 PROXY headers for IPv4 (with TLVs after the addresses) and IPv6', () => {
    fc.assert(
      fc.property(v4, v4, port, port, fc.uint8Array({ maxLength: 40 }), (src, dst, sp, dp, tlvs) => {
        const h = v2Inet(src, dst, sp, dp, Buffer.from(tlvs));
        expect(readProxyHeader(Buffer.concat([h, Buffer.from('GET / HTTP/1.1\r\n')]))).toEqual({
          kind: 'header',
          length: h.length,
          source: { address: src, port: sp, family: 'IPv4' },
        });
      }),
    );
    fc.assert(
      fc.property(v6, v6, port, port, (src, dst, sp, dp) => {
        const h = v2Inet6(src, dst, sp, dp);
        const r = readProxyHeader(h);
        expect(r).toMatchObject({ kind: 'header', length: h.length, source: { address: IpAddress.parse(src).text } });
      }),
    );
  });

  it('names no caller for v2 LOCAL, v1 UNKNOWN and a UNIX or unspecified family', () => {
    const local = v2(0, 0x11, Buffer.alloc(12));
    expect(readProxyHeader(local)).toEqual({ kind: 'header', length: 28 });
    expect(readProxyHeader(v2(1, 0x00, Buffer.alloc(0)))).toEqual({ kind: 'header', length: 16 });
    expect(readProxyHeader(v2(1, 0x31, Buffer.alloc(216)))).toEqual({ kind: 'header', length: 232 });
    expect(readProxyHeader(Buffer.from('PROXY UNKNOWN ffff::1 ffff::2 1 2\r\nGET'))).toEqual({
      kind: 'header',
      length: 35,
    });
  });

  it('waits for more on every strict prefix of a valid header, and never reads past the header', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant('v1'), fc.constant('v2')), v4, v4, port, port, (kind, src, dst, sp, dp) => {
        const h = kind === 'v1' ? Buffer.from(`PROXY TCP4 ${src} ${dst} ${sp} ${dp}\r\n`) : v2Inet(src, dst, sp, dp);
        for (let n = 0; n < h.length; n++) expect(readProxyHeader(h.subarray(0, n))).toEqual({ kind: 'incomplete' });
      }),
    );
  });

  it('never throws, and a header it reads lies within the bytes it was given', () => {
    const prefixed = fc
      .tuple(fc.constantFrom(Buffer.from('PROXY '), V2_SIGNATURE, Buffer.alloc(0)), fc.uint8Array({ maxLength: 300 }))
      .map(([sig, rest]) => Buffer.concat([sig, Buffer.from(rest)]));
    fc.assert(
      fc.property(prefixed, (bytes) => {
        const r = readProxyHeader(bytes);
        if (r.kind === 'header') expect(r.length).toBeLessThanOrEqual(bytes.length);
        if (r.kind === 'header' && r.source) expect(IpAddress.tryParse(r.source.address)?.text).toBe(r.source.address);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['HTTP', 'GET / HTTP/1.1\r\n\r\n'],
    ['v1 with a hostname', 'PROXY TCP4 example.com 10.0.0.1 1 2\r\n'],
    ['v1 with an IPv6 address as TCP4', 'PROXY TCP4 ::1 10.0.0.1 1 2\r\n'],
    ['v1 with an IPv4 address as TCP6', 'PROXY TCP6 10.0.0.2 ::1 1 2\r\n'],
    ['v1 with a port out of range', 'PROXY TCP4 10.0.0.2 10.0.0.1 65536 2\r\n'],
    ['v1 with a port with a leading zero', 'PROXY TCP4 10.0.0.2 10.0.0.1 080 2\r\n'],
    ['v1 with a field missing', 'PROXY TCP4 10.0.0.2 10.0.0.1 1\r\n'],
    ['v1 with an extra field', 'PROXY TCP4 10.0.0.2 10.0.0.1 1 2 3\r\n'],
    ['v1 over UDP', 'PROXY UDP4 10.0.0.2 10.0.0.1 1 2\r\n'],
    ['v1 with a zone id', 'PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n'],
    ['v1 with no CRLF in 107 bytes', `PROXY TCP4 ${'1'.repeat(120)}`],
  ])('refuses %s', (_what, text) => {
    expect(readProxyHeader(Buffer.from(text))).toMatchObject({ kind: 'invalid' });
  });

  it.each([
    ['version 1', Buffer.concat([V2_SIGNATURE, Buffer.from([0x11, 0x11, 0, 12]), Buffer.alloc(12)])],
    ['command 2', v2(2, 0x11, Buffer.alloc(12))],
    ['family 4', v2(1, 0x41, Buffer.alloc(12))],
    ['IPv4 addresses cut short', v2(1, 0x11, Buffer.alloc(11))],
    ['IPv6 addresses cut short', v2(1, 0x21, Buffer.alloc(35))],
    ['a datagram', v2(1, 0x12, Buffer.alloc(12))],
    ['a body over 2048 bytes', v2(1, 0x11, Buffer.alloc(2049))],
  ])('refuses a v2 header with %s', (_what, bytes) => {
    expect(readProxyHeader(bytes)).toMatchObject({ kind: 'invalid' });
  });
});

describe('startsWithProxySignature', () => {
  it('is maybe only on a prefix of a signature, and no on HTTP and a TLS ClientHello', () => {
    expect(startsWithProxySignature(Buffer.from('PRO'))).toBe('maybe');
    expect(startsWithProxySignature(V2_SIGNATURE.subarray(0, 5))).toBe('maybe');
    expect(startsWithProxySignature(Buffer.alloc(0))).toBe('maybe');
    expect(startsWithProxySignature(Buffer.from('PROXY TCP4'))).toBe('yes');
    expect(startsWithProxySignature(V2_SIGNATURE)).toBe('yes');
    expect(startsWithProxySignature(Buffer.from('POST /clients'))).toBe('no');
    expect(startsWithProxySignature(Buffer.from([0x16, 0x03, 0x01]))).toBe('no');
  });
});
