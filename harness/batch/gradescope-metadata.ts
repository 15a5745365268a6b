// Gradescope's `submission_metadata.yml`: who submitted each `submission_<id>` folder.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { StudentIdentity } from './types.js';

/** Identities by submission folder name (`submission_<id>`); empty when the file is missing or unreadable. */
export async function readGradescopeMetadata(file: string): Promise<Map<string, StudentIdentity>> {
  const out = new Map<string, StudentIdentity>();
  let data: unknown;
  try {
    data = parse(await readFile(file, 'utf8'));
  } catch {
    return out;
  }
  if (!isRecord(data)) return out;
  for (const [folder, value] of Object.entries(data)) {
    const submitters = isRecord(value) ? (value[':submitters'] ?? value.submitters) : undefined;
    const first: unknown = Array.isArray(submitters) ? submitters[0] : undefined;
    if (!isRecord(first)) continue;
    const field = (key: string): string | undefined => {
      const v = first[`:${key}`] ?? first[key];
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    };
    const name = field('name');
    const sid = field('sid');
    const email = field('email');
    out.set(folder, { ...(name ? { name } : {}), ...(sid ? { sid } : {}), ...(email ? { email } : {}) });
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
