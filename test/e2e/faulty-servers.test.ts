// Each faulty server fails exactly the check it should, with the message and hint a student reads.
import { describe, expect, it } from 'vitest';
import { grade } from './grade.js';

describe('faulty UDP servers', () => {
  it('catches a server that echoes instead of upper-casing, in server-replies-core only', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-does-not-uppercase.py' });
    expect(g.coreStatuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'failed',
      'server-keeps-serving': 'passed',
      'server-udp-interleaved': 'passed',
    });
    const c = g.check('server-replies-core');
    expect(c.message).toBe('for the sentence "hello world" your server replied "hello world"; expected the sentence in upper case');
    expect(c.expected).toBe('"HELLO WORLD"');
    expect(c.actual).toBe('"hello world"');
    expect(c.hint).toBe('Your server sent the sentence back unchanged: it must reply with the sentence in upper case.');
    expect(c.transcript.map((e) => e.kind)).toEqual(['send', 'receive']);
    // Beyond-the-textbook groups wait for the core sentences: one mistake, one failure.
    expect(g.result.checks.filter((x) => x.group === 'robustness').map((x) => `${x.status} ${x.blockedBy}`)).toEqual(
      Array(4).fill('skipped server-replies-core'),
    );
    expect(c.transcript[0]?.text).toMatch(/^sockgrade sent "hello world" \(11 bytes\) to UDP 127\.0\.0\.1:\d+ from port \d+$/);
    expect(c.transcript[1]?.text).toMatch(/^your server replied "hello world" \(11 bytes\) after \d+ ms$/);
    expect(g.code).toBe(1);
  });

  it('catches a server that lower-cases, with the .lower() hint', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-lowercases.py' });
    expect(g.check('server-replies-core').status).toBe('failed');
    // "hello world" is already lower case, so the first mismatch is the sentence with no capital either:
    expect(g.check('server-replies-core').hint).toBe('Your server sent the sentence back unchanged: it must reply with the sentence in upper case.');
  });

  it('catches a server that exits after its first client, in server-keeps-serving only', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-exits-after-first-client.py' });
    expect(g.coreStatuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'passed',
      'server-keeps-serving': 'failed',
      'server-udp-interleaved': 'skipped',
    });
    const c = g.check('server-keeps-serving');
    expect(c.message).toBe('your server exited normally (code 0) after serving 1 client; client 2 got no reply');
    expect(c.hint).toBe('A server must loop forever: put the recvfrom/sendto code inside `while True:`.');
    expect(g.check('server-udp-interleaved').blockedBy).toBe('server-keeps-serving');
    // server-replies-core restarted the server between sentences (once per sentence after the first, or
    // again when the exit was seen only after a sentence was sent), and says so:
    const notes = g.check('server-replies-core').transcript.filter((e) => e.kind === 'note').map((e) => e.text);
    expect(notes.length).toBeGreaterThanOrEqual(2);
    for (const note of notes) {
      expect([
        'your server had exited (exited normally (code 0)); sockgrade restarts it',
        'your server exited normally right after its previous client; sockgrade restarts it and sends the sentence again',
      ]).toContain(note);
    }
  });

  it('catches a server that replies to a fixed port instead of the sender', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-replies-to-fixed-port.py' });
    expect(g.coreStatuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'failed',
      'server-keeps-serving': 'skipped',
      'server-udp-interleaved': 'skipped',
    });
    const c = g.check('server-replies-core');
    expect(c.message).toBe(
      `your server is running, but no reply to "hello world" reached sockgrade's socket within 2000 ms (instructors: timeouts.exchangeMs)`,
    );
    expect(c.hint).toMatch(/^Reply to the address recvfrom\(\) returned: serverSocket\.sendto\(modifiedMessage, clientAddress\)\. sockgrade's client sent from port \d+, so the reply must go there\.$/);
    expect(g.check('server-keeps-serving').blockedBy).toBe('server-replies-core');
  });

  it("catches the textbook's bind('', port) typo at start-up, with the tuple hint", async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-bind-typo.py' });
    expect(g.coreStatuses()).toEqual({
      'server-binds': 'failed',
      'server-replies-core': 'skipped',
      'server-keeps-serving': 'skipped',
      'server-udp-interleaved': 'skipped',
    });
    const c = g.check('server-binds');
    expect(c.message).toMatch(/^your server exited with code 1 before binding UDP port \d+$/);
    expect(c.actual).toMatch(/^the process exited with code 1, no socket bound\nlast lines of stderr:\n[\s\S]*TypeError: socket\.bind\(\) takes exactly one argument \(2 given\)$/);
    expect(c.hint).toBe(
      "bind() takes one argument, a (host, port) tuple: write serverSocket.bind(('', serverPort)) with two pairs of parentheses. The textbook's bind('', serverPort) is a typo.",
    );
    expect(g.code).toBe(1);
  });

  it('catches a server that never binds, at the start-up budget, naming the setting', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-never-binds.py' });
    const c = g.check('server-binds');
    expect(c.status).toBe('failed');
    expect(c.message).toMatch(/^your server did not bind UDP port \d+ within 5000 ms \(start-up; instructors: timeouts\.startupMs\)$/);
    expect(c.hint).toBe(
      'It printed "The server is ready to receive" but had not bound a socket: create the socket and call bind() before announcing that it is ready.',
    );
  });

  it('catches a UDP assignment answered by a TCP server', async () => {
    const g = await grade('udp-uppercase', { server: 'faulty/udp-server-binds-tcp.py' });
    const c = g.check('server-binds');
    expect(c.status).toBe('failed');
    expect(c.message).toMatch(/^your server opened TCP 0\.0\.0\.0:(\d+), but this assignment uses UDP$/);
    expect(c.hint).toBe('Create the server socket with socket(AF_INET, SOCK_DGRAM) (no listen() or accept() for UDP).');
  });
});

