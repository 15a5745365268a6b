// The github reporter: a job summary, at most 10 error annotations, student output fenced from the
// runner's command parser, and the score as step outputs (score, max-score) for Classroom-style points.
import { appendFileSync } from 'node:fs';
import type { Result } from '../result/types.js';
import { renderMarkdown } from './markdown.js';
import { checksToShow, detailsText, hiddenAtGradingNote, points, type HiddenOptions } from './details.js';
import { command, fenceCommands, stopToken } from './github-commands.js';
import type { Reporter, TextSink } from './types.js';

/** GitHub's limit on one step's summary is 1 MiB; sockgrade stays under it with room for the note. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024 - 4096;
/** GitHub shows at most 10 error annotations per step. */
export const MAX_ERROR_ANNOTATIONS = 10;

/** Where the runner wants the summary and the outputs (from the environment). */
export interface GithubTargets {
  GITHUB_STEP_SUMMARY?: string;
  GITHUB_OUTPUT?: string;
}

/** The log text: every check's verdict and details inside a stop-commands fence, then the annotations. */
export function renderGithubLog(result: Result, token?: string, options: HiddenOptions = {}): string {
  const checks = checksToShow(result.checks, options);
  const body = checks
    .map((c) => {
      const head = `${{ passed: '✓', failed: '✗', skipped: '○', errored: '!' }[c.status]} ${c.role}: ${c.title}  ${points(c.score)}/${points(c.maxScore)}  ${c.id}`;
      return c.status === 'passed' ? head : `${head}\n${indent(detailsText(c))}`;
    })
    .join('\n');
  const note = hiddenAtGradingNote(result);
  const text = `${body}\nscore ${points(result.score)}/${points(result.maxScore)} (${result.status})${note ? `\n${note}` : ''}`;
  const lines = [`::group::sockgrade ${result.assignment.id}: score ${points(result.score)}/${points(result.maxScore)}`, fenceCommands(text, token ?? stopToken(text)).trimEnd(), '::endgroup::'];
  let errors = 0;
  for (const c of checks) {
    if (c.status !== 'failed' && c.status !== 'errored') continue;
    if (c.status === 'failed' && errors++ >= MAX_ERROR_ANNOTATIONS) continue;
    const file = result.submission[c.role as 'server' | 'client']?.file;
    const title = `${c.status === 'errored' ? 'sockgrade could not run' : 'sockgrade'}: ${c.title} (${points(c.score)}/${points(c.maxScore)})`;
    const message = [c.message ?? c.status, c.hint ? `Hint: ${c.hint}` : ''].filter(Boolean).join('\n');
    lines.push(command(c.status === 'failed' ? 'error' : 'warning', { file, title }, message));
  }
  return `${lines.join('\n')}\n`;
}

/** The job summary (Markdown, hidden checks masked), cut to stay under GitHub's limit. */
export function renderGithubSummary(result: Result, limitBytes = SUMMARY_LIMIT_BYTES, options: HiddenOptions = {}): string {
  const full = renderMarkdown(result, { maskHidden: !options.showHidden });
  if (Buffer.byteLength(full) <= limitBytes) return full;
  let cut = Buffer.from(full).subarray(0, limitBytes).toString('utf8').replace(/\ufffd$/, '');
  cut = cut.slice(0, cut.lastIndexOf('\n') + 1);
  if ((cut.match(/^```/gm) ?? []).length % 2 === 1) cut += '```\n';
  if ((cut.match(/<details>/g) ?? []).length > (cut.match(/<\/details>/g) ?? []).length) cut += '\n</details>\n';
  return `${cut}\n*The summary was cut to stay under GitHub's 1 MiB limit; the whole result is in the job log.*\n`;
}

/** Step outputs: `score` and `max-score` (numbers only, so nothing to escape). */
export function renderGithubOutputs(result: Result): string {
  return `score=${points(result.score)}\nmax-score=${points(result.maxScore)}\nstatus=${result.status}\n`;
}

/** Writes the log to `sink`, and appends the summary and outputs to the runner's files when set. */
export function githubReporter(sink: TextSink, targets: GithubTargets, options: HiddenOptions = {}): Reporter {
  return {
    name: 'github',
    onRunEnd(result) {
      sink.write(renderGithubLog(result, undefined, options));
      if (targets.GITHUB_STEP_SUMMARY) appendFileSync(targets.GITHUB_STEP_SUMMARY, renderGithubSummary(result, SUMMARY_LIMIT_BYTES, options));
      if (targets.GITHUB_OUTPUT) appendFileSync(targets.GITHUB_OUTPUT, renderGithubOutputs(result));
    },
  };
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}
