// Each catalogued mistake, made by a fixture program the way a student makes it, gives its hint: the
// exact text a student reads, with every check's status (where it fails matters as much as the words).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectIsolation } from '../../harness/sandbox/detect.js';
import { HINT_IDS, hintFromOutput } from '../../harness/checks/hints.js';
import { grade, TEST_SANDBOX } from './grade.js';

/** True when this project's gradings run in a network namespace of their own (only loopback inside). */
const namespaced = TEST_SANDBOX === 'auto' && (await detectIsolation()).namespace !== null;

/** An anchored regex matching exactly `text`, where each `{n}` stands for a number that differs from run to run (a port). */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll('\\{n\\}', '\\d+')}$`);
}

describe('"Address already in use" caused by the server itself', () => {
  it('names a second bind of the port the server already holds, with the line that does it', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-binds-reply-socket.py' });
    // It binds and starts correctly, then dies at its first request: nothing more can be judged.
    expect(g.statuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'failed',
      'server-replies-non-ascii': 'skipped',
      'server-replies-whitespace': 'skipped',
      'server-replies-long-line': 'skipped',
      'server-replies-empty': 'skipped',
      'server-keeps-serving': 'skipped',
      'server-udp-interleaved': 'skipped',
    });
    const c = g.check('server-replies-core');
    expect(c.message).toBe('your server exited with code 1 while handling "hello world", without replying');
    expect(c.actual).toMatch(/^no reply; the server exited with code 1\nlast lines of stderr:\n[\s\S]*OSError: \[Errno 98\] Address already in use$/);
    const port = g.result.environment.port.used;
    expect(c.hint).toBe(
      `"Address already in use" comes from your own server: it had already bound port ${port} in this grading, and line 14 (replySocket.bind(('', serverPort))) binds it again. ` +
        'A port can be bound by one socket at a time: create and bind the server socket once, before the `while True:` loop, and use that one socket for every recvfrom() and sendto().',
    );
    expect(g.check('server-keeps-serving').message).toBe(
      'no reply came back even to the first client, so whether your server serves one client after another cannot be told',
    );
  });
});

describe('a LAN address as the server name', () => {
  // The fixture sends to 192.168.1.23. Only a grading inside a network namespace (loopback only, where
  // the send fails with "Network is unreachable") may run it: on the machine's own network the datagram
  // would go out. So the test asks for one with --sandbox namespace in both e2e projects (sockgrade
  // exits 2 rather than grade without one), and the fixture itself also refuses to send unless loopback
  // is its only interface.
  it('names the address and the fix, from the program text, inside a namespace', async () => {
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-lan-address.py' }, ['--port', 'auto', '--sandbox', 'namespace']);
    expect(g.result.environment.sandbox).toBe('namespace');
    expect(g.statuses()).toEqual({ 'client-sends-sentence': 'failed', 'client-prints-reply': 'skipped', 'client-exits': 'skipped' });
    const c = g.check('client-sends-sentence');
    expect(c.message).toMatch(exactly(`with "hello world" on stdin, your client sent nothing to sockgrade's server (UDP localhost port {n})`));
    expect(c.actual).toMatch(/^nothing received; your client exited with code 1\nlast lines of stderr:\n[\s\S]*OSError: \[Errno 101\] Network is unreachable$/);
    expect(c.hint).toBe(
      "Your client sends to 192.168.1.23 (serverName = '192.168.1.23'), another machine's address: sockgrade's server runs on this machine, so use 'localhost' (sockgrade also passes it as argv[1] and in SERVER_HOST).",
    );
  });

  it('without an address in the program text, explains "Network is unreachable" alone', () => {
    const hint = hintFromOutput({
      stdout: 'Input lowercase sentence:',
      stderr: 'Traceback (most recent call last):\n  File "c.py", line 7, in <module>\nOSError: [Errno 101] Network is unreachable\n',
      port: 12000,
      host: 'localhost',
      transport: 'udp',
      role: 'client',
      source: "serverName = gethostbyname('labpc')\n",
    });
    expect(hint).toBe(
      `Your client's server address could not be reached from here ("Network is unreachable"): it names another machine. sockgrade's server runs on this machine: use 'localhost' as the server name (sockgrade also passes it as argv[1] and in SERVER_HOST).`,
    );
  });
});

