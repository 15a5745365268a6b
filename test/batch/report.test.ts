// The HTML class report, opened in headless Chromium: built from real gradings (textbook, faulty and
// hostile programs, a missing interpreter, a server that replies with <script>), it renders without
// console errors or requests, shows the numbers the entries give, opens a drill-down, keeps student
// text inert, filters, sorts, prints, and makes a real screenshot.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../harness/batch/report-html.js';
import { BATCH_ENTRY_SCHEMA, type BatchEntry } from '../../harness/batch/types.js';
import type { Result } from '../../harness/result/types.js';
import { VERSION } from '../../harness/version.js';
import { grade, program } from '../e2e/grade.js';

/** Debian's chromium package (apt-get install -y chromium); SOCKGRADE_CHROMIUM points elsewhere. */
const CHROMIUM = process.env.SOCKGRADE_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Where the screenshot and the rendered file are left, to look at. */
const SCREENSHOT = path.join(os.tmpdir(), 'sockgrade-report.png');
const HTML_COPY = path.join(os.tmpdir(), 'sockgrade-report.html');

const PAYLOAD = '<script>window.__sockgradePwned = 1</script><img src="x" onerror="window.__sockgradePwned = 2">';
const EVIL_SERVER = `# Replies to every datagram with HTML that would run if the report did not escape it.
import os, sys
from socket import *
PAYLOAD = ${JSON.stringify(PAYLOAD)}
s = socket(AF_INET, SOCK_DGRAM)
s.bind(('', int(os.environ.get('SERVER_PORT', '12000'))))
print(PAYLOAD, flush=True)
sys.stderr.write(PAYLOAD + '\\n')
while True:
    m, a = s.recvfrom(2048)
    s.sendto(PAYLOAD.encode(), a)
`;
const EVIL_NAME = 'eve <img src=x onerror="window.__sockgradePwned=3">';

interface Submission {
  student: string;
  server: string;
  client: string;
  extra?: string[];
}

let dir = '';
let entries: BatchEntry[] = [];
let html = '';
let context: BrowserContext | undefined;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function gradeStudent(s: Submission): Promise<BatchEntry> {
  const { result } = await grade('udp-uppercase', { server: s.server, client: s.client }, s.extra ?? []);
  const files = [s.server, s.client].map((f) => fs.readFileSync(program(f), 'utf8')).join('\0');
  return {
    schema: BATCH_ENTRY_SCHEMA,
    student: s.student,
    source: `submissions/${s.student}/`,
    matched: { server: path.basename(s.server), client: path.basename(s.client) },
    result,
    contentHash: sha256(files),
    assignmentHash: sha256(fs.readFileSync('assignments/udp-uppercase.yaml', 'utf8')),
    harnessVersion: VERSION,
  };
}

/** Why the set-up failed (no Chromium, a grading that threw): every test then fails with it, none is skipped. */
let setupError: unknown;

/** Throws the set-up's failure, so that each test reports it rather than being skipped. */
function ready(): void {
  if (setupError !== undefined) throw setupError;
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (error) {
    setupError = error;
  }
}, 120_000);

async function setUp(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: this test needs Debian's chromium package (apt-get install -y chromium), or SOCKGRADE_CHROMIUM set to a Chromium binary. It is never skipped.`);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sockgrade-report-test-'));
  const evil = path.join(dir, 'evil', 'udp-server-replies-html.py');
  fs.mkdirSync(path.dirname(evil));
  fs.writeFileSync(evil, EVIL_SERVER);
  const submissions: Submission[] = [
    { student: 'alice', server: 'textbook/UDPServer.py', client: 'textbook/UDPClient.py' },
    { student: 'bob', server: 'faulty/udp-server-does-not-uppercase.py', client: 'styles/udp-client.py' },
    { student: 'carol', server: 'faulty/udp-server-bind-typo.py', client: 'hostile/client-prints-fake-result.py' },
    { student: 'dave', server: 'textbook/UDPServer.py', client: 'textbook/UDPClient.py', extra: ['--server-cmd', 'python9-missing {file}'] },
    { student: EVIL_NAME, server: evil, client: 'faulty/udp-client-prints-bytes.py' },
    { student: 'grace', server: 'styles/udp-server.py', client: 'faulty/udp-client-raw-input.py' },
  ];
  const graded = await Promise.all(submissions.map(gradeStudent));
  const frank: BatchEntry = {
    schema: BATCH_ENTRY_SCHEMA,
    student: 'frank',
    source: 'submissions/frank/',
    matched: {},
    error: 'no server or client program found in submissions/frank/ (looked for UDPServer.py, *server*.py, UDPClient.py, *client*.py)',
    contentHash: sha256(''),
    assignmentHash: sha256(fs.readFileSync('assignments/udp-uppercase.yaml', 'utf8')),
    harnessVersion: VERSION,
  };
  entries = [...graded, frank];
  html = renderReport(entries, { assignment: { id: 'udp-uppercase', title: 'UDP upper-case client and server (textbook §2.7)' }, generatedAt: '2026-01-15T09:30:00.000Z' });
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);
  fs.writeFileSync(HTML_COPY, html);

  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
}

