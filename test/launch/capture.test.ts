import { describe, expect, it } from 'vitest';
import { BoundedCapture } from '../../harness/launch/capture.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('BoundedCapture', () => {
  it('keeps everything when the stream fits in head and tail', () => {
    const capture = new BoundedCapture({ headBytes: 4, tailBytes: 4 });
    capture.push(bytes('abc'));
    capture.push(bytes('defgh'));
    expect(capture.snapshot()).toEqual({ text: 'abcdefgh', totalBytes: 8, droppedBytes: 0 });
  });

  it('keeps the head and the tail and counts the dropped middle', () => {
    const capture = new BoundedCapture({ headBytes: 3, tailBytes: 2 });
    for (const ch of 'abcdefghij') capture.push(bytes(ch));
    expect(capture.snapshot()).toEqual({ text: 'abc\n…[5 bytes dropped]…\nij', totalBytes: 10, droppedBytes: 5 });
  });

  it('gives the same result whether bytes arrive one by one or in one chunk', () => {
    const text = 'head-' + 'm'.repeat(1000) + '-tail';
    const oneByOne = new BoundedCapture({ headBytes: 5, tailBytes: 5 });
    for (const byte of bytes(text)) oneByOne.push(Uint8Array.of(byte));
    const whole = new BoundedCapture({ headBytes: 5, tailBytes: 5 });
    whole.push(bytes(text));
    expect(oneByOne.snapshot()).toEqual(whole.snapshot());
    expect(whole.snapshot().text).toBe('head-\n…[1000 bytes dropped]…\n-tail');
  });

  it('never shows half a multi-byte character at either cut', () => {
    // 'a' then 'é' (2 bytes) many times: a 4-byte head and a 3-byte tail both cut through an 'é'.
    const capture = new BoundedCapture({ headBytes: 4, tailBytes: 3 });
    capture.push(bytes('a' + 'é'.repeat(20)));
    const { text, totalBytes, droppedBytes } = capture.snapshot();
    expect(text).not.toContain('\uFFFD');
    expect(text).toBe('aé\n…[36 bytes dropped]…\né');
    expect(totalBytes).toBe(41);
    expect(droppedBytes).toBe(41 - 3 - 2);
  });

  it('decodes a character split across chunks when nothing is dropped', () => {
    const capture = new BoundedCapture({ headBytes: 1, tailBytes: 8 });
    const euro = bytes('€');
    for (const byte of euro) capture.push(Uint8Array.of(byte));
    expect(capture.snapshot().text).toBe('€');
  });

  it('does not keep a reference to the buffers it was given', () => {
    const capture = new BoundedCapture({ headBytes: 2, tailBytes: 2 });
    const chunk = bytes('abcdef');
    capture.push(chunk);
    chunk.fill(0x7a);
    expect(capture.snapshot().text).toBe('ab\n…[2 bytes dropped]…\nef');
  });

  it('rejects negative limits', () => {
    expect(() => new BoundedCapture({ headBytes: -1 })).toThrow('headBytes: expected a non-negative integer (bytes), got -1');
  });
});
