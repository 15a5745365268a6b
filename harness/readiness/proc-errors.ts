// Errors that mean "the process or file went away while we looked": normal when scanning /proc.

/**
 * True when `err` says a /proc entry vanished mid-scan (the process exited, the fd was closed). EINVAL
 * too: listing /proc/<pid>/net of a process that is exiting (its network namespace already let go) fails so.
 */
export function isVanished(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ESRCH' || code === 'EINVAL';
}
