// Errors that are the user's to fix (usage, spec files): exit code 2; and a problem of the machine
// sockgrade runs on, described plainly: exit code 3. Never charged to a student.

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

/**
 * A problem of the machine that stops sockgrade from grading, which its message explains (what, and
 * what to do): printed as such, without a stack, exit code 3 (known by its name, as WorkerError is).
 */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';
}
