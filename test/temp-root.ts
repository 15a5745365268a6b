// Vitest global setup: every temporary folder of a test run (the tests' own classes, results and
// programs, and the staging and scratch folders of the gradings they run) is made under one folder
// of its own (TMPDIR, which os.tmpdir() and the sockgrade processes the tests start follow), removed
// when the run ends, and so is the cache folder (XDG_CACHE_HOME). A run that is killed leaves that one
// folder: /tmp/sockgrade-tests-*.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'sockgrade-tests-'));
  process.env.TMPDIR = root;
  // The interpreter cache too (session/interpreter-cache.ts): tests neither read nor write the user's.
  process.env.XDG_CACHE_HOME = path.join(root, 'cache');
  return () => rmSync(root, { recursive: true, force: true });
}
