// A fresh scratch copy of one submission folder, the only place its programs may write.
//
// Layout: <os.tmpdir()>/sockgrade-scratch-XXXXXX/ (mode 0700, the harness's own) holding
// submission/ (owned by `uid` when given). Copied: folders, regular files (mode kept, minus
// setuid/setgid/sticky), and symbolic links whose text is relative and stays inside the
// submission (re-created with the same text). Links that are absolute or climb out with `..`,
// and anything else (fifos, sockets, devices), are not copied: they are listed in `skipped`.

import { chmod, copyFile, lchown, lstat, mkdir, mkdtemp, readdir, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';

/** Who owns the copy (the uid student programs will run as); gid defaults to uid. */
export interface ScratchOwner {
  uid?: number;
  gid?: number;
}

/** A scratch copy: where it is, what was left out and why, and how to remove it. */
export interface Scratch {
  dir: string;
  /** Paths (relative to the submission) that were not copied, with the reason. */
  skipped: { path: string; reason: string }[];
  /** Removes the copy and its private parent folder (whatever the student did to modes). */
  dispose(): Promise<void>;
}

/** Copies `submissionDir` to a fresh folder under os.tmpdir(); rejects (leaving nothing behind) on failure. */
export async function makeScratch(submissionDir: string, owner: ScratchOwner = {}): Promise<Scratch> {
  const source = await lstat(submissionDir);
  if (!source.isDirectory()) throw new Error(`${submissionDir} is not a folder`);
  const parent = await mkdtemp(join(tmpdir(), 'sockgrade-scratch-'));
  await chmod(parent, 0o700);
  const dir = join(parent, 'submission');
  const skipped: Scratch['skipped'] = [];
  const dispose = (): Promise<void> => removeTree(parent);
  try {
    await mkdir(dir, { mode: 0o755 });
    await copyTree(submissionDir, dir, '', skipped);
    if (owner.uid !== undefined) await chownTree(dir, owner.uid, owner.gid ?? owner.uid);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { dir, skipped, dispose };
}

async function copyTree(from: string, to: string, rel: string, skipped: Scratch['skipped']): Promise<void> {
  for (const name of (await readdir(from)).sort()) {
    const src = join(from, name);
    const dst = join(to, name);
    const relPath = rel === '' ? name : join(rel, name);
    const stats = await lstat(src);
    if (stats.isDirectory()) {
      await mkdir(dst, { mode: (stats.mode & 0o777) | 0o700 });
      await copyTree(src, dst, relPath, skipped);
    } else if (stats.isFile()) {
      await copyFile(src, dst);
      await chmod(dst, stats.mode & 0o777);
    } else if (stats.isSymbolicLink()) {
      const text = await readlink(src);
      if (staysInside(relPath, text)) await symlink(text, dst);
      else skipped.push({ path: relPath, reason: `symbolic link to ${text} points outside the submission` });
    } else {
      skipped.push({ path: relPath, reason: 'not a regular file, folder or symbolic link' });
    }
  }
}

/** True when a link at `linkRel` (relative to the submission) with text `text` resolves inside it. */
function staysInside(linkRel: string, text: string): boolean {
  if (isAbsolute(text)) return false;
  const target = normalize(join(linkRel, '..', text));
  return target !== '..' && !target.startsWith(`..${sep}`) && !isAbsolute(target);
}

async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  await lchown(path, uid, gid);
  const stats = await lstat(path);
  if (!stats.isDirectory()) return;
  for (const name of await readdir(path)) await chownTree(join(path, name), uid, gid);
}

async function removeTree(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch {
    // A non-root harness may be stopped by folders a student made unreadable: give them back, then retry.
    await restoreModes(path);
    await rm(path, { recursive: true, force: true });
  }
}

async function restoreModes(path: string): Promise<void> {
  const stats = await lstat(path).catch(() => undefined);
  if (stats === undefined || !stats.isDirectory()) return;
  await chmod(path, 0o700).catch(() => undefined);
  for (const name of await readdir(path).catch(() => [])) await restoreModes(join(path, name));
}
