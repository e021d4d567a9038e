import fc from 'fast-check';
import { IpAddress } from './ip-address';
import { IpBlock } from './ip-block';

const bits = (octets: Uint8Array) => [...octets].map((o) => o.toString(2).padStart(8, '0')).join('');

describe('IpBlock', () => {
  it('contains exactly the addresses of its version whose first prefix bits are the network’s', () => {
    const v4 = fc.tuple(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }));
    const v6 = fc.tuple(fc.ipV6(), fc.ipV6(), fc.integer({ min: 0, max: 128 }));
    fc.assert(
      fc.property(fc.oneof(v4, v6), ([network, address, prefix]) => {
        const block = IpBlock.tryParse(`${network}/${prefix}`);
        const [n, a] = [IpAddress.parse(network), IpAddress.parse(address)];
        // An IPv4-mapped IPv6 text is the IPv4 address, so it may pass the IPv6 prefix bound and not the IPv4 one.
        if (n.version === 4 && prefix > 32) return expect(block).toBeUndefined();
        const expected =
          n.version === a.version && bits(n.octets()).slice(0, prefix) === bits(a.octets()).slice(0, prefix);
        expect(block!.contains(address)).toBe(expected);
        expect(block!.contains(network)).toBe(true);
      }),
    );
  });

  it.each(['10.0.0.0', '10.0.0.0/', '10.0.0.0/33', '::/129', '10.0.0.0/8/8', 'x/8', '10.0.0.0/-1', '10.0.0.0/1e1'])(
    'refuses %s',
    (text) => {
      expect(IpBlock.tryParse(text)).toBeUndefined();
    },
  );

  it('contains nothing that is no address', () => {
    expect(IpBlock.tryParse('0.0.0.0/0')!.contains('localhost')).toBe(false);
    expect(IpBlock.tryParse('::/0')!.contains('10.0.0.1')).toBe(false);
  });
});
