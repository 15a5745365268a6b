// `sockgrade list`: the bundled assignments with their titles.
import { loadAssignmentFile } from '../spec/load.js';
import { ASSIGNMENTS_DIR, bundledIds } from './catalog.js';
import type { CommandIO } from './check-command.js';
import path from 'node:path';

/** Prints one line per bundled assignment: id, transport, title. */
export async function listCommand(io: CommandIO): Promise<number> {
  for (const id of bundledIds()) {
    const { assignment } = await loadAssignmentFile(path.join(ASSIGNMENTS_DIR, `${id}.yaml`));
    io.stdout.write(`${id.padEnd(18)} ${assignment.transport.toUpperCase()}  ${assignment.title}\n`);
  }
  return 0;
}
