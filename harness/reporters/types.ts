// The reporter interface: optional hooks fed by the runner's events and the final result.
import type { CheckResult, Result } from '../result/types.js';
import type { RunEvents } from '../runner.js';

/** A writable text sink (process.stdout, a file stream, a test buffer). */
export interface TextSink {
  write(text: string): unknown;
}

/** One output format. Every hook is optional; none may throw into the run (see multiplexer). */
export interface Reporter extends RunEvents {
  readonly name: string;
  onCheckEnd?(result: CheckResult): void;
  /** The whole result, once; may write files. */
  onRunEnd?(result: Result): void | Promise<void>;
  /** The grading itself failed (a harness error, no result): undo or mark what was written as provisional. */
  onRunError?(error: unknown): void;
}
