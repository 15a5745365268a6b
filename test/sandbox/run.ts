// Test helper: runs an argv to completion (bounded, SIGKILLed on timeout), and cleans up strays by marker.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** What a finished command did. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `argv` (no shell), stdin empty, killed after `timeoutMs`; resolves when it has exited. */
export function runArgv(argv: string[], options: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('empty argv');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Pids (in this PID namespace) whose command line contains `marker` (argv joined by spaces); `exact`: equals it. */
export function pidsWithMarker(marker: string, exact = false): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0$/, '').split('\0').join(' ');
      if (exact ? cmdline === marker : cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/** SIGKILLs every process whose command line contains `marker`; returns how many there were. */
export function killMarked(marker: string): number {
  const pids = pidsWithMarker(marker).filter((pid) => pid !== process.pid);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids.length;
}

/** The median of some numbers (milliseconds), rounded to 0.1. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(sorted.length / 2)] ?? 0) * 10) / 10;
}
