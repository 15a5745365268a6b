// Private fixtures (`--fixtures`): hidden groups graded like the others, marked hidden in the result, their
// details masked wherever a student may look (unless --show-hidden), kept from jailed programs, and
// counted in a self-check when the assignment announces them.
import { describe, expect, it } from 'vitest';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, grade, program, TEST_SANDBOX } from './grade.js';
import type { Result } from '../../harness/result/types.js';

const TCP_PRIVATE = 'fixtures/private/tcp-uppercase.yaml';
const UDP_PRIVATE = 'fixtures/private/udp-uppercase.yaml';
// Words of the hidden sentences and of the textbook server's replies to them: none may reach masked output.
const SECRET = /hidden sentence that grows|HIDDEN SENTENCE|networking is layered|NETWORKING IS LAYERED/;

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'sockgrade-private-'));
}

describe('hidden checks from a private fixtures file', () => {
  it('grades the hidden group, marks its check hidden and keeps its details in the JSON result', async () => {
    const g = await grade('tcp-uppercase', { server: 'textbook/TCPServer.py' }, ['--fixtures', TCP_PRIVATE]);
    expect(g.coreStatuses()).toEqual({ 'server-binds': 'passed', 'server-replies-core': 'passed', 'server-keeps-serving': 'passed', 'server-replies-hidden': 'failed' });
    expect(g.result.checks.filter((c) => c.hidden).map((c) => c.id)).toEqual(['server-replies-hidden']);
    const hidden = g.check('server-replies-hidden');
    expect(hidden.title).toBe('replies to each hidden sentence with the sentence in upper case');
    expect(hidden.maxScore).toBe(2);
    expect(hidden.message).toMatch(/^for the sentence "a hidden sentence that grows …\[1302 chars\]…den sentence that grows long " your server replied "A HIDDEN SENTENCE THAT GROWS …\[966 chars\]…SENTENCE THAT GROWS LONG A HI"; expected the sentence in upper case$/);
    expect(hidden.hint).toBe('Your server answered only the first 1024 bytes: one recv(1024) returns at most 1024 bytes. Use a larger buffer, or keep receiving while more bytes arrive.');
    expect(g.result.assignment.privateFixtures).toBe(TCP_PRIVATE);
    expect(g.result.maxScore).toBe(13.5);
    expect(g.code).toBe(1);
  });

  it('masks hidden details in the terminal, Markdown, JUnit and TAP output; --show-hidden shows them', async () => {
    const dir = await tempDir();
    try {
      const files = { markdown: path.join(dir, 'feedback.md'), junit: path.join(dir, 'junit.xml'), tap: path.join(dir, 'result.tap') };
      const args = ['check', 'tcp-uppercase', '--server', program('textbook/TCPServer.py'), '--fixtures', TCP_PRIVATE, '--no-color'];
      const masked = await cli([...args, ...Object.entries(files).flatMap(([name, file]) => ['--reporter', `${name}=${file}`])]);
      expect(masked.stdout).toContain(
        '  ✗ replies to each hidden sentence with the sentence in upper case (hidden)  0/2  server-replies-hidden\n      This is a hidden check: its details are shown after grading.\n\nscore 11/13.50 · 5 passed · 2 failed',
      );
      expect(masked.stdout).not.toMatch(SECRET);
      for (const file of Object.values(files)) {
        const text = await readFile(file, 'utf8');
        expect(text).toContain('This is a hidden check: its details are shown after grading.');
        expect(text).not.toMatch(SECRET);
      }
      const shown = await cli([...args, '--show-hidden']);
      expect(shown.stdout).toContain('  ✗ replies to each hidden sentence with the sentence in upper case (hidden)  0/2  server-replies-hidden\n      for the sentence "a hidden sentence that grows …[1302 chars]…');
      expect(shown.stdout).toMatch(SECRET);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs the client with the hidden sentences too, as a hidden check of the client's role", async () => {
    const good = await grade('udp-uppercase', { server: 'textbook/UDPServer.py', client: 'textbook/UDPClient.py' }, ['--fixtures', UDP_PRIVATE]);
    expect(good.result.checks.filter((c) => c.hidden).map((c) => [c.id, c.status, c.message])).toEqual([
      ['server-replies-hidden', 'passed', '2 correct replies'],
      ['client-handles-hidden', 'passed', '2 sentences sent, answered and printed'],
    ]);
    expect(good.result.score).toBe(24);
    const faulty = await grade('udp-uppercase', { client: 'faulty/udp-client-uppercases-locally.py' }, ['--fixtures', UDP_PRIVATE]);
    expect(faulty.statuses()).toEqual({ 'client-sends-sentence': 'passed', 'client-prints-reply': 'failed', 'client-exits': 'passed', 'client-handles-hidden': 'failed' });
    expect(faulty.check('client-handles-hidden').message).toMatch(/^with "networking is layered" on stdin, your client did not print the server's reply "NETWORKING IS LAYERED \[[A-Z2-9]{6}\]"$/);
  });

  it('counts in a self-check the hidden checks an assignment announces, in every format a student reads', async () => {
    const dir = await tempDir();
    try {
      const file = path.join(dir, 'udp-uppercase.yaml');
      await writeFile(file, `${readFileSync('assignments/udp-uppercase.yaml', 'utf8')}hiddenFixtures:\n  - id: hidden\n    points: 2\n`);
      const md = path.join(dir, 'feedback.md');
      const run = await cli(['check', file, '--server', program('textbook/UDPServer.py'), '--client', program('textbook/UDPClient.py'), '--no-color', '--reporter', `markdown=${md}`, '--out', path.join(dir, 'result.json')]);
      const note = '2 hidden checks (4 points) will run at grading time, with sentences you have not seen; they are not part of this score.';
      expect(run.stdout).toMatch(new RegExp(`\\nscore 20/20 · 11 passed · 0 failed · 0 skipped · [0-9.]+ s\\n${note.replace(/[()]/g, '\\$&')}\\n$`));
      expect(await readFile(md, 'utf8')).toContain(`\n*${note}*\n`);
      const result = JSON.parse(await readFile(path.join(dir, 'result.json'), 'utf8')) as Result;
      expect(result.hiddenAtGrading).toEqual({ checks: 2, points: 4 });
      expect(run.code).toBe(0);
      // At grading time, with the private file, they run, and the note is gone.
      const graded = await cli(['check', file, '--server', program('textbook/UDPServer.py'), '--no-color', '--fixtures', UDP_PRIVATE]);
      expect(graded.stdout).toContain('  ✓ replies to each hidden sentence with the sentence in upper case (hidden)  2/2  server-replies-hidden\n');
      expect(graded.stdout).not.toContain('will run at grading time');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops at a private file that does not fit the assignment, with exit code 2', async () => {
    const run = await cli(['check', 'tcp-uppercase', '--server', program('textbook/TCPServer.py'), '--fixtures', UDP_PRIVATE]);
    expect(run.stderr).toBe(`sockgrade: ${UDP_PRIVATE}:7: assignment: expected "tcp-uppercase" (the id in tcp-uppercase.yaml), got "udp-uppercase"\n`);
    expect(run.code).toBe(2);
    const missing = await cli(['check', 'tcp-uppercase', '--server', program('textbook/TCPServer.py'), '--fixtures', 'no-such-private.yaml']);
    expect(missing.stderr).toBe('sockgrade: no-such-private.yaml: cannot read the private fixtures file (ENOENT)\n');
    expect(missing.code).toBe(2);
  });

  const jailed = TEST_SANDBOX !== 'none';
  it(jailed ? 'keeps the private file from a jailed program that knows its path' : 'cannot keep the private file from a program without a sandbox, and says so', async () => {
    // Not under /tmp (the jail has a fresh /tmp of its own) nor under sockgrade's folder (hidden anyway).
    const dir = await mkdtemp('/var/tmp/sockgrade-private-');
    try {
      const submission = path.join(dir, 'submission');
      const secret = path.join(dir, 'private.yaml');
      await mkdir(submission);
      await writeFile(secret, readFileSync(UDP_PRIVATE, 'utf8'), { mode: 0o644 });
      await copyFile(program('hostile/server-reads-secrets.py'), path.join(submission, 'server.py'));
      await writeFile(path.join(submission, 'canary-paths.txt'), `read=${secret}\n`);
      await chmod(dir, 0o755);
      const g = await grade('udp-uppercase', { server: path.join(submission, 'server.py') }, ['--fixtures', secret]);
      if (jailed) {
        expect(g.check('server-replies-core').status).toBe('passed');
        expect(g.check('server-replies-hidden').status).toBe('passed');
      } else {
        expect(g.check('server-replies-core').actual).toBe(`"HELLO WORLD [LEAKED: read ${secret}]"`);
        expect(g.result.environment.unprotected).toContain(
          "filesystem: no jail, so student programs can read and write whatever sockgrade's user can (other submissions, results, the harness's files)",
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
