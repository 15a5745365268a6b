// Check: the student's server starts and binds the assignment's transport and port.
import type { Check } from '../types.js';
import { formatAddress } from '../../session/student-server.js';

/** `server-binds`: starts and binds the right transport and port. */
export function serverBinds(points: number, transport: 'udp' | 'tcp', port: number): Check {
  const verb = transport === 'tcp' ? 'listens on' : 'binds';
  return {
    id: 'server-binds',
    title: `starts and ${verb} ${transport.toUpperCase()} port ${port}`,
    role: 'server',
    group: 'core',
    points,
    async run(ctx) {
      if (!ctx.server) throw new Error('server-binds needs the server role');
      const started = await ctx.server.start(ctx.log);
      if (!started.ok) return started.verdict;
      return { status: 'passed', message: `bound ${transport.toUpperCase()} ${formatAddress(started.socket)}` };
    },
  };
}
