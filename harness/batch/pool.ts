// A fixed number of gradings at a time over a list; once stopped, no new item starts.

/** Runs `work` over `items` with at most `jobs` at once; resolves when all started items are done. */
export async function runPool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>, stopped: () => boolean): Promise<void> {
  let next = 0;
  const runner = async (): Promise<void> => {
    while (!stopped() && next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, runner));
}
