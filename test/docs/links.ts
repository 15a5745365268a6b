// Finds the relative links of a Markdown file that lead nowhere: to a file that does not exist, or to
// an anchor that no heading of the target makes (anchors as GitHub makes them, by github-slugger).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';

/** The text without fenced code blocks, where nothing is a heading or a link. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** The text without fenced code blocks and inline code, where a link-like text is not a link. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** The anchors the headings of `markdown` make, in GitHub's way (a repeated heading gets `-1`, `-2`…). */
export function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  const headings = [...withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm)];
  return new Set(headings.map((m) => slugger.slug(m[1] ?? '')));
}

/** Every link target of `markdown`: inline links and reference definitions. */
export function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [...text.matchAll(/\]\(<?([^)\s>]+)>?(?:\s+"[^"]*")?\)/g)].map((m) => m[1] ?? '');
  const references = [...text.matchAll(/^[ \t]*\[[^\]]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+"[^"]*")?[ \t]*$/gm)].map((m) => m[1] ?? '');
  return [...inline, ...references];
}

/** The links of `file` (a path) that lead nowhere, each with what is wrong. */
export function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const target of linkTargets(readFileSync(file, 'utf8'))) {
    if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:: not ours to check offline
    const [filePart = '', anchor] = target.split('#', 2);
    const linked = filePart === '' ? file : path.join(path.dirname(file), decodeURIComponent(filePart));
    if (!existsSync(linked)) broken.push(`${target}: no file ${linked}`);
    else if (anchor !== undefined && anchor !== '' && linked.endsWith('.md') && !anchorsOf(readFileSync(linked, 'utf8')).has(anchor)) {
      broken.push(`${target}: no heading in ${linked} makes the anchor #${anchor}`);
    }
  }
  return broken;
}
