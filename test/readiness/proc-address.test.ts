import { describe, expect, it } from 'vitest';
import { formatAddress, procHexToBytes } from '../../harness/readiness/proc-address.js';

/** Text of an address as a little-endian kernel prints it in /proc/net. */
const text = (hex: string): string | undefined => {
  const bytes = procHexToBytes(hex, true);
  return bytes && formatAddress(bytes);
};

describe('procHexToBytes and formatAddress', () => {
  it('decode IPv4 addresses printed as one little-endian word', () => {
    expect(text('0100007F')).toBe('127.0.0.1');
    expect(text('00000000')).toBe('0.0.0.0');
    expect(text('0101A8C0')).toBe('192.168.1.1');
  });

  it('decode IPv4 addresses printed by a big-endian kernel', () => {
    const bytes = procHexToBytes('7F000001', false);
    expect(bytes && formatAddress(bytes)).toBe('127.0.0.1');
  });

  it('decode IPv6 addresses printed as four little-endian words', () => {
    expect(text('00000000000000000000000000000000')).toBe('::');
    expect(text('00000000000000000000000001000000')).toBe('::1');
    expect(text('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(text('000080FE00000000FFFF00FC010000FE')).toBe('fe80::fc00:ffff:fe00:1');
  });

  it('compress only the first longest run of zero groups, and never a single zero group', () => {
    const bytesOf = (groups: number[]): Uint8Array => new Uint8Array(groups.flatMap((g) => [g >> 8, g & 0xff]));
    expect(formatAddress(bytesOf([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]))).toBe('2001:db8::1:0:0:1');
    expect(formatAddress(bytesOf([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1]))).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatAddress(bytesOf([0x2001, 0, 0, 1, 0, 0, 0, 1]))).toBe('2001:0:0:1::1');
    expect(formatAddress(bytesOf([1, 0, 0, 0, 0, 0, 0, 0]))).toBe('1::');
  });

  it('reject text that is not an address of 8 or 32 hex digits', () => {
    expect(procHexToBytes('0100007')).toBeUndefined();
    expect(procHexToBytes('0100007G')).toBeUndefined();
    expect(procHexToBytes('')).toBeUndefined();
  });
});
