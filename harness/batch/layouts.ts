// The file and folder names that LMS exports use, parsed: Canvas, Moodle and Gradescope.
import type { StudentIdentity } from './types.js';

/** How a submissions folder is laid out. */
export type Layout = 'folders' | 'canvas' | 'moodle' | 'gradescope';

/** A name of an export, taken apart: whose it is and the student's own file name. */
export interface ParsedName {
  student: string;
  identity: StudentIdentity;
  /** The file name as the student uploaded it (empty for a Moodle folder). */
  file: string;
}

const CANVAS = /^(?<name>[^_]+?)(?<late>_late)?_(?<user>\d+)_(?<attempt>\d+)_(?<file>.+)$/i;
const MOODLE = /^(?<name>.+?)_(?<id>\d+)_assignsubmission_(?<plugin>[a-z]+)_?(?<file>.*)$/;
const GRADESCOPE = /^submission_(?<id>\d+)$/;

/** Canvas: `<name>_<userid>_<attemptid>_<file>` or `<name>_LATE_<userid>_…`; a re-upload's `-1` suffix is removed. */
export function parseCanvas(name: string): ParsedName | undefined {
  const m = CANVAS.exec(name)?.groups;
  if (!m?.name || !m.user || !m.file) return undefined;
  const file = m.file.replace(/-\d+(?=\.[^.]+$)/, '');
  return { student: `${m.name}_${m.user}`, identity: { name: m.name, canvasUserId: m.user, ...(m.late ? { late: true } : {}) }, file };
}

/** Moodle: `<Full Name>_<participant id>_assignsubmission_file_<file>` (a file) or `…_assignsubmission_file_` (a folder). */
export function parseMoodle(name: string): ParsedName | undefined {
  const m = MOODLE.exec(name)?.groups;
  if (!m?.name || !m.id || m.plugin !== 'file') return undefined;
  return { student: `${m.name}_${m.id}`, identity: { name: m.name, moodleParticipantId: m.id }, file: m.file ?? '' };
}

/** Moodle names of other plugins (online text, comments): recognised, but nothing to grade. */
export function isMoodleOther(name: string): boolean {
  const m = MOODLE.exec(name)?.groups;
  return m !== undefined && m.plugin !== 'file';
}

/** Gradescope: a `submission_<id>` folder. */
export function parseGradescope(name: string): string | undefined {
  return GRADESCOPE.exec(name)?.groups?.id;
}

/** Which layout a folder's top-level names suggest (the one most names fit), else one folder per student. */
export function detectLayout(names: { name: string; dir: boolean }[]): Layout {
  if (names.some((n) => n.name === 'submission_metadata.yml') || (names.some((n) => n.dir) && names.filter((n) => n.dir).every((n) => parseGradescope(n.name)))) {
    if (names.some((n) => n.dir && parseGradescope(n.name))) return 'gradescope';
  }
  const moodle = names.filter((n) => parseMoodle(n.name) || isMoodleOther(n.name)).length;
  const canvas = names.filter((n) => !n.dir && parseCanvas(n.name)).length;
  if (moodle > 0 && moodle >= canvas) return 'moodle';
  if (canvas > 0) return 'canvas';
  return 'folders';
}
