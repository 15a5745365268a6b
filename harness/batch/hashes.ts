// The hashes that decide whether a stored grading can be reused, and the stable hash of a student id.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SubmittedFile } from './discover.js';

/**
 * sha256 over the submission's file names and contents (sorted by name), so any change is seen. The
 * files are read with synchronous calls: every submission of a class is hashed before its first
 * grading, and a promise-based read per file cost each student ~0.2 ms of that start.
 */
export function contentHash(files: SubmittedFile[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const bytes = readFileSync(f.path);
    hash.update(`${f.name}\0${bytes.byteLength}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/** sha256 of the assignment file's text, and of the private fixtures file's when there is one (a change to either regrades). */
export async function assignmentHash(file: string, privateFixtures?: string): Promise<string> {
  const hash = createHash('sha256').update(await readFile(file));
  if (privateFixtures !== undefined) hash.update('\0private fixtures\0').update(await readFile(privateFixtures));
  return hash.digest('hex');
}

/** A 32-bit number from a string, the same on every machine and run (shards, seeds). */
export function stableHash(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
