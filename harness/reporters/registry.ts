// Reporter names → factories, and parsed `--reporter NAME[=FILE]` specs → reporters (stdout or a file each).
import { UsageError } from '../spec/errors.js';
import type { ReporterName, ReporterSpec } from './names.js';
import { terminalReporter } from './terminal.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { junitReporter } from './junit.js';
import { githubReporter, type GithubTargets } from './github.js';
import { gradescopeReporter } from './gradescope-reporter.js';
import { renderGradescope, type GradescopeVisibility } from './gradescope.js';
import type { Reporter, TextSink } from './types.js';
import { FileSink } from './write-file.js';

/** What a reporter may need besides its sink. */
export interface ReporterContext {
  color: boolean;
  verbose: boolean;
  /** Where GitHub's runner wants the job summary and step outputs (its environment). */
  github: GithubTargets;
  /** Gradescope visibility of hidden checks. */
  hiddenVisibility: GradescopeVisibility;
  /** Show hidden checks' details in the student-visible formats (instructors). */
  showHidden?: boolean;
}

const FACTORIES: Record<ReporterName, (sink: TextSink, ctx: ReporterContext, toFile: boolean) => Reporter> = {
  terminal: (sink: TextSink, ctx: ReporterContext, toFile: boolean) => terminalReporter(sink, { color: ctx.color && !toFile, verbose: ctx.verbose, showHidden: ctx.showHidden ?? false }),
  json: (sink: TextSink) => jsonReporter(sink),
  markdown: (sink: TextSink, ctx: ReporterContext) => markdownReporter(sink, { maskHidden: !ctx.showHidden }),
  junit: (sink: TextSink, ctx: ReporterContext) => junitReporter(sink, { showHidden: ctx.showHidden ?? false }),
  // The TAP reporter's YAML library (~8 ms of CPU to load) is loaded only when a TAP report is written.
  tap: (sink: TextSink, ctx: ReporterContext): Reporter => ({
    name: 'tap',
    onRunEnd: async (result) => {
      const { tapReporter } = await import('./tap.js');
      await tapReporter(sink, { showHidden: ctx.showHidden ?? false }).onRunEnd?.(result);
    },
  }),
  github: (sink: TextSink, ctx: ReporterContext) => githubReporter(sink, ctx.github, { showHidden: ctx.showHidden ?? false }),
  gradescope: (sink: TextSink, ctx: ReporterContext): Reporter => ({
    name: 'gradescope',
    onRunEnd: (result) => void (result.status !== 'errored' && sink.write(`${JSON.stringify(renderGradescope(result, { hiddenVisibility: ctx.hiddenVisibility }), null, 2)}\n`)),
  }),
};

/** Builds the reporters of `specs`: at most one on stdout, each file at most once. */
export function createReporters(specs: ReporterSpec[], stdout: TextSink, ctx: ReporterContext): Reporter[] {
  const onStdout = specs.filter((s) => s.file === undefined).map((s) => s.name);
  if (onStdout.length > 1) throw new UsageError(`--reporter: only one reporter can write to stdout, got ${onStdout.join(' and ')}; give the others a file (NAME=FILE)`);
  const files = specs.flatMap((s) => (s.file === undefined ? [] : [s.file]));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice) throw new UsageError(`--reporter: two reporters write to ${twice}`);
  return specs.map((spec) => create(spec, stdout, ctx));
}

function create(spec: ReporterSpec, stdout: TextSink, ctx: ReporterContext): Reporter {
  if (spec.file === undefined) return FACTORIES[spec.name](stdout, ctx, false);
  if (spec.name === 'gradescope') return gradescopeReporter(spec.file, { hiddenVisibility: ctx.hiddenVisibility });
  const sink = new FileSink(spec.file);
  const inner = FACTORIES[spec.name](sink, ctx, true);
  return {
    ...inner,
    name: `${spec.name}=${spec.file}`,
    async onRunEnd(result) {
      await inner.onRunEnd?.(result);
      sink.flush();
    },
  };
}