describe('a client waiting forever for a reply that never comes', () => {
  it('says it was blocked in recvfrom(), that it sent elsewhere, and where, from the program text', async () => {
    // In a namespace the assignment's port 12000 is free; on the shared network, a free port.
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-wrong-port.py' }, namespaced ? [] : ['--port', 'auto']);
    expect(g.statuses()).toEqual({ 'client-sends-sentence': 'failed', 'client-prints-reply': 'skipped', 'client-exits': 'skipped' });
    const c = g.check('client-sends-sentence');
    const port = g.result.environment.port.used;
    expect(c.message).toBe(`with "hello world" on stdin, your client sent nothing to sockgrade's server (UDP localhost port ${port})`);
    expect(c.actual).toBe('nothing received; your client was still running and was stopped by sockgrade');
    const where = namespaced
      ? 'Your program sends to port 12001 (serverPort = 12001): this assignment uses port 12000.'
      : `Your program sends to port 12001 (serverPort = 12001), but --port auto asked for a free port, so sockgrade's server listened on port ${port} and passed it to your client as argv[2] and SERVER_PORT. Read the port from sys.argv[2] or os.environ['SERVER_PORT'], defaulting to 12000.`;
    expect(c.hint).toMatch(
      exactly(
        `Your client was blocked in recvfrom(), waiting for a reply, when sockgrade stopped it: it had sent a datagram (from UDP port {n}), but sockgrade's server (UDP localhost port ${port}) received nothing, so the datagram went somewhere else. ${where} Without settimeout(), recvfrom() waits forever for a reply that never comes.`,
      ),
    );
  });

  it('in pair mode, blames the student server that never replies (it did not answer sockgrade either)', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-replies-to-fixed-port.py', client: 'styles/udp-client.py' }, ['--port', 'auto', '--pair']);
    expect(g.statuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'failed',
      'server-replies-non-ascii': 'skipped',
      'server-replies-whitespace': 'skipped',
      'server-replies-long-line': 'skipped',
      'server-replies-empty': 'skipped',
      'server-keeps-serving': 'skipped',
      'server-udp-interleaved': 'skipped',
      'client-sends-sentence': 'passed',
      'client-prints-reply': 'passed',
      'client-exits': 'passed',
      'pair-end-to-end': 'failed',
    });
    const c = g.check('pair-end-to-end');
    expect(c.message).toBe('with "hello world" on stdin, your client talking to your server did not print "HELLO WORLD" and exit with status 0');
    expect(c.actual).toBe('stdout: "Input lowercase sentence:"; still running');
    expect(c.hint).toBe(
      "Your client was blocked in recvfrom(), waiting for a reply, when sockgrade stopped it: your server never replies (it did not answer sockgrade's client either; see the server checks above). Fix the server first. Without settimeout(), recvfrom() waits forever for a reply that never comes.",
    );
  });

  it('in pair mode, with a working server, names the port the client sends to instead', async () => {
    const g = await grade('udp-uppercase', { server: 'styles/udp-server.py', client: 'faulty/udp-client-wrong-port.py' }, [...(namespaced ? [] : ['--port', 'auto']), '--pair']);
    expect(g.coreStatuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'passed',
      'server-keeps-serving': 'passed',
      'server-udp-interleaved': 'passed',
      'client-sends-sentence': 'failed',
      'client-prints-reply': 'skipped',
      'client-exits': 'skipped',
      'pair-end-to-end': 'failed',
    });
    const port = g.result.environment.port.used;
    expect(g.check('pair-end-to-end').hint).toBe(
      `Your client was blocked in recvfrom(), waiting for a reply, when sockgrade stopped it, though your server answers sockgrade's client on port ${port}: your client sends to port 12001 (serverPort = 12001)${namespaced ? '' : ', not to the port sockgrade passed it as argv[2] and SERVER_PORT'}. Both programs must use the same port. Without settimeout(), recvfrom() waits forever for a reply that never comes.`,
    );
  });
});

describe('the catalogue in the docs', () => {
  it('lists every hint id, and no other', () => {
    const docs = readFileSync('docs/assignments.md', 'utf8');
    const section = docs.slice(docs.indexOf('\n## Hints\n'), docs.indexOf('\n## `sockgrade validate`\n'));
    expect([...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1])).toEqual(HINT_IDS);
  });
});
