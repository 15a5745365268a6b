// Samples a running process's CPU time from /proc, to tell a SIGKILL at the CPU hard limit from any other.

import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on every mainstream Linux build). */
const TICKS_PER_SECOND = 100;
/** How often the CPU time is sampled; the hard limit comes one CPU second after the soft one. */
const SAMPLE_EVERY_MS = 200;

/** The CPU seconds (user + system) a process had used when last sampled; Linux only, else always 0. */
export class CpuWatch {
  readonly #pid: number;
  readonly #timer: NodeJS.Timeout | undefined;
  #seconds = 0;

  constructor(pid: number) {
    this.#pid = pid;
    if (process.platform !== 'linux') return;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), SAMPLE_EVERY_MS).unref();
  }

  /** CPU seconds at the last sample. */
  get seconds(): number {
    return this.#seconds;
  }

  /** Stops sampling; call as soon as the process has exited (its pid may be reused). */
  stop(): void {
    clearInterval(this.#timer);
  }

  #sample(): void {
    let text: string;
    try {
      text = readFileSync(`/proc/${this.#pid}/stat`, 'utf8');
    } catch {
      return; // exited
    }
    // Fields after the parenthesised name start at field 3 (state); utime and stime are fields 14 and 15.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    if (Number.isFinite(ticks)) this.#seconds = Math.max(this.#seconds, ticks / TICKS_PER_SECOND);
  }
}
