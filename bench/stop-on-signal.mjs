// Shared by the benches: the command a bench is running is started in a process group of its own
// (`detached: true`, then `track`), so that a stopped bench (Ctrl-C, SIGTERM from a CI job's timeout)
// passes the signal once to it and everything it started, waits for it to end (10 s at most, then
// SIGKILL), cleans up (its temp folder) and exits 130 / 143.

/** The command running now, if any. */
let running;

/** Marks `child` (spawned with `detached: true`) as the command running until it closes. */
export function track(child) {
  running = child;
  child.once('close', () => {
    if (running === child) running = undefined;
  });
  return child;
}

/** On SIGINT or SIGTERM: stops the running command's process group, then `cleanUp()`, then exits. */
export function stopOnSignal(cleanUp, name = 'bench') {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      const child = running;
      if (child) {
        const closed = new Promise((resolve) => child.once('close', resolve));
        const toGroup = (s) => {
          try {
            process.kill(-child.pid, s);
          } catch {}
        };
        toGroup(signal);
        const timer = setTimeout(() => toGroup('SIGKILL'), 10_000);
        await closed;
        clearTimeout(timer);
      }
      const note = cleanUp();
      process.stderr.write(`${name}: stopped by ${signal}${note ? `; ${note}` : ''}\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }
}
