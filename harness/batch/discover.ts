// Finding the submissions in a folder: one sub-folder per student, or a Canvas, Moodle or Gradescope export.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../spec/errors.js';
import { isJunk, listFiles } from './list-files.js';
import { detectLayout, isMoodleOther, parseCanvas, parseGradescope, parseMoodle, type Layout } from './layouts.js';
import type { StudentIdentity } from './types.js';

/** One file of a submission: its name as the student gave it, where it is, and how to show it. */
export interface SubmittedFile {
  /** Relative to the submission (prefixes of flat exports removed), `/`-separated. */
  name: string;
  /** Absolute path on disk. */
  path: string;
  /** Relative to the submissions folder, as shown to the instructor. */
  display: string;
}

/** One student's submission. */
export interface Submission {
  student: string;
  /** The folder (with a trailing `/`) or the name pattern of its files in a flat export. */
  source: string;
  identity: StudentIdentity;
  files: SubmittedFile[];
}

/** What was found in a submissions folder. */
export interface Discovery {
  layout: Layout;
  submissions: Submission[];
  /** Top-level names that belong to no submission. */
  ignored: string[];
}

/** Lists the submissions below `root`; throws UsageError when it is not a folder or holds nothing. */
export async function discoverSubmissions(root: string): Promise<Discovery> {
  let dirents;
  try {
    dirents = (await readdir(root, { withFileTypes: true })).filter((d) => !isJunk(d.name));
  } catch (error) {
    throw new UsageError(`submissions ${root}: ${(error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'not a folder or a .zip file' : 'no such folder'}`);
  }
  const names = dirents.map((d) => ({ name: d.name, dir: d.isDirectory() })).sort((a, b) => compare(a.name, b.name));
  const layout = detectLayout(names);
  const found = new Map<string, Submission>();
  const ignored: string[] = [];
  const add = async (student: string, identity: StudentIdentity, source: string, dir: string, prefix = ''): Promise<void> => {
    const sub = found.get(student) ?? { student, source, identity, files: [] };
    found.set(student, sub);
    for (const rel of listFiles(path.join(root, dir))) {
      sub.files.push({ name: prefix + rel, path: path.join(root, dir, rel), display: dir ? `${dir}/${rel}` : rel });
    }
  };
  // Loaded for Gradescope classes only: other classes start without the YAML parser.
  const metadata =
    layout === 'gradescope'
      ? await (await import('./gradescope-metadata.js')).readGradescopeMetadata(path.join(root, 'submission_metadata.yml'))
      : new Map<string, StudentIdentity>();
  for (const { name, dir } of names) {
    if (layout === 'folders') {
      if (dir) await add(name, { name }, `${name}/`, name);
      else ignored.push(name);
    } else if (layout === 'gradescope') {
      const id = parseGradescope(name);
      if (!dir || id === undefined) {
        if (name !== 'submission_metadata.yml') ignored.push(name);
        continue;
      }
      const who = metadata.get(name) ?? {};
      await add(who.name ? `${who.name}_${id}` : name, { ...who, gradescopeSubmissionId: id }, `${name}/`, name);
    } else {
      const parsed = layout === 'canvas' ? parseCanvas(name) : parseMoodle(name);
      if (!parsed || (layout === 'canvas' && dir) || (isMoodleOther(name) && !dir)) {
        ignored.push(name);
      } else if (dir) {
        await add(parsed.student, parsed.identity, `${name}/`, name, parsed.file ? `${parsed.file}/` : '');
      } else {
        const sub = found.get(parsed.student) ?? { student: parsed.student, source: `${name.slice(0, name.length - parsed.file.length)}*`, identity: parsed.identity, files: [] };
        found.set(parsed.student, sub);
        sub.files.push({ name: parsed.file, path: path.join(root, name), display: name });
      }
    }
  }
  const submissions = [...found.values()].sort((a, b) => compare(a.student, b.student));
  if (submissions.length === 0) {
    throw new UsageError(`submissions ${root}: no submissions found (expected one folder per student, or a Canvas, Moodle or Gradescope export)`);
  }
  return { layout, submissions, ignored };
}

/** Code-point order, the same on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
