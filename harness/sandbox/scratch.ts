// A fresh scratch copy of one submission folder, the only place its programs may write.
//
// Layout: <os.tmpdir()>/sockgrade-scratch-XXXXXX/ (mode 0700, the harness's own) holding
// submission/ (owned by `uid` when given). Copied: folders, regular files (mode kept, minus
// setuid/setgid/sticky), and symbolic links whose text is relative and stays inside the
// submission (re-created with the same text). Links that are absolute or climb out with `..`,
// and anything else (fifos, sockets, devices), are not copied: they are listed in `skipped`.

import { chmodSync, copyFileSync, lchownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chmod, lstat, readdir, rm } from 'node:fs/promises';
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
  const source = lstatSync(submissionDir);
  if (!source.isDirectory()) throw new Error(`${submissionDir} is not a folder`);
  const parent = mkdtempSync(join(tmpdir(), 'sockgrade-scratch-')); // 0700, as mkdtemp makes it
  const dir = join(parent, 'submission');
  const skipped: Scratch['skipped'] = [];
  const dispose = (): Promise<void> => removeTree(parent);
  try {
    mkdirSync(dir, { mode: 0o755 });
    const own = owner.uid === undefined ? undefined : { uid: owner.uid, gid: owner.gid ?? owner.uid };
    if (own !== undefined) lchownSync(dir, own.uid, own.gid);
    copyTree(submissionDir, dir, '', skipped, own);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { dir, skipped, dispose };
}

/**
 * Copies the folder `from` into `to`, each entry given to `own` as soon as it is made. With synchronous
 * calls: a submission is a few small files, and each promise-based call (a round trip through the
 * thread pool) cost the command more CPU than the call itself, ~0.1 ms each, a dozen per grading.
 */
function copyTree(from: string, to: string, rel: string, skipped: Scratch['skipped'], own: { uid: number; gid: number } | undefined): void {
  for (const name of readdirSync(from).sort()) {
    const src = join(from, name);
    const dst = join(to, name);
    const relPath = rel === '' ? name : join(rel, name);
    const stats = lstatSync(src);
    if (stats.isDirectory()) {
      mkdirSync(dst, { mode: (stats.mode & 0o777) | 0o700 });
      if (own !== undefined) lchownSync(dst, own.uid, own.gid);
      copyTree(src, dst, relPath, skipped, own);
    } else if (stats.isFile()) {
      copyFileSync(src, dst); // with the source's mode
      if ((stats.mode & 0o7000) !== 0) chmodSync(dst, stats.mode & 0o777); // never setuid, setgid or sticky
      if (own !== undefined) lchownSync(dst, own.uid, own.gid);
    } else if (stats.isSymbolicLink()) {
      const text = readlinkSync(src);
      if (staysInside(relPath, text)) {
        symlinkSync(text, dst);
        if (own !== undefined) lchownSync(dst, own.uid, own.gid);
      } else skipped.push({ path: relPath, reason: `symbolic link to ${text} points outside the submission` });
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

/**
 * Removes a scratch folder, with promise-based calls: what a student's programs left there is theirs
 * to make as large as their limits allow, and the command stays responsive while it goes.
 */
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
