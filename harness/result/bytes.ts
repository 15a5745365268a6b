// Bytes made visible for students: quoted, with whitespace, control characters and bad encoding shown.

/** Renders bytes as a quoted string: `\n`, `\r`, `\t` and control bytes escaped, invalid UTF-8 as `\xNN`. */
export function showBytes(bytes: Buffer | string): string {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text: string;
  try {
    text = decoder.decode(buf);
  } catch {
    return `"${[...buf].map((b) => (b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')}"`;
  }
  return `"${[...text].map(escapeChar).join('')}"`;
}

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
