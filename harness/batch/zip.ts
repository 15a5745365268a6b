// Extracting a submissions .zip (an LMS export) to a private temp folder, safely: no entry may land
// outside it (absolute paths, `..`, drive letters), and the total size and file count are capped.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { UsageError } from '../spec/errors.js';
import { isJunk } from './list-files.js';
import { parseGradescope, parseMoodle } from './layouts.js';

/** Caps on what a zip may unpack to. */
export interface ZipLimits {
  maxTotalBytes: number;
  maxFileBytes: number;
  maxFiles: number;
}

/** 512 MiB in all, 32 MiB per file, 20 000 files. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 512 * 2 ** 20, maxFileBytes: 32 * 2 ** 20, maxFiles: 20_000 };

/** An extracted zip: the folder holding the export (a lone top folder is descended into), and its removal. */
export interface ExtractedZip {
  root: string;
  dispose(): Promise<void>;
}

/** Extracts `file` into a fresh temp folder; throws UsageError for a bad or oversized archive (leaving nothing behind). */
export async function extractZip(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ExtractedZip> {
  const data = await readFile(file).catch(() => {
    throw new UsageError(`submissions ${file}: no such file`);
  });
  const dir = await mkdtemp(path.join(tmpdir(), 'sockgrade-zip-'));
  const dispose = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    let declared = 0;
    let count = 0;
    const problem = (why: string): never => {
      throw new UsageError(`submissions ${file}: ${why}`);
    };
    let files;
    try {
      files = unzipSync(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), {
        filter: (entry) => {
          if (entry.name.endsWith('/')) return false;
          count += 1;
          declared += entry.originalSize;
          if (count > limits.maxFiles) problem(`more than ${limits.maxFiles} files`);
          if (entry.originalSize > limits.maxFileBytes) problem(`${entry.name} unpacks to more than ${limits.maxFileBytes} bytes`);
          if (declared > limits.maxTotalBytes) problem(`unpacks to more than ${limits.maxTotalBytes} bytes`);
          return true;
        },
      });
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`submissions ${file}: not a readable .zip file (${error instanceof Error ? error.message : String(error)})`);
    }
    let total = 0;
    for (const [name, bytes] of Object.entries(files)) {
      total += bytes.byteLength;
      if (bytes.byteLength > limits.maxFileBytes || total > limits.maxTotalBytes) problem('unpacks to more than its entries declare');
      const target = safeTarget(dir, name) ?? problem(`entry ${JSON.stringify(name)} would be written outside the extraction folder`);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, bytes, { mode: 0o644 });
    }
    return { root: await descend(dir), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Where an entry goes below `dir`, or undefined when its name escapes (absolute, `..`, backslashes, drive letters, NUL). */
export function safeTarget(dir: string, name: string): string | undefined {
  if (name.includes('\0') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.startsWith('/')) return undefined;
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some((p) => p === '..')) return undefined;
  const target = path.resolve(dir, ...parts);
  return target.startsWith(dir + path.sep) ? target : undefined;
}

/** Exports often wrap everything in one folder: use it as the root while it is alone. */
async function descend(dir: string): Promise<string> {
  for (let depth = 0; depth < 4; depth++) {
    const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !isJunk(e.name));
    const only = entries[0];
    if (entries.length !== 1 || !only?.isDirectory() || parseGradescope(only.name) || parseMoodle(only.name)) return dir;
    dir = path.join(dir, only.name);
  }
  return dir;
}
