import { IpAddress } from './ip-address';

/** A CIDR block (10.0.0.0/8, fd00::/8): the addresses whose first `prefix` bits are the network's. */
export class IpBlock {
  private constructor(
    readonly network: IpAddress,
    readonly prefix: number,
  ) {}

  /** Undefined for anything but `address/bits` with bits within the address's length. */
  static tryParse(input: string): IpBlock | undefined {
    const [base, bits, ...rest] = input.split('/');
    const network = IpAddress.tryParse(base);
    if (!network || rest.length > 0 || !/^\d{1,3}$/.test(bits ?? '')) return undefined;
    const prefix = Number(bits);
    return prefix <= (network.version === 4 ? 32 : 128) ? new IpBlock(network, prefix) : undefined;
  }

  /** An address of another version, or no address at all, is outside. */
  contains(value: string | IpAddress): boolean {
    const address = typeof value === 'string' ? IpAddress.tryParse(value) : value;
    if (!address || address.version !== this.network.version) return false;
    const a = this.network.octets();
    const b = address.octets();
    for (let bit = 0; bit < this.prefix; bit++) {
      const mask = 0x80 >> (bit % 8);
      if ((a[bit >> 3] & mask) !== (b[bit >> 3] & mask)) return false;
    }
    return true;
  }

  toString(): string {
    return `${this.network.text}/${this.prefix}`;
  }
}
