import { isIP } from 'node:net';
import { ValidationError } from '../shared/domain-error';

/**
 * An IP address in its one canonical text: dotted quad for IPv4, RFC 5952 for IPv6 (lowercase, longest run of
 * zero groups compressed, no leading zeros), and an IPv4-mapped IPv6 address (::ffff:a.b.c.d in any spelling)
 * unwrapped to the IPv4 address it stands for. Uniqueness, reservation and the certificate's SAN all use this
 * text, so two spellings of one address are one address everywhere.
 */
export class IpAddress {
  private constructor(
    readonly text: string,
    readonly version: 4 | 6,
  ) {}

  /** Undefined for anything that is not a plain address (zone ids such as fe80::1%eth0 mean nothing in a certificate). */
  static tryParse(input: unknown): IpAddress | undefined {
    if (typeof input !== 'string' || input.includes('%')) return undefined;
    const version = isIP(input);
    if (version === 4) return new IpAddress(input, 4);
    if (version !== 6) return undefined;
    // The WHATWG URL parser serialises IPv6 hosts as RFC 5952 does, with an IPv4 tail rewritten as hex groups.
    const v6 = new URL(`http://[${input}]`).hostname.slice(1, -1);
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(v6);
    if (!mapped) return new IpAddress(v6, 6);
    const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
    return new IpAddress([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.'), 4);
  }

  static parse(input: unknown): IpAddress {
    const ip = IpAddress.tryParse(input);
    if (!ip) throw new ValidationError('INVALID_IP_ADDRESS', 'ip must be an IPv4 or IPv6 address');
    return ip;
  }

  /** The canonical text of a stored address; text that does not parse (never written by this version) is kept as it is. */
  static canonicalText(text: string): string {
    return IpAddress.tryParse(text)?.text ?? text;
  }

  /** Unspecified, loopback, limited broadcast or multicast: addresses no client can own. */
  get isReserved(): boolean {
    if (this.version === 4) {
      const [a] = this.text.split('.').map(Number);
      return this.text === '0.0.0.0' || this.text === '255.255.255.255' || a === 127 || (a >= 224 && a <= 239);
    }
    return this.text === '::' || this.text === '::1' || /^ff[0-9a-f]{2}:/.test(this.text);
  }

  /** The iPAddress octets (4 or 16) a certificate's SAN carries. */
  octets(): Uint8Array {
    if (this.version === 4) return Uint8Array.from(this.text.split('.').map(Number));
    const [head, tail] = this.text.split('::');
    const groups = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
    const left = groups(head);
    const right = groups(tail);
    const words =
      tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
    return Uint8Array.from(words.flatMap((word) => [word >> 8, word & 0xff]));
  }

  toString(): string {
    return this.text;
  }
}
