import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each test gets fresh modules: the lookups are cached per process.
async function fresh(): Promise<{ startEarly: (argv: string[]) => void; lookedUp: () => string[] }> {
  vi.resetModules();
  const { startEarly } = await import('../../harness/cli/early.js');
  const { lookedUp } = await import('../../harness/session/interpreters.js');
  return { startEarly, lookedUp };
}

const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-early-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, 'class', 'ana'), { recursive: true });
writeFileSync(path.join(dir, 'class', 'ana', 'UDPServer.py'), 'print(1)\n');
mkdirSync(path.join(dir, 'java', 'ben'), { recursive: true });
writeFileSync(path.join(dir, 'java', 'ben', 'UDPServer.java'), 'class UDPServer {}\n');
const server = path.join(dir, 'class', 'ana', 'UDPServer.py');

describe('startEarly', () => {
  it("starts looking up the interpreter of a class folder's language for grade", async () => {
    const { startEarly, lookedUp } = await fresh();
    startEarly(['grade', 'udp-uppercase', path.join(dir, 'class'), '-o', path.join(dir, 'results'), '--jobs', '2']);
    expect(lookedUp()).toEqual(['python3']);
  });

  it('starts looking up the interpreter of the files check is given, as --server FILE or --server=FILE', async () => {
    const a = await fresh();
    a.startEarly(['check', 'udp-uppercase', '--server', server]);
    expect(a.lookedUp()).toEqual(['python3']);
    const b = await fresh();
    b.startEarly(['check', 'udp-uppercase', `--client=${path.join(dir, 'java', 'ben', 'UDPServer.java')}`]);
    expect(b.lookedUp()).toEqual(['java']);
  });

  it('starts nothing for other commands, for help, or when nothing named exists', async () => {
    const { startEarly, lookedUp } = await fresh();
    startEarly(['validate', server]);
    startEarly(['grade', '--help', path.join(dir, 'class')]);
    startEarly(['grade', 'udp-uppercase', path.join(dir, 'no-such-class')]);
    startEarly([]);
    expect(lookedUp()).toEqual([]);
  });

  it('does not throw on an argument that cannot be looked at', async () => {
    const { startEarly, lookedUp } = await fresh();
    expect(() => startEarly(['check', 'udp-uppercase', '--server', path.join(server, 'not-a-folder'), '--client', '\0'])).not.toThrow();
    expect(lookedUp()).toEqual([]);
  });
});
