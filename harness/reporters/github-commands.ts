// GitHub Actions workflow commands, made safe for text a student's program controls.
import { randomBytes } from 'node:crypto';

/** Escapes a command's data (after `::`): `%`, `\r`, `\n` as GitHub's runner unescapes them. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command's property value: as data, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, e.g. `::error title=…::message`. */
export function command(name: string, properties: Record<string, string | undefined>, data: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(v)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(data)}`;
}

/** A token that does not occur in `text`: 32 random hex digits. */
export function stopToken(text: string): string {
  for (;;) {
    const token = randomBytes(16).toString('hex');
    if (!text.includes(token)) return token;
  }
}

/** `text` between `::stop-commands::<token>` and `::<token>::`: the runner processes no command in it. */
export function fenceCommands(text: string, token: string = stopToken(text)): string {
  return `::stop-commands::${token}\n${text.endsWith('\n') ? text : `${text}\n`}::${token}::\n`;
}
