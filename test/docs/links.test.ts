// The README's and the docs' links lead somewhere: a renamed heading or a moved section otherwise
// leaves a reader at the top of a long page, or at a 404.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, brokenLinks } from './links.js';

const pages = ['README.md', 'fixtures/programs/README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('links in the README and docs/', () => {
  it.each(pages)('%s: every relative link leads to a file and a heading that exist', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it('makes anchors as GitHub does', () => {
    expect([...anchorsOf('# Memory of the CLI (`npm run bench:memory`)\n## Figures (2026-11-26, session 15: a start-up snapshot)\n## Figures\n## Figures\n```\n# not a heading\n```\n')]).toEqual([
      'memory-of-the-cli-npm-run-benchmemory',
      'figures-2026-11-26-session-15-a-start-up-snapshot',
      'figures',
      'figures-1',
    ]);
  });

  it('reports a missing file and a missing anchor, and skips code and absolute links', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sockgrade-links-'));
    writeFileSync(path.join(dir, 'other.md'), '# Other page\n## A section\n');
    const page = path.join(dir, 'page.md');
    writeFileSync(
      page,
      [
        '# Page',
        '[fine](other.md#a-section), [also fine](#page), [gone](gone.md), [wrong](other.md#no-such-section), [self](#nowhere)',
        '`[in code](gone.md)` and https://example.org, [web](https://example.org/x#y)',
        '```',
        '[in a block](gone.md)',
        '```',
        '[ref]: other.md#other-page',
        '[bad ref]: other.md#missing',
      ].join('\n'),
    );
    expect(brokenLinks(page)).toEqual([
      `gone.md: no file ${path.join(dir, 'gone.md')}`,
      `other.md#no-such-section: no heading in ${path.join(dir, 'other.md')} makes the anchor #no-such-section`,
      `#nowhere: no heading in ${page} makes the anchor #nowhere`,
      `other.md#missing: no heading in ${path.join(dir, 'other.md')} makes the anchor #missing`,
    ]);
  });
});
