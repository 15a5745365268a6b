// The messages between a grading worker and its parent: one JSON object per line, a request on its
// stdin, messages back on its stdout.
import type { CheckResult, Result } from '../result/types.js';
import type { GradingPlan } from '../session/plan.js';

/**
 * Parent → worker: grade `plan`. With `progress`, the worker also sends the grading's progress
 * (runStart, then checkStart and checkEnd for each check) before the result; a batch, which shows
 * only whole gradings, goes without (~20 messages fewer per grading, each encoded, sent and parsed).
 */
export interface GradeRequest {
  plan: GradingPlan;
  progress: boolean;
}

/** Worker → parent. */
export type WorkerMessage =
  | { type: 'runStart'; checks: { id: string; title: string; role: string }[] }
  | { type: 'checkStart'; check: { id: string; title: string; role: string } }
  | { type: 'checkEnd'; result: CheckResult }
  | { type: 'result'; result: Result }
  | { type: 'fatal'; message: string }
  /** After a result: its namespaces are clean again, it waits for the next plan. */
  | { type: 'ready' }
  /** After a result: it will not grade again (why), and exits. */
  | { type: 'retired'; reason: string };

/** One line of the protocol. */
export function encodeMessage(message: WorkerMessage | GradeRequest): string {
  return `${JSON.stringify(message)}\n`;
}

/** Splits a byte stream into protocol messages; lines that are not messages are returned as noise. */
export class MessageReader {
  private buffer = '';

  /** Feeds a chunk; returns the complete messages and any non-protocol lines it held. */
  push(chunk: string): { messages: WorkerMessage[]; noise: string[] } {
    this.buffer += chunk;
    const lines = this.buffer.split('\n');
    this.buffer = lines.pop() ?? '';
    const messages: WorkerMessage[] = [];
    const noise: string[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        const parsed = JSON.parse(line) as { type?: unknown };
        if (typeof parsed === 'object' && parsed !== null && typeof parsed.type === 'string') messages.push(parsed as WorkerMessage);
        else noise.push(line);
      } catch {
        noise.push(line);
      }
    }
    return { messages, noise };
  }
}