describe('faulty TCP servers', () => {
  it('catches a server that echoes', async () => {
    const g = await grade('tcp-uppercase', { server: 'faulty/tcp-server-does-not-uppercase.py' });
    expect(g.coreStatuses()).toEqual({ 'server-binds': 'passed', 'server-replies-core': 'failed', 'server-keeps-serving': 'passed' });
    expect(g.check('server-replies-core').message).toBe(
      'for the sentence "hello world" your server replied "hello world"; expected the sentence in upper case',
    );
  });

  it('catches a server that exits after its first client', async () => {
    const g = await grade('tcp-uppercase', { server: 'faulty/tcp-server-exits-after-first-client.py' });
    expect(g.coreStatuses()).toEqual({ 'server-binds': 'passed', 'server-replies-core': 'passed', 'server-keeps-serving': 'failed' });
    expect(g.check('server-keeps-serving').message).toBe('your server exited normally (code 0) after serving 1 client; client 2 got no reply');
    expect(g.check('server-keeps-serving').hint).toBe('A server must loop forever: put the accept/recv/send/close code inside `while True:`.');
  });

  it('catches a server that closes its listening socket inside the loop', async () => {
    const g = await grade('tcp-uppercase', { server: 'faulty/tcp-server-closes-listening-socket.py' });
    expect(g.coreStatuses()).toEqual({ 'server-binds': 'passed', 'server-replies-core': 'passed', 'server-keeps-serving': 'failed' });
    const c = g.check('server-keeps-serving');
    expect(c.message).toBe('after serving 1 client, your server stopped accepting connections while still running: it no longer holds its listening socket');
    expect(c.hint).toBe('The listening socket seems to be closed inside the loop: close only connectionSocket after each client; serverSocket must stay open.');
  });

  it('catches recv() on the listening socket, with the connection-socket hint', async () => {
    const g = await grade('tcp-uppercase', { server: 'faulty/tcp-server-recv-on-listening-socket.py' });
    const c = g.check('server-replies-core');
    expect(c.status).toBe('failed');
    expect(c.message).toBe('your server exited with code 1 while handling "hello world", without replying');
    expect(c.hint).toBe(
      'Your server called recv() on the listening socket. accept() returns a new connection socket: call recv() and send() on that one (connectionSocket, addr = serverSocket.accept()).',
    );
  });

  it("catches the bind typo in a TCP server", async () => {
    const g = await grade('tcp-uppercase', { server: 'faulty/tcp-server-bind-typo.py' });
    expect(g.check('server-binds').status).toBe('failed');
    expect(g.check('server-binds').hint).toMatch(/^bind\(\) takes one argument, a \(host, port\) tuple/);
  });
});
