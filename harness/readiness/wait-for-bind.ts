// Waiting, by observation and without sending anything, until a student's server has bound its socket.

import { createBoundSocketReader } from './bound-sockets.js';
import type { BindWait, BoundSocket, WaitForBindOptions } from './types.js';

const FIRST_INTERVAL_MS = 1;
const MAX_INTERVAL_MS = 5;
const INTERVAL_GROWTH = 1.5;
const DEFAULT_MISMATCH_GRACE_MS = 300;

/** Whether `socket` is the one the options ask for (transport, and port when given). */
export function isExpectedSocket(socket: BoundSocket, o: Pick<WaitForBindOptions, 'transport' | 'port'>): boolean {
  return socket.transport === o.transport && (o.port === undefined || socket.port === o.port);
}

/** Resolves after `ms` or as soon as `stop` settles, whichever is first; leaves no timer behind. */
async function pause(ms: number, stop: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), stop]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls the /proc view of `o.pid`'s process tree (from `o.firstLookMs` on when that is within the budget, every 1 ms at first, growing to 5 ms) until the
 * expected socket is bound ('bound'), only other sockets have been bound for `mismatchGraceMs`
 * ('mismatch'), the process exits ('exited', at once), or `timeoutMs` passes ('timeout').
 */
export async function waitForBind(o: WaitForBindOptions): Promise<BindWait> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const graceMs = o.mismatchGraceMs ?? DEFAULT_MISMATCH_GRACE_MS;
  const reader = o.reader ?? createBoundSocketReader(o.pid, o.transport);
  let exited = false;
  // Settles (never rejects) when the process exits, so that a pause ends at once.
  const exit = o.exited.then(
    () => void (exited = true),
    () => void (exited = true),
  );
  let all: BoundSocket[] = [];
  let mismatchSinceMs: number | undefined;
  // Put off only within the budget: with a budget shorter than servers were seen to take, the first look
  // is made at once (the budget's end then decides), not after a pause a busy machine may stretch past
  // the budget to a moment the server has bound.
  const firstLookMs = o.firstLookMs ?? 0;
  if (firstLookMs > 0 && firstLookMs < o.timeoutMs) await pause(firstLookMs, exit);
  for (let intervalMs = FIRST_INTERVAL_MS; ; intervalMs = Math.min(MAX_INTERVAL_MS, intervalMs * INTERVAL_GROWTH)) {
    if (exited) return { kind: 'exited', all, waitedMs: elapsed() }; // `all`: what was bound before the exit
    all = reader.read();
    const socket = all.find((s) => isExpectedSocket(s, o));
    if (socket !== undefined) return { kind: 'bound', socket, all, waitedMs: elapsed() };
    const now = performance.now() - started;
    mismatchSinceMs = all.length === 0 ? undefined : (mismatchSinceMs ?? now);
    if (mismatchSinceMs !== undefined && now - mismatchSinceMs >= graceMs) return { kind: 'mismatch', all, waitedMs: elapsed() };
    if (now >= o.timeoutMs) return { kind: 'timeout', all, waitedMs: elapsed() };
    const untilGraceEnds = mismatchSinceMs === undefined ? Infinity : mismatchSinceMs + graceMs - now;
    await pause(Math.max(0, Math.min(intervalMs, o.timeoutMs - now, untilGraceEnds)), exit);
  }
}
