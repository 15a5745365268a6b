// Registry of live student processes, so that nothing a student started outlives the harness.

import { signalGroup } from './group.js';

/** What the registry needs of a live process: its group id and a way to stop it. */
export interface LiveProcess {
  readonly pgid: number;
  stop(): Promise<unknown>;
}

const live = new Set<LiveProcess>();
let exitHandlerInstalled = false;

/** Records a process as live until `forget` is called; installs the exit handler on first use. */
export function remember(entry: LiveProcess): void {
  if (!exitHandlerInstalled) {
    process.on('exit', killAllProcessesSync);
    exitHandlerInstalled = true;
  }
  live.add(entry);
}

/** Removes a process from the registry once it and its group are gone. */
export function forget(entry: LiveProcess): void {
  live.delete(entry);
}

/** Number of student processes started and not yet fully ended. */
export function liveProcessCount(): number {
  return live.size;
}

/** Stops every live student process (SIGTERM, grace, SIGKILL) and waits for all of them. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...live].map((entry) => entry.stop()));
}

/** SIGKILLs every live process group at once, synchronously; for exit and signal handlers. */
export function killAllProcessesSync(): void {
  for (const entry of live) signalGroup(entry.pgid, 'SIGKILL');
}
