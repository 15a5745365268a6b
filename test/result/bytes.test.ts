import { describe, expect, it } from 'vitest';
import { showBytes, showBytesCounted } from '../../harness/result/bytes.js';

/** The rendering character by character, as showBytes defines it (the code visits only what it escapes). */
function oneByOne(text: string): string {
  const escape = (ch: string): string => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };
    if (named[ch] !== undefined) return named[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return `\\x${code.toString(16).padStart(2, '0')}`;
    if (code === 0xfeff || code === 0x200b) return `\\u{${code.toString(16)}}`;
    return ch;
  };
  return `"${[...text].map(escape).join('')}"`;
}

describe('showBytes', () => {
  it('quotes text and escapes whitespace, quotes, backslashes and control characters', () => {
    expect(showBytes('Hello world\n')).toBe('"Hello world\\n"');
    expect(showBytes('a\r\nb\tc "q" \\ d')).toBe('"a\\r\\nb\\tc \\"q\\" \\\\ d"');
    expect(showBytes(Buffer.from([0x00, 0x1b, 0x7f, 0x41]))).toBe('"\\x00\\x1b\\x7fA"');
    expect(showBytes('\u0085x\u009f')).toBe('"\\x85x\\x9f"');
    expect(showBytes('\ufeffhi\u200b')).toBe('"\\u{feff}hi\\u{200b}"');
    expect(showBytes('café ÄÖÜ 日本 🎉')).toBe('"café ÄÖÜ 日本 🎉"');
    expect(showBytes('')).toBe('""');
  });

  it('shows bytes that are not UTF-8 as \\xNN', () => {
    expect(showBytes(Buffer.from([0x68, 0xff, 0x22, 0x0a]))).toBe('"h\\xff\\x22\\x0a"');
  });

  it('renders a long line whole, the same as character by character', () => {
    const line = 'all work and no play makes a long line '.repeat(40) + 'ÉND\t"\\"\n';
    expect(showBytes(line)).toBe(oneByOne(line));
    expect(showBytesCounted(line)).toBe(`${oneByOne(line)} (${Buffer.byteLength(line)} bytes)`);
  });

  it('agrees with the character-by-character rendering on every code point below U+0100 and the escaped ones above', () => {
    const chars = [...Array.from({ length: 0x100 }, (_, i) => String.fromCodePoint(i)), '\u200b', '\ufeff', '\u2028', '\u00a0', '😀'];
    for (const ch of chars) expect(showBytes(`x${ch}y`)).toBe(oneByOne(`x${ch}y`));
  });
});
