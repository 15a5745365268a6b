// Progress of a batch: a bar with counts and ETA on a terminal (cli-progress), plain lines elsewhere (CI, pipes, tests).
import type { TextSink } from '../reporters/types.js';
import type { EntrySummary } from './types.js';

/** What the batch tells its progress display. */
export interface Progress {
  /** One grading ended (its entry), `done` of `total` now. */
  graded(entry: EntrySummary, done: number, total: number): void;
  stop(): void;
}

/** A progress bar on `stream` (a TTY); cli-progress is loaded only then. */
export async function barProgress(stream: NodeJS.WriteStream, total: number): Promise<Progress> {
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream, format: 'grading {bar} {value}/{total} · {errors} errors · ETA {eta_formatted} · {student}', hideCursor: true, etaBuffer: 20, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let errors = 0;
  bar.start(total, 0, { student: '', errors });
  return {
    graded(entry, done) {
      if (entry.error) errors += 1;
      bar.update(done, { student: entry.student, errors });
    },
    stop: () => bar.stop(),
  };
}

/** One line per grading on `sink`: `[done/total] student score/max (ETA …)`. */
export function lineProgress(sink: TextSink, total: number, now: () => number = () => performance.now()): Progress {
  const started = now();
  return {
    graded(entry, done) {
      const outcome = entry.error ? `error: ${entry.error.split('\n')[0] ?? ''}` : entry.result ? `${entry.result.score}/${entry.result.maxScore}` : 'not graded';
      const perItem = (now() - started) / done;
      const eta = done < total ? ` · ETA ${Math.ceil((perItem * (total - done)) / 1000)} s` : '';
      sink.write(`[${done}/${total}] ${entry.student}: ${outcome}${eta}\n`);
    },
    stop() {},
  };
}
