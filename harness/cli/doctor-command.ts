// `sockgrade doctor`: what isolation this machine allows for gradings, and how to enable more.
import { detectIsolation } from '../sandbox/detect.js';
import { renderDoctor } from '../sandbox/doctor.js';
import type { CommandIO } from './check-command.js';

/** Prints the isolation report; exit 0 when each grading can get its own namespaces, else 1. */
export async function doctorCommand(io: CommandIO): Promise<number> {
  const report = await detectIsolation();
  io.stdout.write(renderDoctor(report));
  return report.namespace === null ? 1 : 0;
}
