import { describe, expect, it } from 'vitest';
import { BindTimes } from '../../harness/readiness/bind-times.js';

describe('BindTimes', () => {
  it('looks at once until a command has been seen binding twice', () => {
    const times = new BindTimes();
    expect(times.firstLookMs('/usr/bin/python3')).toBe(0);
    times.record('/usr/bin/python3', 40);
    expect(times.firstLookMs('/usr/bin/python3')).toBe(0);
    times.record('/usr/bin/python3', 60);
    expect(times.firstLookMs('/usr/bin/python3')).toBe(30);
  });

  it('puts the first look at three quarters of the earliest of the last eight binds', () => {
    const times = new BindTimes();
    times.record('python3', 20);
    for (const ms of [50, 60, 70, 80, 90, 100, 110]) times.record('python3', ms);
    expect(times.firstLookMs('python3')).toBe(15);
    times.record('python3', 120); // the 20 ms bind is now the ninth most recent
    expect(times.firstLookMs('python3')).toBe(37);
  });

  it('keeps each command apart', () => {
    const times = new BindTimes();
    times.record('java', 400);
    times.record('java', 300);
    times.record('python3', 40);
    expect(times.firstLookMs('java')).toBe(225);
    expect(times.firstLookMs('python3')).toBe(0);
  });
});
