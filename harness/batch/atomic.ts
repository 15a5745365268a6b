// Writing files so that a crash or kill never leaves one half-written: a temp file in the same folder,
// flushed, then renamed over the target. Temp files of a killed run are swept at the next start.
import { open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

const TEMP_MARK = '.sockgrade-tmp-';
let counter = 0;

/** Writes `text` to `file` atomically (temp + fsync + rename). */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `${TEMP_MARK}${process.pid}-${counter++}-${path.basename(file)}`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Removes temp files left by a killed run in `dir` and its direct sub-folders. */
export async function sweepTempFiles(dir: string): Promise<void> {
  const sweep = async (folder: string, depth: number): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith(TEMP_MARK)) await rm(path.join(folder, e.name), { force: true });
      else if (e.isDirectory() && depth === 0) await sweep(path.join(folder, e.name), 1);
    }
  };
  await sweep(dir, 0);
}
