// The reporter names and `--reporter NAME[=FILE]` parsing, apart from the reporters themselves, so that
// the command line can describe its options without loading every reporter.
import { UsageError } from '../spec/errors.js';

/** The known reporter names, sorted (for help and errors). */
export const REPORTER_NAMES = ['github', 'gradescope', 'json', 'junit', 'markdown', 'tap', 'terminal'] as const;

/** A known reporter name. */
export type ReporterName = (typeof REPORTER_NAMES)[number];

/** A parsed `--reporter` value: a name, and a file (absent: stdout). */
export interface ReporterSpec {
  name: ReporterName;
  file?: string;
}

/** Parses `NAME` or `NAME=FILE`; a UsageError names what was expected. */
export function parseReporterSpec(value: string): ReporterSpec {
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  const file = eq < 0 ? undefined : value.slice(eq + 1);
  if (!name || file === '') throw new UsageError(`--reporter: expected NAME or NAME=FILE, got ${JSON.stringify(value)}`);
  if (!isName(name)) throw new UsageError(`--reporter: unknown reporter ${JSON.stringify(name)}; known: ${REPORTER_NAMES.join(', ')}`);
  return file === undefined ? { name } : { name, file };
}

function isName(name: string): name is ReporterName {
  return (REPORTER_NAMES as readonly string[]).includes(name);
}
