// Test helper: a class of submissions generated in a temp folder from the fixture programs, in each
// export layout (one folder per student, Canvas, Moodle, Gradescope), as a folder or as a .zip.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { PROGRAMS } from '../e2e/grade.js';

/** The export layouts a class can be generated in. */
export type ExportLayout = 'folders' | 'canvas' | 'moodle' | 'gradescope';

/** One student: a folder-safe key, a display name, a numeric id, and their files (name → fixture program or literal text). */
export interface FakeStudent {
  key: string;
  name: string;
  id: number;
  files: Record<string, { program: string } | { text: string }>;
}

/** Writes the class in `layout` below a fresh temp folder; returns the submissions path (a folder, or a .zip when asked). */
export async function makeClass(layout: ExportLayout, students: FakeStudent[], options: { zip?: boolean; base?: string } = {}): Promise<string> {
  const base = options.base ?? (await mkdtemp(path.join(tmpdir(), 'sockgrade-class-')));
  const files = new Map<string, Uint8Array>();
  const metadata: string[] = [];
  for (const s of students) {
    for (const [name, content] of Object.entries(s.files)) {
      const bytes = 'program' in content ? await readFile(path.join(PROGRAMS, content.program)) : new TextEncoder().encode(content.text);
      files.set(placed(layout, s, name), bytes);
    }
    if (layout === 'gradescope') metadata.push(`submission_${s.id}:`, '  :submitters:', `  - :name: ${s.name}`, `    :sid: '${s.id}'`, `    :email: ${s.key}@example.edu`);
  }
  if (layout === 'gradescope') files.set('submission_metadata.yml', new TextEncoder().encode(`${metadata.join('\n')}\n`));
  if (options.zip) {
    const zipped = zipSync(Object.fromEntries([...files].map(([name, bytes]) => [`export/${name}`, bytes])));
    const file = path.join(base, `${layout}.zip`);
    await writeFile(file, zipped);
    return file;
  }
  const root = path.join(base, layout);
  for (const [name, bytes] of files) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), bytes);
  }
  return root;
}

/** Where a student's file goes in each layout. */
function placed(layout: ExportLayout, s: FakeStudent, name: string): string {
  switch (layout) {
    case 'folders':
      return `${s.key}/${name}`;
    case 'canvas':
      return `${s.key}_${s.id}_${s.id + 5000}_${name}`;
    case 'moodle':
      return `${s.name}_${s.id}_assignsubmission_file_/${name}`;
    case 'gradescope':
      return `submission_${s.id}/${name}`;
  }
}

const py = (program: string) => ({ program });

/** The class of 12 used end to end (udp-uppercase): correct programs in several styles, faulty ones, a missing client, and nothing to grade. */
export const CLASS: FakeStudent[] = [
  { key: 'alice', name: 'Alice Adams', id: 101, files: { 'UDPServer.py': py('textbook/UDPServer.py'), 'UDPClient.py': py('textbook/UDPClient.py') } },
  { key: 'bob', name: 'Bob Brown', id: 102, files: { 'udp-server.py': py('styles/udp-server.py'), 'udp-client.py': py('styles/udp-client.py') } },
  { key: 'carol', name: 'Carol Clark', id: 103, files: { 'UDPServer.py': py('faulty/udp-server-lowercases.py'), 'UDPClient.py': py('textbook/UDPClient.py') } },
  { key: 'dave', name: 'Dave Davis', id: 104, files: { 'UDPServer.py': py('textbook/UDPServer.py') } },
  { key: 'erin', name: 'Erin Evans', id: 105, files: { 'UDPServer.py': py('textbook/UDPServer.py'), 'UDPClient.py': py('faulty/udp-client-sends-nothing.py') } },
  { key: 'frank', name: 'Frank Foster', id: 106, files: { 'notes.txt': { text: 'I did not finish.\n' } } },
  { key: 'grace', name: 'Grace Green', id: 107, files: { 'UDPServer.py': py('faulty/udp-server-bind-typo.py'), 'UDPClient.py': py('textbook/UDPClient.py') } },
  { key: 'heidi', name: 'Heidi Hill', id: 108, files: { 'server_udp.py': py('styles/udp-server-binds-127.py'), 'my_client.py': py('styles/udp-client-no-prompt.py') } },
  { key: 'ivan', name: 'Ivan Irwin', id: 109, files: { 'UDPServer.py': py('faulty/udp-server-exits-after-first-client.py'), 'UDPClient.py': py('textbook/UDPClient.py') } },
  { key: 'judy', name: 'Judy Jones', id: 110, files: { 'UDPServer.py': py('textbook/UDPServer.py'), 'UDPClient.py': py('faulty/udp-client-prints-bytes.py') } },
  { key: 'mallory', name: 'Mallory Moore', id: 111, files: { 'UDPServer.py': py('faulty/udp-server-does-not-uppercase.py'), 'UDPClient.py': py('styles/udp-client-trailing-newline.py') } },
  { key: 'oscar', name: 'Oscar Owens', id: 112, files: { 'UDPServer.py': py('textbook/UDPServer.py'), 'UDPClient.py': py('textbook/UDPClient.py'), 'README.md': { text: '# lab 2\n' } } },
];

/** A class of `n` students cycling through CLASS's submissions (for load runs). */
export function bigClass(n: number): FakeStudent[] {
  return Array.from({ length: n }, (_, i) => {
    const model = CLASS[i % CLASS.length] as FakeStudent;
    return { ...model, key: `s${String(i + 1).padStart(3, '0')}`, name: `Student ${i + 1}`, id: 1000 + i };
  });
}
