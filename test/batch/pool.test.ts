import { describe, expect, it } from 'vitest';
import { runPool, type PoolSteps } from '../../harness/batch/pool.js';

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Steps that log each prepare, run and discard of items 0…n; item i's run ends when `ends(i)` resolves. */
function loggedSteps(log: string[], ends: (i: number) => Promise<void> | undefined): PoolSteps<number, number> {
  return {
    prepare: async (i) => {
      log.push(`prepare ${i}`);
      return i;
    },
    run: async (i) => {
      log.push(`run ${i}`);
      await ends(i);
    },
    discard: (i) => log.push(`discard ${i}`),
  };
}

/** Lets every pending callback run (the pool reacts to each settled promise within a few turns). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('runPool', () => {
  it('prepares the next items while the first ones run, and runs each prepared item once, at most `jobs` at once', async () => {
    const log: string[] = [];
    const gates = [gate(), gate(), gate(), gate()];
    let running = 0;
    let most = 0;
    const pool = runPool(
      [0, 1, 2, 3],
      2,
      {
        prepare: async (i) => {
          log.push(`prepare ${i}`);
          return `p${i}`;
        },
        run: async (p, i) => {
          running += 1;
          most = Math.max(most, running);
          log.push(`run ${p}`);
          await gates[i]?.opened;
          running -= 1;
        },
        discard: (p) => log.push(`discard ${p}`),
      },
      () => false,
    );
    await settle();
    // Two run, two more are prepared ahead.
    expect(log.filter((l) => l.startsWith('run'))).toEqual(['run p0', 'run p1']);
    expect(log.filter((l) => l.startsWith('prepare'))).toEqual(['prepare 0', 'prepare 1', 'prepare 2', 'prepare 3']);
    for (const g of gates) g.open();
    await pool;
    expect(log.filter((l) => l.startsWith('run'))).toEqual(['run p0', 'run p1', 'run p2', 'run p3']);
    expect(most).toBe(2);
  });

  it('gives the next prepared item to whichever job ends first', async () => {
    const finished: number[] = [];
    const slow = gate();
    const pool = runPool(
      [0, 1, 2, 3],
      2,
      {
        prepare: async (i) => i,
        run: async (i) => {
          if (i === 0) await slow.opened;
          finished.push(i);
        },
        discard: () => {},
      },
      () => false,
    );
    for (let turn = 0; turn < 5; turn++) await settle();
    // Item 0 still runs; the items prepared meanwhile (2, 3) did not wait for its job.
    expect(finished).toEqual([1, 2, 3]);
    slow.open();
    await pool;
    expect(finished).toEqual([1, 2, 3, 0]);
  });

  it('starts a job\'s next run before it prepares further items (a worker gets its plan first)', async () => {
    const log: string[] = [];
    const gates = [gate(), gate(), gate(), gate(), gate(), gate()];
    const pool = runPool([0, 1, 2, 3, 4, 5], 2, loggedSteps(log, (i) => gates[i]?.opened), () => false);
    await settle();
    gates[0]?.open();
    await settle();
    // Item 0's job ran item 2 before it prepared item 4.
    expect(log).toEqual(['prepare 0', 'prepare 1', 'run 0', 'prepare 2', 'prepare 3', 'run 1', 'run 2', 'prepare 4']);
    for (const g of gates) g.open();
    await pool;
    expect(log.filter((l) => l.startsWith('run'))).toEqual(['run 0', 'run 1', 'run 2', 'run 3', 'run 4', 'run 5']);
  });

  it('discards the items prepared ahead once stopped, and starts no other', async () => {
    let stop = false;
    const running = gate();
    const log: string[] = [];
    const pool = runPool([0, 1, 2, 3, 4, 5], 2, loggedSteps(log, () => running.opened), () => stop);
    await settle();
    stop = true;
    running.open();
    await pool;
    expect(log.filter((l) => !l.startsWith('prepare'))).toEqual(['run 0', 'run 1', 'discard 2', 'discard 3']);
    expect(log.filter((l) => l.startsWith('prepare'))).toEqual(['prepare 0', 'prepare 1', 'prepare 2', 'prepare 3']);
  });
});
