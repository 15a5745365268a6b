// A fixed number of gradings at a time over a list, each prepared while earlier ones run; once
// stopped, no new item starts, and those prepared ahead are discarded.

/** What the pool does with each item: prepare it (ahead of its turn), then run it, or discard it. */
export interface PoolSteps<T, P> {
  /** Makes `item` ready to run; must not reject (a failure is for `run` to report). */
  prepare(item: T): Promise<P>;
  run(prepared: P, item: T): Promise<void>;
  /** Drops what was prepared for an item that will not run (the pool was stopped). */
  discard(prepared: P): void;
}

/**
 * Runs `steps` over `items`, at most `jobs` at once. Up to `jobs` items are prepared ahead, in
 * order, while the running ones run, so that a job that ends finds the next item ready (whichever
 * job ends first takes it: none waits for another's). Resolves when every item started has run and
 * every item prepared ahead and not started has been discarded.
 */
export async function runPool<T, P>(items: readonly T[], jobs: number, steps: PoolSteps<T, P>, stopped: () => boolean): Promise<void> {
  const width = Math.max(1, Math.min(jobs, items.length));
  let next = 0;
  const ahead: { item: T; prepared: Promise<P> }[] = [];
  const prepareAhead = (): void => {
    while (ahead.length < width && next < items.length && !stopped()) {
      const item = items[next++] as T;
      ahead.push({ item, prepared: steps.prepare(item) });
    }
  };
  const job = async (): Promise<void> => {
    for (;;) {
      if (ahead.length === 0) prepareAhead();
      const turn = ahead.shift();
      if (turn === undefined) return;
      const prepared = await turn.prepared;
      if (stopped()) {
        steps.discard(prepared);
        continue;
      }
      // The run starts first (a grading worker gets its plan at once), then the next items are
      // prepared while it runs: preparing copies files, partly with synchronous calls.
      const running = steps.run(prepared, turn.item);
      prepareAhead();
      await running;
    }
  };
  await Promise.all(Array.from({ length: width }, job));
}
