// The step-by-step log of a check's interaction: what a student reads when a check fails.
import type { TranscriptEntry } from '../result/types.js';

/** Collects transcript entries with times relative to the check's start. */
export class Transcript {
  readonly entries: TranscriptEntry[] = [];
  private readonly start = performance.now();

  /** Adds one step. */
  add(actor: TranscriptEntry['actor'], kind: TranscriptEntry['kind'], text: string): void {
    this.entries.push({ atMs: Math.round(performance.now() - this.start), actor, kind, text });
  }

  /** A harness action (send, connect, close). */
  harness(kind: TranscriptEntry['kind'], text: string): void {
    this.add('harness', kind, text);
  }

  /** Something the student's program did, as observed. */
  student(kind: TranscriptEntry['kind'], text: string): void {
    this.add('student', kind, text);
  }

  /** sockgrade's own remark (a wait ended, a restart). */
  note(text: string): void {
    this.add('sockgrade', 'note', text);
  }
}
