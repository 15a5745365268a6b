import { describe, expect, it } from 'vitest';
import { familyOf, formatAddress, peerAddress } from '../../reference/addresses.js';

describe('address helpers', () => {
  it('takes a host for IPv6 only when it is an IPv6 literal', () => {
    expect(familyOf('::1')).toBe('IPv6');
    expect(familyOf('::')).toBe('IPv6');
    expect(familyOf('fe80::1%lo')).toBe('IPv6');
    expect(familyOf('::ffff:127.0.0.1')).toBe('IPv6');
    expect(familyOf('127.0.0.1')).toBe('IPv4');
    expect(familyOf('0.0.0.0')).toBe('IPv4');
    expect(familyOf('localhost')).toBe('IPv4');
  });

  it('brackets IPv6 addresses when it writes host:port', () => {
    expect(formatAddress({ address: '::1', port: 12000 })).toBe('[::1]:12000');
    expect(formatAddress({ address: '127.0.0.1', port: 12000 })).toBe('127.0.0.1:12000');
  });

  it('takes the family Node reports, and from the address when none is reported', () => {
    expect(peerAddress('::1', 5000, 'IPv6')).toEqual({ address: '::1', port: 5000, family: 'IPv6' });
    expect(peerAddress('::ffff:127.0.0.1', 5000, 'IPv4')).toEqual({ address: '::ffff:127.0.0.1', port: 5000, family: 'IPv4' });
    expect(peerAddress('::1', 5000, undefined)).toEqual({ address: '::1', port: 5000, family: 'IPv6' });
    expect(peerAddress('127.0.0.1', undefined, 4)).toEqual({ address: '127.0.0.1', port: 0, family: 'IPv4' });
  });
});
