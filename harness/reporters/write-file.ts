// Writing report files: whole-file and atomic (temp file + rename), so a reader never sees half a file.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TextSink } from './types.js';

/** Writes `text` to `file` atomically: a temp file beside it, then a rename (parents created). */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, text);
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
