// The junit reporter: JUnit XML (one testsuite per role, one testcase per check) for CI test views.
import type { CheckResult, Result } from '../result/types.js';
import { checksToShow, detailsText, points, type HiddenOptions } from './details.js';
import type { Reporter, TextSink } from './types.js';
import { xmlEscape as attr, xmlText as text } from './xml.js';

/** Renders the result as JUnit XML; hidden checks show only their verdict (unless `showHidden`). */
export function renderJUnit(result: Result, options: HiddenOptions = {}): string {
  const checks = checksToShow(result.checks, options);
  const roles = [...new Set(checks.map((c) => c.role))];
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${attr(`sockgrade ${result.assignment.id}`)}" ${counts(checks)} time="${sec(result.durationMs)}">`);
  roles.forEach((role, index) => {
    const inRole = checks.filter((c) => c.role === role);
    const score = inRole.reduce((s, c) => s + c.score, 0);
    const max = inRole.reduce((s, c) => s + c.maxScore, 0);
    const file = result.submission[role as 'server' | 'client']?.file;
    out.push(
      `  <testsuite name="${attr(`${result.assignment.id} ${role}`)}" id="${index}" ${counts(inRole)} time="${sec(inRole.reduce((s, c) => s + c.durationMs, 0))}" timestamp="${result.startedAt.slice(0, 19)}">`,
      '    <properties>',
      `      <property name="score" value="${points(score)}"/>`,
      `      <property name="max-score" value="${points(max)}"/>`,
      ...(file ? [`      <property name="file" value="${attr(file)}"/>`] : []),
      `      <property name="sockgrade" value="${attr(result.environment.sockgrade)}"/>`,
      `      <property name="seed" value="${result.environment.seed}"/>`,
      '    </properties>',
      ...inRole.map((c) => testcase(result, c)),
      '  </testsuite>',
    );
  });
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** Writes the JUnit XML once the result is complete. */
export function junitReporter(sink: TextSink, options: HiddenOptions = {}): Reporter {
  return { name: 'junit', onRunEnd: (result) => void sink.write(renderJUnit(result, options)) };
}

function testcase(result: Result, c: CheckResult): string {
  const open = `    <testcase classname="${attr(`sockgrade.${result.assignment.id}.${c.role}`)}" name="${attr(`${c.id}: ${c.title}`)}" time="${sec(c.durationMs)}"`;
  const points_ = `${points(c.score)}/${points(c.maxScore)} points`;
  if (c.status === 'passed') return `${open}/>`;
  if (c.status === 'skipped') return `${open}>\n      <skipped message="${attr(`blocked by ${c.blockedBy ?? '?'}`)}"/>\n    </testcase>`;
  const tag = c.status === 'failed' ? 'failure' : 'error';
  const message = `${c.message ?? c.status} (${points_})`;
  return `${open}>\n      <${tag} message="${attr(message)}" type="${c.status}">${text(detailsText(c))}</${tag}>\n    </testcase>`;
}

function counts(checks: CheckResult[]): string {
  const n = (s: CheckResult['status']) => checks.filter((c) => c.status === s).length;
  return `tests="${checks.length}" failures="${n('failed')}" errors="${n('errored')}" skipped="${n('skipped')}"`;
}

function sec(ms: number): string {
  return (ms / 1000).toFixed(3);
}
