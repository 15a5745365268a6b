// Writing files whole and atomically (temp file + rename), so a reader never sees half a file: report
// files, and the entries of sockgrade's cache (cache.ts, private to the user).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TextSink } from './types.js';

/**
 * Writes `text` to `file` atomically: a temp file beside it, then a rename (parents created).
 * `private`: the file 0600 and the folders made for it 0700.
 */
export function writeFileAtomic(file: string, text: string, options: { private?: boolean } = {}): void {
  const dir = path.dirname(path.resolve(file));
  mkdirSync(dir, { recursive: true, ...(options.private ? { mode: 0o700 } : {}) });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, text, options.private ? { mode: 0o600 } : {});
  renameSync(temp, file);
}

/** A sink that collects text; `flush` writes everything so far to its file (atomically). */
export class FileSink implements TextSink {
  private text = '';
  constructor(readonly file: string) {}

  write(text: string): void {
    this.text += text;
  }

  flush(): void {
    writeFileAtomic(this.file, this.text);
  }
}
