// The junit reporter: real gradings written as JUnit XML, validated against a JUnit XSD by xmllint.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { check, mask, read, tempDir, validateJUnit } from './helpers.js';
import { renderJUnit } from '../../harness/reporters/junit.js';
import type { Result } from '../../harness/result/types.js';

describe('the junit reporter', () => {
  it('writes a valid JUnit file with one testsuite per role and the failure with its transcript', async () => {
    const file = path.join(tempDir(), 'out', 'junit.xml');
    const run = await check('udp-uppercase', { server: 'faulty/udp-server-does-not-uppercase.py', client: 'textbook/UDPClient.py' }, ['--reporter', `junit=${file}`]);
    expect(run.code).toBe(1);
    expect(await validateJUnit(file)).toEqual({ code: 0, output: `${file} validates` });
    const xml = mask(read(file));
    expect(xml.match(/<testsuite name="[^"]+"/g)).toEqual(['<testsuite name="udp-uppercase server"', '<testsuite name="udp-uppercase client"']);
    expect(xml).toContain(
      [
        '    <testcase classname="sockgrade.udp-uppercase.server" name="server-replies-core: replies to each core sentence with the sentence in upper case" time="T">',
        '      <failure message="for the sentence &quot;hello world&quot; your server replied &quot;hello world&quot;; expected the sentence in upper case (0/4 points)" type="failed">for the sentence &quot;hello world&quot; your server replied &quot;hello world&quot;; expected the sentence in upper case',
        'expected  &quot;HELLO WORLD&quot;',
        'actual    &quot;hello world&quot;',
        'hint      Your server sent the sentence back unchanged: it must reply with the sentence in upper case.',
        'transcript',
        '  N ms  → sockgrade sent &quot;hello world&quot; (11 bytes) to UDP 127.0.0.1:PORT from port PORT',
        '  N ms  ← your server replied &quot;hello world&quot; (11 bytes) after N ms</failure>',
        '    </testcase>',
      ].join('\n'),
    );
    expect(xml).toContain('<skipped message="blocked by server-replies-core"/>');
    expect(xml).toContain('<testcase classname="sockgrade.udp-uppercase.client" name="client-exits: exits with status 0 soon after the reply" time="T"/>');
  });

  it('reports a check sockgrade could not run as an error, not a failure', async () => {
    const file = path.join(tempDir(), 'junit.xml');
    const run = await check('udp-uppercase', { server: 'styles/udp-server.py' }, ['--server-cmd', 'no-such-python3 {file}', '--reporter', `junit=${file}`]);
    expect(run.code).toBe(3);
    expect((await validateJUnit(file)).code).toBe(0);
    const xml = read(file);
    expect(xml).toContain('errors="1"');
    expect(xml).toContain(
      '<error message="sockgrade could not start &quot;no-such-python3&quot;: not found on this machine (0/2 points)" type="errored">sockgrade could not start &quot;no-such-python3&quot;: not found on this machine\n(sockgrade could not run this check: it is not counted against you)',
    );
  });

  it("keeps the file valid XML whatever bytes a student's program printed", async () => {
    const file = path.join(tempDir(), 'junit.xml');
    const run = await check('tcp-uppercase', { client: 'hostile/client-prints-fake-result.py' }, ['--reporter', `junit=${file}`]);
    expect(run.code).toBe(1);
    expect((await validateJUnit(file)).code).toBe(0);
    expect(read(file)).toContain('::set-output name=score::100\\n::error::injected');
    // Control characters XML cannot hold become visible escapes instead of breaking the file.
    const result = { ...JSON.parse(await resultOf('tcp-uppercase', 'hostile/client-prints-fake-result.py')) } as Result;
    const first = result.checks[0];
    if (!first) throw new Error('no checks');
    first.actual = 'bell \u0007 nul \u0000 </failure><injected/> ]]> & "quotes"';
    const xmlFile = path.join(tempDir(), 'hostile.xml');
    writeFileSync(xmlFile, renderJUnit(result));
    expect((await validateJUnit(xmlFile)).code).toBe(0);
    expect(read(xmlFile)).toContain('actual    bell \\x07 nul \\x00 &lt;/failure&gt;&lt;injected/&gt; ]]&gt; &amp; &quot;quotes&quot;');
  });
});

async function resultOf(assignment: string, client: string): Promise<string> {
  const run = await check(assignment, { client }, ['--format', 'json']);
  return run.stdout;
}