afterAll(async () => {
  await context?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** What the entries say, computed here independently of the report's own code. */
function results(): Result[] {
  return entries.flatMap((e) => (e.result ? [e.result] : []));
}

function expectedPassRates(): Map<string, { passed: number; charged: number }> {
  const out = new Map<string, { passed: number; charged: number }>();
  for (const r of results()) {
    const status = new Map(r.checks.map((c) => [c.id, c]));
    const free = (id: string | undefined, depth = 0): boolean => {
      const c = id === undefined ? undefined : status.get(id);
      if (!c || depth > 20) return false;
      return c.status === 'errored' || (c.status === 'skipped' && free(c.blockedBy, depth + 1));
    };
    for (const c of r.checks) {
      const rate = out.get(c.id) ?? { passed: 0, charged: 0 };
      out.set(c.id, rate);
      if (free(c.id)) continue;
      rate.charged += 1;
      if (c.status === 'passed') rate.passed += 1;
    }
  }
  return out;
}

describe('the HTML class report in headless Chromium', () => {
  it('the gradings are the ones the report is meant to show', () => {
    ready();
    const byStudent = Object.fromEntries(entries.map((e) => [e.student, e.result?.status ?? 'none']));
    expect(byStudent).toEqual({ alice: 'passed', bob: 'failed', carol: 'failed', dave: 'errored', [EVIL_NAME]: 'failed', grace: 'failed', frank: 'none' });
    const evil = entries.find((e) => e.student === EVIL_NAME)?.result;
    expect(evil?.checks.some((c) => (c.actual ?? '').includes('<script>'))).toBe(true);
    expect(new Set(results().map((r) => r.maxScore)).size).toBe(1);
  });

  it('renders without console errors and requests nothing but its own file', () => {
    ready();
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([expect.stringMatching(/^file:\/\/.*report\.html$/)]);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
  });

  it('shows the student count, status counts, histogram counts and pass rates computed from the entries', async () => {
    ready();
    expect(await page.locator('[data-stat=students] .v').textContent()).toBe(String(entries.length));
    expect(await page.locator('tbody.student').count()).toBe(entries.length);
    expect(await page.locator('#shown').textContent()).toBe(`Showing ${entries.length} of ${entries.length} students`);
    expect(await page.locator('[data-stat=ungraded] .v').textContent()).toBe('1');
    expect(await page.locator('[data-stat=incomplete] .v').textContent()).toBe('1');

    const complete = results().filter((r) => r.status !== 'errored');
    const max = complete[0]?.maxScore ?? 0;
    const expectedBins = Array.from({ length: max + 1 }, (_, k) => ({ label: String(k), count: complete.filter((r) => r.score === k).length }));
    const shownBins = await page.locator('.histogram .bin').evaluateAll((gs) => gs.map((g) => ({ label: g.getAttribute('data-label'), count: Number(g.getAttribute('data-count')) })));
    expect(shownBins).toEqual(expectedBins);
    const countLabels = await page.locator('.histogram text.count').allTextContents();
    expect(countLabels.map(Number)).toEqual(expectedBins.filter((b) => b.count > 0).map((b) => b.count));
    expect(await page.locator('.histogram').getAttribute('data-total')).toBe(String(complete.length));

    const rates = expectedPassRates();
    const shownRates = await page.locator('table.checks tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ id: tr.getAttribute('data-check') ?? '', passed: Number(tr.getAttribute('data-passed')), charged: Number(tr.getAttribute('data-charged')), text: tr.querySelector('td.rate')?.textContent ?? '' })),
    );
    expect(shownRates.map((r) => r.id)).toEqual([...rates.keys()]);
    for (const r of shownRates) {
      const want = rates.get(r.id);
      expect({ id: r.id, passed: r.passed, charged: r.charged, text: r.text }).toEqual({
        id: r.id, passed: want?.passed, charged: want?.charged, text: want && want.charged > 0 ? `${Math.round((100 * want.passed) / want.charged)}%` : '—',
      });
    }

    const data = JSON.parse((await page.locator('#sockgrade-data').textContent()) ?? '') as { students: number; histogram: { bins: { count: number }[] }; checks: { id: string; passed: number }[] };
    expect(data.students).toBe(entries.length);
    expect(data.histogram.bins.map((b) => b.count)).toEqual(expectedBins.map((b) => b.count));
    expect(data.checks.map((c) => [c.id, c.passed])).toEqual([...rates].map(([id, r]) => [id, r.passed]));
  });

  it('lists the erroring and the slowest submissions', async () => {
    ready();
    const erroring = await page.locator('ul.erroring > li > a').allTextContents();
    expect(erroring.sort()).toEqual(['dave', 'frank']);
    expect(await page.locator('ul.erroring').textContent()).toContain('python9-missing');
    const slowest = [...entries].filter((e) => e.result).sort((a, b) => (b.result?.durationMs ?? 0) - (a.result?.durationMs ?? 0));
    expect(await page.locator('ol.slowest > li > a').first().textContent()).toBe(slowest[0]?.student);
  });

  it("opens a student's drill-down with each check's verdict, message, expected/actual, hint and transcript", async () => {
    ready();
    const carol = entries.find((e) => e.student === 'carol');
    const binds = carol?.result?.checks.find((c) => c.id === 'server-binds');
    const index = entries.findIndex((e) => e.student === 'carol');
    const details = page.locator(`#details-${index}`);
    const section = details.locator('section.check[data-check="server-binds"]');
    expect(await section.isVisible()).toBe(false);
    await details.locator('> summary').click();
    expect(await details.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
    expect(await section.isVisible()).toBe(true);
    expect(await section.locator('.badge').textContent()).toBe('failed');
    expect(await section.locator('.message').textContent()).toBe(binds?.message);
    expect(await section.locator('.hint').textContent()).toBe(`Hint: ${binds?.hint ?? ''}`);
    expect(await section.locator('pre.expected').textContent()).toBe(binds?.expected);
    expect(await section.locator('pre.actual').textContent()).toBe(binds?.actual);
    await section.locator('details.transcript > summary').click();
    const steps = await section.locator('details.transcript tbody pre').allTextContents();
    expect(steps).toEqual(binds?.transcript.map((t) => t.text));
    expect(await details.locator('section.check').count()).toBe(carol?.result?.checks.length);
  });

  it('shows student text as text: a <script> in student output or a student name never runs', async () => {
    ready();
    expect(await page.evaluate(() => (globalThis as unknown as { __sockgradePwned?: number }).__sockgradePwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('img').count()).toBe(0);
    const index = entries.findIndex((e) => e.student === EVIL_NAME);
    expect(await page.locator(`#student-${index} tr.main th`).textContent()).toBe(EVIL_NAME);
    await page.locator(`#details-${index} > summary`).click();
    const actuals = await page.locator(`#details-${index} pre.actual`).allTextContents();
    expect(actuals.some((a) => a.includes('<script>window.__sockgradePwned = 1</script>'))).toBe(true);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(consoleErrors).toEqual([]);
  });

  it('filters by name, status and failed check, and sorts by score', async () => {
    ready();
    const opened = await page.locator('tbody.student > tr.main > th').allTextContents();
    await page.getByLabel('Search', { exact: true }).fill('car');
    expect(await page.locator('tbody.student:visible > tr.main > th').allTextContents()).toEqual(['carol']);
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.getByLabel('Status', { exact: true }).selectOption('incomplete');
    expect(await page.locator('tbody.student:visible > tr.main > th').allTextContents()).toEqual(['dave']);
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByLabel('Failed check', { exact: true }).selectOption('server-binds');
    const failedBinds = entries.filter((e) => e.result?.checks.some((c) => c.id === 'server-binds' && c.status === 'failed')).map((e) => e.student);
    expect((await page.locator('tbody.student:visible > tr.main > th').allTextContents()).sort()).toEqual(failedBinds.sort());
    await page.getByLabel('Failed check', { exact: true }).selectOption('');
    expect(await page.locator('#shown').textContent()).toBe(`Showing ${entries.length} of ${entries.length} students`);

    await page.locator('thead button[data-sort=score]').click();
    const best = Math.max(...results().map((r) => (100 * r.score) / r.maxScore));
    const first = entries.find((e) => e.result && (100 * e.result.score) / e.result.maxScore === best);
    expect(await page.locator('tbody.student > tr.main > th').first().textContent()).toBe(first?.student);
    expect(await page.locator('th.col-score').getAttribute('aria-sort')).toBe('descending');
    await page.locator('thead button[data-sort=student]').click();
    // Sorting by name in the page gives back the order the report opened with.
    expect(await page.locator('thead th.col-student').getAttribute('aria-sort')).toBe('ascending');
    expect(await page.locator('tbody.student > tr.main > th').allTextContents()).toEqual(opened);
  });

  it('prints without the controls, keeping only opened drill-downs', async () => {
    ready();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.controls').isVisible()).toBe(false);
    const aliceIndex = entries.findIndex((e) => e.student === 'alice');
    expect(await page.locator(`#student-${aliceIndex} tr.more`).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('.controls').isVisible()).toBe(true);
  });

  it('makes a screenshot: a real PNG of the whole page', async () => {
    ready();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const png = fs.readFileSync(SCREENSHOT);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1500);
    expect(png.length).toBeGreaterThan(50_000);
  });
});
