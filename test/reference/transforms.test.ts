import { describe, expect, it } from 'vitest';
import { countLetter, identity, transformFrom, upperCase } from '../../reference/transforms.js';

const text = (b: Buffer): string => b.toString('utf8');

describe('transforms', () => {
  it('upper-cases ASCII text like Python decode().upper().encode()', () => {
    expect(text(upperCase()(Buffer.from('hello, world 123')))).toBe('HELLO, WORLD 123');
  });

  it('upper-cases non-ASCII text with full case mapping (straße → STRASSE, é → É)', () => {
    expect(text(upperCase()(Buffer.from('straße')))).toBe('STRASSE');
    expect(upperCase()(Buffer.from('café'))).toEqual(Buffer.from('CAFÉ', 'utf8'));
  });

  it('keeps surrounding whitespace and newlines as they are', () => {
    expect(text(upperCase()(Buffer.from('  a b\r\n')))).toBe('  A B\r\n');
  });

  it('counts a lower-case letter case-sensitively as a decimal ASCII string', () => {
    const countS = countLetter({ letter: 's', caseSensitive: true });
    expect(countS(Buffer.from('mississippi'))).toEqual(Buffer.from('4', 'ascii'));
    expect(text(countS(Buffer.from('Sassy Sisters')))).toBe('4');
    expect(text(countS(Buffer.from('')))).toBe('0');
  });

  it('counts both cases when caseSensitive is false', () => {
    const countS = countLetter({ letter: 's', caseSensitive: false });
    expect(text(countS(Buffer.from('Sassy Sisters')))).toBe('6');
  });

  it('counts a non-ASCII letter', () => {
    expect(text(countLetter({ letter: 'é', caseSensitive: true })(Buffer.from('été É')))).toBe('2');
    expect(text(countLetter({ letter: 'é', caseSensitive: false })(Buffer.from('été É')))).toBe('3');
  });

  it('refuses a letter that is not exactly one character', () => {
    expect(() => countLetter({ letter: 'ss', caseSensitive: true })).toThrow(/exactly one character/);
  });

  it('identity returns a copy of the request', () => {
    const request = Buffer.from('Same Bytes');
    const reply = identity()(request);
    expect(reply).toEqual(request);
    expect(reply).not.toBe(request);
  });

  it('transformFrom builds the transform a spec names', () => {
    expect(text(transformFrom({ kind: 'uppercase' })(Buffer.from('abc')))).toBe('ABC');
    expect(text(transformFrom({ kind: 'count-letter', letter: 's', caseSensitive: true })(Buffer.from('sS')))).toBe('1');
  });
});
