// Legitimate styles are never penalised: prompts, labels, trailing newlines, sendall, threads,
// binding 127.0.0.1, other languages launched by extension.
import { describe, expect, it } from 'vitest';
import { grade } from './grade.js';

const allPassed = (g: Awaited<ReturnType<typeof grade>>) => Object.values(g.coreStatuses()).every((s) => s === 'passed');

describe('legitimate styles get full marks', () => {
  it.each([
    ['udp-uppercase', 'styles/udp-server.py'],
    ['udp-uppercase', 'styles/udp-server-binds-127.py'],
    ['udp-uppercase', 'styles/udp-server-prints-each-request.py'],
    ['tcp-uppercase', 'styles/tcp-server.py'],
    ['tcp-uppercase', 'styles/tcp-server-sendall.py'],
    ['tcp-uppercase', 'styles/tcp-server-threaded.py'],
    ['udp-uppercase', 'other-languages/udp-server.js'],
  ])('%s server %s', async (assignment, server) => {
    const g = await grade(assignment, { server });
    // Full marks on the core; beyond it, only the one-shot recv(1024) of these TCP servers costs the long line.
    expect(g.result.checks.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual(
      assignment === 'tcp-uppercase' ? ['server-replies-long-line'] : [],
    );
    expect(allPassed(g)).toBe(true);
  });

  it.each([
    ['udp-uppercase', 'styles/udp-client.py'],
    ['udp-uppercase', 'styles/udp-client-no-prompt.py'],
    ['udp-uppercase', 'styles/udp-client-trailing-newline.py'],
    ['udp-uppercase', 'styles/udp-client-sends-newline.py'],
    ['tcp-uppercase', 'styles/tcp-client.py'],
    ['tcp-uppercase', 'styles/tcp-client-label-and-newline.py'],
    ['tcp-uppercase', 'styles/tcp-client-sendall.py'],
    ['tcp-uppercase', 'other-languages/tcp-client.js'],
    ['udp-uppercase', 'other-languages/UDPClient.java'],
  ])('%s client %s', async (assignment, client) => {
    const g = await grade(assignment, { client });
    expect(g.result.checks.filter((c) => c.status !== 'passed').map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(g.code).toBe(0);
  });

  it('grades a port-honouring pair, server and client together', async () => {
    const g = await grade('tcp-uppercase', { server: 'styles/tcp-server.py', client: 'styles/tcp-client.py' });
    expect(allPassed(g)).toBe(true);
    expect(g.result.submission.server?.command).toMatch(/^python3 tcp-server\.py localhost \d+$/);
  });
});
