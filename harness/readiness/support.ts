// Whether readiness can be observed through /proc here. A module of its own: the command asks it when
// it plans a grading, without loading how sockets are read (that runs in the grading worker).
import { accessSync, constants } from 'node:fs';

let supported: boolean | undefined;

/** Whether readiness can be observed through /proc here (Linux with a readable /proc/self/net/tcp). */
export function procReadinessSupported(): boolean {
  if (supported === undefined) {
    try {
      accessSync('/proc/self/net/tcp', constants.R_OK);
      supported = process.platform === 'linux';
    } catch {
      supported = false;
    }
  }
  return supported;
}
