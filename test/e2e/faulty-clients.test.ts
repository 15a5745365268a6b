// Each faulty client fails exactly the check it should, with the message and hint a student reads.
import { describe, expect, it } from 'vitest';
import { grade } from './grade.js';

describe('faulty UDP clients', () => {
  it('catches a client that prints b\'...\' (reply not decoded), in client-prints-reply only', async () => {
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-prints-bytes.py' });
    expect(g.statuses()).toEqual({ 'client-sends-sentence': 'passed', 'client-prints-reply': 'failed', 'client-exits': 'passed' });
    const c = g.check('client-prints-reply');
    expect(c.message).toMatch(/^with "hello world" on stdin, your client did not print the server's reply "HELLO WORLD \[[A-Z2-9]{6}\]"$/);
    expect(c.actual).toMatch(/^stdout: "Input lowercase sentence:b'HELLO WORLD \[[A-Z2-9]{6}\]'"$/);
    expect(c.hint).toBe("Your client printed a bytes object (b'...'): decode the reply before printing it, e.g. print(modifiedMessage.decode()).");
  });

  it('catches a client that upper-cases locally and ignores the reply', async () => {
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-uppercases-locally.py' });
    expect(g.statuses()).toEqual({ 'client-sends-sentence': 'passed', 'client-prints-reply': 'failed', 'client-exits': 'passed' });
    expect(g.check('client-prints-reply').hint).toMatch(
      /^Your client printed "HELLO WORLD", which it computed itself; sockgrade's server replied "HELLO WORLD \[[A-Z2-9]{6}\]"\. Print what recvfrom\(\)\/recv\(\) returned\.$/,
    );
  });

  it('catches a client that never exits, at the exit budget, naming the setting', async () => {
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-never-exits.py' });
    expect(g.statuses()).toEqual({ 'client-sends-sentence': 'passed', 'client-prints-reply': 'passed', 'client-exits': 'failed' });
    expect(g.check('client-exits').message).toBe(
      'with "hello world" on stdin, your client was still running 2000 ms after the reply; sockgrade stopped it (exit; instructors: timeouts.exitMs)',
    );
  });

  it('catches a client that exits with a non-zero status', async () => {
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-exits-nonzero.py' });
    expect(g.check('client-exits').status).toBe('failed');
    expect(g.check('client-exits').message).toBe('with "hello world" on stdin, your client exited with code 3');
  });

  it('catches raw_input under Python 3, with the input() hint', async () => {
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-raw-input.py' });
    expect(g.statuses()).toEqual({ 'client-sends-sentence': 'failed', 'client-prints-reply': 'skipped', 'client-exits': 'skipped' });
    const c = g.check('client-sends-sentence');
    expect(c.message).toMatch(/^with "hello world" on stdin, your client sent nothing to sockgrade's server \(UDP localhost port \d+\)$/);
    expect(c.actual).toMatch(/^nothing received; your client exited with code 1\nlast lines of stderr:\n[\s\S]*NameError: name 'raw_input' is not defined$/);
    expect(c.hint).toBe("raw_input() is Python 2; in Python 3 it is called input(): sentence = input('Input lowercase sentence:')");
  });

  it("catches the placeholder server name 'hostname', with the resolution hint", async () => {
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-hostname-placeholder.py' });
    expect(g.check('client-sends-sentence').status).toBe('failed');
    expect(g.check('client-sends-sentence').hint).toBe(
      "The server name did not resolve. The textbook's serverName = 'hostname' is a placeholder to replace: use 'localhost' (sockgrade also passes it as argv[1] and in SERVER_HOST).",
    );
  });

  it('catches a str sent without .encode()', async () => {
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-sends-str.py' });
    expect(g.check('client-sends-sentence').status).toBe('failed');
    expect(g.check('client-sends-sentence').hint).toBe(
      'Sockets carry bytes, not str: send message.encode() (and .decode() the bytes you receive before using them as text).',
    );
  });

  it('catches a client that sends nothing', async () => {
    const g = await grade('udp-uppercase', { client: 'faulty/udp-client-sends-nothing.py' });
    expect(g.check('client-sends-sentence').status).toBe('failed');
    expect(g.check('client-sends-sentence').hint).toBe('Send the sentence with clientSocket.sendto(message.encode(), (serverName, serverPort)).');
  });
});

describe('faulty TCP clients', () => {
  it('catches a connection to the wrong port, with the connection-refused hint', async () => {
    const g = await grade('tcp-uppercase', { client: 'faulty/tcp-client-wrong-port.py' });
    expect(g.check('client-sends-sentence').status).toBe('failed');
    expect(g.check('client-sends-sentence').hint).toMatch(
      /^Nothing was listening where your client connected \(connection refused\)\. sockgrade's server listened on localhost port (\d+): check serverName and serverPort\. \(--port auto asked for a free port; sockgrade passed port \1 as argv\[2\] and SERVER_PORT\.\)$/,
    );
  });

  it('catches a TCP client that prints bytes', async () => {
    const g = await grade('tcp-uppercase', { client: 'faulty/tcp-client-prints-bytes.py' });
    expect(g.statuses()).toEqual({ 'client-sends-sentence': 'passed', 'client-prints-reply': 'failed', 'client-exits': 'passed' });
  });

  it('catches a Python 2 print statement', async () => {
    const g = await grade('tcp-uppercase', { client: 'faulty/tcp-client-python2-print.py' });
    expect(g.check('client-sends-sentence').status).toBe('failed');
    expect(g.check('client-sends-sentence').hint).toBe("print is a function in Python 3: write print('From Server:', reply) with parentheses.");
  });

  it('catches a TCP client that sends str (it connects, then crashes)', async () => {
    const g = await grade('tcp-uppercase', { client: 'faulty/tcp-client-sends-str.py' });
    expect(g.check('client-sends-sentence').status).toBe('failed');
    expect(g.check('client-sends-sentence').message).toBe(
      'with "hello world" on stdin, your client connected to sockgrade\'s server but closed the connection without sending anything',
    );
    expect(g.check('client-sends-sentence').hint).toMatch(/^Sockets carry bytes, not str/);
  });

  it('catches a TCP client that upper-cases locally', async () => {
    const g = await grade('tcp-uppercase', { client: 'faulty/tcp-client-uppercases-locally.py' });
    expect(g.check('client-prints-reply').status).toBe('failed');
  });
});
