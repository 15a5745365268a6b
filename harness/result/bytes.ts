// Bytes made visible for students: quoted, with whitespace, control characters and bad encoding shown.

/** Strict UTF-8 that keeps a leading byte-order mark (shown as \u{feff}: a reply may differ by it alone). */
const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Renders bytes as a quoted string: `\n`, `\r`, `\t` and control bytes escaped, invalid UTF-8 as `\xNN`. */
export function showBytes(bytes: Buffer | string): string {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  let text: string;
  try {
    text = DECODER.decode(buf);
  } catch {
    return `"${[...buf].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')}"`;
  }
  // Only the characters escapeChar changes are visited: a sentence (or a long line) is mostly left as it is.
  return `"${text.replace(ESCAPED, escapeChar)}"`;
}

/** Every character escapeChar changes (all in the Basic Multilingual Plane, so one UTF-16 unit each). */
const ESCAPED = /[\u0000-\u001f"\\\u007f-\u009f\ufeff\u200b]/g;

/** showBytes followed by the byte count: `"hello\n" (6 bytes)`. */
export function showBytesCounted(bytes: Buffer | string): string {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return `${showBytes(buf)} (${buf.length} byte${buf.length === 1 ? '' : 's'})`;
}

/** Shortens a long rendering in the middle, keeping both ends (where differences usually are). */
export function elide(text: string, max = 300): string {
  if (text.length <= max) return text;
  const keep = Math.floor((max - 20) / 2);
  return `${text.slice(0, keep)}…[${text.length - 2 * keep} chars]…${text.slice(-keep)}`;
}

function escapeChar(ch: string): string {
  switch (ch) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
  }
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code === 0xfeff || code === 0x200b) return `\\u{${code.toString(16)}}`;
  return ch;
}

/** Expected and actual side by side: whole when short, else both cut around the first difference, with lengths. */
export function showDifference(expected: Buffer, actual: Buffer, max = 160): { expected: string; actual: string } {
  const whole = { expected: showBytes(expected), actual: showBytes(actual) };
  if (whole.expected.length <= max && whole.actual.length <= max) return whole;
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at++;
  const from = Math.max(0, at - 40);
  const window = (b: Buffer): string => {
    const part = b.subarray(from, Math.min(b.length, at + 60));
    return `${from > 0 ? '…' : ''}${showBytes(part)}${at + 60 < b.length ? '…' : ''}`;
  };
  const where = at === Math.min(expected.length, actual.length) ? `the first ${at} bytes match` : `first difference at byte ${at}`;
  return {
    expected: `${window(expected)} (${expected.length} bytes; ${where})`,
    actual: `${window(actual)} (${actual.length} bytes)`,
  };
}
