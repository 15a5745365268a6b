// Errors that are the user's to fix (usage, spec files): exit code 2, never charged to a student.

/** A problem with the command line or an input file; the message says which file, field, what was expected and found. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** One or more problems in an assignment or fixtures file. */
export class SpecError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(problems.map((p) => `${file}:${p}`).join('\n'));
  }
}
