// XML text for reports: escaped, and with characters XML 1.0 cannot hold shown as visible escapes.

/** Escapes text for an XML element or attribute; control characters XML forbids become `\xNN`, lone surrogates `\uXXXX`. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16)}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/** Escapes element text: like xmlEscape but keeps newlines as they are (readable in a CI log). */
export function xmlText(text: string): string {
  return xmlEscape(text).replace(/&#10;/g, '\n');
}
