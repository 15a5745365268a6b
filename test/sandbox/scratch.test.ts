// makeScratch for real: a private copy, links that stay inside kept, links that escape dropped.

import { chmod, lstat, mkdir, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeScratch } from '../../harness/sandbox/scratch.js';

let source: string;
beforeAll(async () => {
  source = await mkdtemp(join(tmpdir(), 'sockgrade-submission-'));
  await mkdir(join(source, 'lib'));
  await writeFile(join(source, 'UDPServer.py'), 'print(1)\n', { mode: 0o755 });
  await writeFile(join(source, 'lib', 'util.py'), 'x = 1\n');
  await symlink('lib/util.py', join(source, 'inside-link'));
  await symlink('../UDPServer.py', join(source, 'lib', 'up-but-inside'));
  await symlink('/etc/passwd', join(source, 'absolute-link'));
  await symlink('../../../../etc/shadow', join(source, 'lib', 'escaping-link'));
});
afterAll(async () => {
  await rm(source, { recursive: true, force: true });
});

test('copies files and folders, keeps links that stay inside, skips links that point outside', async () => {
  const scratch = await makeScratch(source);
  try {
    expect(dirname(dirname(scratch.dir))).toBe(tmpdir());
    expect((await stat(dirname(scratch.dir))).mode & 0o777).toBe(0o700);
    expect(await readFile(join(scratch.dir, 'UDPServer.py'), 'utf8')).toBe('print(1)\n');
    expect((await stat(join(scratch.dir, 'UDPServer.py'))).mode & 0o777).toBe(0o755);
    expect(await readFile(join(scratch.dir, 'lib', 'util.py'), 'utf8')).toBe('x = 1\n');
    expect(await readlink(join(scratch.dir, 'inside-link'))).toBe('lib/util.py');
    expect(await readFile(join(scratch.dir, 'lib', 'up-but-inside'), 'utf8')).toBe('print(1)\n');
    expect(existsSync(join(scratch.dir, 'absolute-link'))).toBe(false);
    expect(await lstat(join(scratch.dir, 'lib', 'escaping-link')).catch(() => 'absent')).toBe('absent');
    expect(scratch.skipped).toEqual([
      { path: 'absolute-link', reason: 'symbolic link to /etc/passwd points outside the submission' },
      { path: 'lib/escaping-link', reason: 'symbolic link to ../../../../etc/shadow points outside the submission' },
    ]);
    await writeFile(join(scratch.dir, 'new.txt'), 'scratch only');
    expect(existsSync(join(source, 'new.txt'))).toBe(false);
  } finally {
    await scratch.dispose();
  }
  expect(existsSync(dirname(scratch.dir))).toBe(false);
});

test('owned by the given uid when root (else refused by the system)', async () => {
  if (process.getuid?.() !== 0) {
    await expect(makeScratch(source, { uid: 65534 })).rejects.toThrow(/EPERM/);
    return;
  }
  const scratch = await makeScratch(source, { uid: 65534, gid: 65534 });
  try {
    for (const path of ['', 'UDPServer.py', 'lib', 'lib/util.py', 'inside-link']) {
      const stats = await lstat(join(scratch.dir, path));
      expect([path, stats.uid, stats.gid]).toEqual([path, 65534, 65534]);
    }
    const parent = await stat(dirname(scratch.dir));
    expect([parent.uid, parent.mode & 0o777]).toEqual([0, 0o700]);
  } finally {
    await scratch.dispose();
  }
});

test('a copy keeps each file\'s mode, never setuid, setgid or sticky', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'sockgrade-submission-'));
  try {
    await writeFile(join(folder, 'private.py'), 'x = 1\n');
    await chmod(join(folder, 'private.py'), 0o640);
    await writeFile(join(folder, 'setuid.py'), 'x = 2\n');
    await chmod(join(folder, 'setuid.py'), 0o4755);
    await writeFile(join(folder, 'sticky.py'), 'x = 3\n');
    await chmod(join(folder, 'sticky.py'), 0o1644);
    for (const owner of process.getuid?.() === 0 ? [{}, { uid: 65534 }] : [{}]) {
      const scratch = await makeScratch(folder, owner);
      try {
        const modes = await Promise.all(['private.py', 'setuid.py', 'sticky.py'].map(async (name) => [name, (await stat(join(scratch.dir, name))).mode & 0o7777]));
        expect([owner, modes]).toEqual([owner, [['private.py', 0o640], ['setuid.py', 0o755], ['sticky.py', 0o644]]]);
      } finally {
        await scratch.dispose();
      }
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('a folder is required, and a failed copy leaves nothing behind', async () => {
  await expect(makeScratch(join(source, 'UDPServer.py'))).rejects.toThrow(/is not a folder/);
  await expect(makeScratch(join(source, 'missing'))).rejects.toThrow(/ENOENT/);
});
