// What a pyenv shim runs is remembered between runs (session/interpreter-cache.ts), and asked again
// whenever one of pyenv's inputs changes. A fake pyenv (the shim as pyenv writes it, and a libexec/pyenv
// that counts its calls and runs the machine's real python3) stands in for the real one.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { locateInterpreter } from '../../harness/sandbox/interpreter.js';
import { cacheFile, pyenvKey, recall, remember } from '../../harness/session/interpreter-cache.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const INTERPRETERS = path.join(repo, 'dist', 'harness', 'session', 'interpreters.js');

let work: string;
let root: string;
let project: string;
let calls: string;
let real: { executable: string; binds: string[] };

/** A pyenv root with one shim, written as pyenv writes its shims. */
function fakePyenv(at: string, python: string): void {
  mkdirSync(path.join(at, 'shims'), { recursive: true });
  mkdirSync(path.join(at, 'libexec'), { recursive: true });
  mkdirSync(path.join(at, 'versions', '3.11.7'), { recursive: true });
  writeFileSync(path.join(at, 'version'), '3.11.7\n');
  const shim = `#!/usr/bin/env bash
set -e
[ -n "$PYENV_DEBUG" ] && set -x

program="\${0##*/}"

export PYENV_ROOT="${at}"
exec "${at}/libexec/pyenv" exec "$program" "$@"
`;
  writeFileSync(path.join(at, 'shims', 'python3'), shim);
  chmodSync(path.join(at, 'shims', 'python3'), 0o755);
  writeFileSync(path.join(at, 'libexec', 'pyenv'), `#!/bin/sh\necho call >> "$FAKE_PYENV_CALLS"\nshift 2\nexec "${python}" "$@"\n`);
  chmodSync(path.join(at, 'libexec', 'pyenv'), 0o755);
}

/** interpreterFor('python3') in a fresh sockgrade process (the lookup is memoised per process). */
function lookUp(env: Record<string, string> = {}): unknown {
  const script = `const m = await import(${JSON.stringify(INTERPRETERS)}); console.log(JSON.stringify(await m.interpreterFor('python3')));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${path.join(root, 'shims')}:${process.env.PATH ?? ''}`, XDG_CACHE_HOME: path.join(work, 'cache'), FAKE_PYENV_CALLS: calls, ...env },
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as unknown;
}

const callCount = (): number => readFileSync(calls, 'utf8').split('\n').filter(Boolean).length;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'interpreter-cache-'));
  root = path.join(work, 'pyenv');
  project = path.join(work, 'class', 'lab2');
  mkdirSync(project, { recursive: true });
  calls = path.join(work, 'calls');
  writeFileSync(calls, '');
  real = await locateInterpreter('python3');
  fakePyenv(root, real.executable);
});

describe('through a pyenv shim', () => {
  test('pyenv is asked once, and again whenever what it reads changes', () => {
    const first = lookUp();
    expect(first).toEqual(real);
    expect(callCount()).toBe(1);
    expect(lookUp()).toEqual(real);
    expect(callCount()).toBe(1); // remembered
    const file = path.join(work, 'cache', 'sockgrade', 'interpreters.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    writeFileSync(path.join(work, 'class', '.python-version'), '3.11.7\n'); // `pyenv local` above the project
    lookUp();
    expect(callCount()).toBe(2);
    lookUp();
    expect(callCount()).toBe(2);
    lookUp({ PYENV_VERSION: '3.11.7' }); // `pyenv shell`
    expect(callCount()).toBe(3);
    writeFileSync(path.join(root, 'version'), '3.12.1\n'); // `pyenv global`
    lookUp();
    expect(callCount()).toBe(4);
    mkdirSync(path.join(root, 'versions', '3.13.0')); // `pyenv install`
    lookUp();
    expect(callCount()).toBe(5);
    lookUp();
    expect(callCount()).toBe(5);
  });

  test('SOCKGRADE_CACHE=off asks every time; a damaged cache file is replaced', () => {
    const before = callCount();
    lookUp({ SOCKGRADE_CACHE: 'off' });
    lookUp({ SOCKGRADE_CACHE: 'off' });
    expect(callCount()).toBe(before + 2);
    const file = path.join(work, 'cache', 'sockgrade', 'interpreters.json');
    writeFileSync(file, '{"not": "a list"');
    expect(lookUp()).toEqual(real);
    expect(callCount()).toBe(before + 3);
    expect(lookUp()).toEqual(real);
    expect(callCount()).toBe(before + 3);
  });
});

describe('the key and the entries', () => {
  test('only a pyenv shim has a key', () => {
    const script = path.join(work, 'python3-wrapper');
    writeFileSync(script, '#!/bin/sh\nexec python3 "$@"\n');
    expect(pyenvKey('python3', script)).toBeUndefined();
    expect(pyenvKey('python3', real.executable)).toBeUndefined(); // a real interpreter: looked up each time
    expect(pyenvKey('python3', path.join(root, 'shims', 'python3'), {}, project)).toEqual(expect.any(String));
  });

  test('an entry whose interpreter is gone is not used; at most 32 are kept, the latest first', () => {
    const file = path.join(work, 'entries.json');
    remember('gone', { executable: path.join(work, 'no-such-python'), binds: [] }, file);
    expect(recall('gone', file)).toBeUndefined();
    for (let i = 0; i < 40; i++) remember(`key ${i}`, real, file);
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { key: string }[];
    expect(kept).toHaveLength(32);
    expect(kept[0]?.key).toBe('key 39');
    expect(recall('key 39', file)).toEqual(real);
    expect(recall('key 0', file)).toBeUndefined();
  });

  test('the file is under XDG_CACHE_HOME, else ~/.cache; none when turned off', () => {
    expect(cacheFile({ XDG_CACHE_HOME: '/var/cache/me' })).toBe('/var/cache/me/sockgrade/interpreters.json');
    expect(cacheFile({ XDG_CACHE_HOME: '/var/cache/me', SOCKGRADE_CACHE: 'off' })).toBeUndefined();
    expect(cacheFile({})).toMatch(/\/\.cache\/sockgrade\/interpreters\.json$/);
  });
});
