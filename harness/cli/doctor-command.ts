// `sockgrade doctor`: what isolation this machine allows for gradings, and how to enable more.
import { probeAfresh } from '../sandbox/detect.js';
import { renderDoctor } from '../sandbox/doctor.js';
import type { CommandIO } from './check-command.js';

/**
 * Prints the isolation report, probed afresh (it replaces the one kept for later commands); exit 0
 * when each grading can get its own namespaces, else 1.
 */
export async function doctorCommand(io: CommandIO): Promise<number> {
  const report = await probeAfresh();
  io.stdout.write(renderDoctor(report));
  return report.namespace === null ? 1 : 0;
}
