// Several reporters behind one: each hook call is isolated, so one broken reporter cannot take the
// others (or the run) down. Failures are collected and reported once.
import type { CheckResult, Result } from '../result/types.js';
import type { Reporter } from './types.js';

/** Reporters combined; `failures` lists each reporter error ("terminal: onCheckEnd: …"). */
export class ReporterMultiplexer implements Reporter {
  readonly name = 'multiplexer';
  readonly failures: string[] = [];

  constructor(private readonly reporters: Reporter[]) {}

  onRunStart(info: Parameters<NonNullable<Reporter['onRunStart']>>[0]): void {
    for (const r of this.reporters) this.guard(r, 'onRunStart', () => r.onRunStart?.(info));
  }

  onCheckStart(check: Parameters<NonNullable<Reporter['onCheckStart']>>[0]): void {
    for (const r of this.reporters) this.guard(r, 'onCheckStart', () => r.onCheckStart?.(check));
  }

  onCheckEnd(result: CheckResult): void {
    for (const r of this.reporters) this.guard(r, 'onCheckEnd', () => r.onCheckEnd?.(result));
  }

  async onRunEnd(result: Result): Promise<void> {
    for (const r of this.reporters) {
      try {
        await r.onRunEnd?.(result);
      } catch (error) {
        this.failures.push(`${r.name}: onRunEnd: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** The grading failed without a result: each reporter may undo what it wrote. */
  onRunError(error: unknown): void {
    for (const r of this.reporters) this.guard(r, 'onRunError', () => r.onRunError?.(error));
  }

  private guard(r: Reporter, hook: string, call: () => unknown): void {
    try {
      call();
    } catch (error) {
      this.failures.push(`${r.name}: ${hook}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
