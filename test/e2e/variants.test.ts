// The §2.7 variants: count-s (UDP and TCP), the concurrent TCP server, and pair mode.
import { describe, expect, it } from 'vitest';
import { cli, grade, program } from './grade.js';

const allPassed = (g: Awaited<ReturnType<typeof grade>>) => Object.entries(g.statuses()).filter(([, s]) => s !== 'passed');

describe('count-s', () => {
  it.each([
    ['udp-count-s', { server: 'variants/udp-count-s-server.py' }],
    ['tcp-count-s', { server: 'variants/tcp-count-s-server.py' }],
    ['udp-count-s', { client: 'variants/udp-count-s-client.py' }],
    ['tcp-count-s', { client: 'styles/tcp-client.py' }],
  ])('%s gives %o full marks', async (assignment, roles) => {
    const g = await grade(assignment, roles);
    expect(allPassed(g)).toEqual([]);
    expect(g.code).toBe(0);
  });

  it('says when both cases of the letter were counted', async () => {
    const g = await grade('udp-count-s', { server: 'faulty/udp-count-s-server-counts-both-cases.py' });
    const c = g.check('server-replies-core');
    expect(c.message).toBe('for the sentence "Sam says: Mississippi" your server replied "7"; expected the number of times \'s\' occurs');
    expect([c.expected, c.actual]).toEqual(['"6"', '"7"']);
    expect(c.hint).toBe("You counted 'S' too: count only 's', as sentence.count('s') does (no .lower() first).");
  });

  it('says when the server still upper-cases', async () => {
    const g = await grade('udp-count-s', { server: 'faulty/udp-count-s-server-uppercases.py' });
    expect(g.check('server-replies-core').hint).toBe(
      "Your server replied with the sentence in upper case; this assignment asks for the number of times 's' occurs, as a decimal number.",
    );
  });
});

describe('tcp-concurrent', () => {
  it('gives a threaded server full core marks', async () => {
    const g = await grade('tcp-concurrent', { server: 'styles/tcp-server-threaded.py' });
    expect(g.coreStatuses()).toEqual({
      'server-binds': 'passed',
      'server-replies-core': 'passed',
      'server-keeps-serving': 'passed',
      'server-concurrent-clients': 'passed',
      'server-survives-silent-client': 'passed',
    });
  });

  it('tells a one-client-at-a-time server that a waiting client blocks the others', async () => {
    const g = await grade('tcp-concurrent', { server: 'styles/tcp-server.py' });
    const c = g.check('server-concurrent-clients');
    expect(c.status).toBe('failed');
    expect(c.message).toBe('while client A held its connection open without sending, client B got no reply within 2000 ms: your server serves one client at a time');
    expect(c.hint).toBe(
      'Serve each connection in its own thread (threading.Thread(target=handle, args=(connectionSocket,)).start()) so that the loop is back in accept() at once. With n clients the server holds n+1 sockets: the listening one and one per connection.',
    );
    expect(g.check('server-survives-silent-client').status).toBe('passed');
  });
});

describe('pair mode', () => {
  it("grades the student's client against the student's server", async () => {
    const g = await grade('udp-uppercase', { server: 'styles/udp-server.py', client: 'styles/udp-client.py' }, ['--port', 'auto', '--pair']);
    expect(g.check('pair-end-to-end')).toMatchObject({ status: 'passed', role: 'pair', message: 'your client printed "HELLO WORLD"' });
  });

  it('fails the pair when the client misprints what the server sent', async () => {
    const g = await grade('tcp-uppercase', { server: 'styles/tcp-server.py', client: 'faulty/tcp-client-prints-bytes.py' }, ['--port', 'auto', '--pair']);
    expect(g.check('pair-end-to-end').status).toBe('failed');
    expect(g.check('pair-end-to-end').message).toBe('with "hello world" on stdin, your client talking to your server did not print "HELLO WORLD" and exit with status 0');
  });

  it('needs both files', async () => {
    const run = await cli(['check', 'udp-uppercase', '--server', program('styles/udp-server.py'), '--pair']);
    expect(run.stderr).toBe('sockgrade: --pair needs both --server FILE and --client FILE\n');
    expect(run.code).toBe(2);
  });
});

describe('multi', () => {
  it.each([
    ['udp-multi', { client: 'variants/udp-multi-client.py' }],
    ['tcp-multi', { client: 'variants/tcp-multi-client.py' }],
    ['tcp-multi', { server: 'variants/tcp-multi-server.py' }],
    ['udp-multi', { server: 'styles/udp-server.py' }],
  ])('%s gives %o full marks', async (assignment, roles) => {
    const g = await grade(assignment, roles);
    expect(allPassed(g)).toEqual([]);
  });

  it('tells a one-sentence client that it must keep sending lines', async () => {
    const g = await grade('udp-multi', { client: 'styles/udp-client.py' });
    const c = g.check('client-sends-sentence');
    expect(c.title).toBe('sends each line typed on stdin, one exchange per line, until end of input or "quit"');
    expect(c.message).toBe(
      'with the lines "hello world", "the quick brown fox jumps over the lazy dog", "sockets are fun, said the student" on stdin, your client sent 1 of the 3 lines, then nothing more',
    );
    expect(c.hint).toBe('Keep reading lines and sending each one in a loop, until the input ends.');
  });

  it('tells a client that sends the quit word not to', async () => {
    const g = await grade('udp-multi', { client: 'faulty/udp-multi-client-sends-quit.py' });
    const c = g.check('client-sends-sentence');
    expect(c.message).toBe(
      'with the lines "hello world", "the quick brown fox jumps over the lazy dog" on stdin and then "quit", your client sent the quit word "quit"; it must stop there without sending it',
    );
    expect(c.hint).toBe("Check each line before sending it: if line == 'quit': break");
  });

  it('tells a TCP server that closes after one reply to keep answering on the connection', async () => {
    const g = await grade('tcp-multi', { server: 'styles/tcp-server.py' });
    const c = g.check('server-answers-on-one-connection');
    expect(c.message).toBe('your server did not answer sentence 2 sent on the same connection: it closed the connection after the first reply');
    expect(c.hint).toBe("Loop on the connection: keep calling recv() and replying until it returns b'' (the client closed), then close the connection socket.");
  });
});
