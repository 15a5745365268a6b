// Decoding the hex socket addresses of /proc/net/{tcp,udp}{,6} into text ('127.0.0.1', '::1', …).

import { endianness } from 'node:os';

/** Whether /proc prints 32-bit address words in little-endian byte order (true on x86 and arm64). */
export const hostIsLittleEndian = endianness() === 'LE';

/**
 * Bytes of an address as /proc prints it: 8 hex digits (IPv4) or 32 (IPv6), each 32-bit word
 * in host byte order. Returns undefined for anything else.
 */
export function procHexToBytes(hex: string, littleEndian = hostIsLittleEndian): Uint8Array | undefined {
  if ((hex.length !== 8 && hex.length !== 32) || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let word = 0; word < hex.length / 8; word++) {
    for (let i = 0; i < 4; i++) {
      const byte = parseInt(hex.slice(word * 8 + i * 2, word * 8 + i * 2 + 2), 16);
      bytes[word * 4 + (littleEndian ? 3 - i : i)] = byte;
    }
  }
  return bytes;
}

/** Text of a 4- or 16-byte address: dotted quad, or RFC 5952 IPv6 ('::', '::1', '::ffff:127.0.0.1'). */
export function formatAddress(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const isMapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${Array.from(bytes.subarray(12)).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // The longest run (first if tied) of two or more zero groups becomes '::'.
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) [bestStart, bestLength] = [start, end - start];
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
