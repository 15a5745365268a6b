// Bounded capture of one output stream: the first bytes and the last bytes, the middle counted and dropped.

import type { CapturedStream } from './types.js';

/** Default bytes kept from the start of a stream (64 KiB). */
export const DEFAULT_HEAD_BYTES = 64 * 1024;
/** Default bytes kept from the end of a stream (16 KiB). */
export const DEFAULT_TAIL_BYTES = 16 * 1024;

/** Limits of one capture, in bytes. */
export interface CaptureLimits {
  headBytes?: number;
  tailBytes?: number;
}

/** Keeps at most `headBytes + tailBytes` (plus one chunk) of a stream in memory, whatever is pushed. */
export class BoundedCapture {
  readonly #headBytes: number;
  readonly #tailBytes: number;
  readonly #head: Buffer[] = [];
  #headLength = 0;
  // Chunks after the head; trimmed from the front so at most one chunk more than `tailBytes` is held.
  readonly #tail: Buffer[] = [];
  #tailLength = 0;
  #totalBytes = 0;

  constructor(limits: CaptureLimits = {}) {
    this.#headBytes = checkLimit('headBytes', limits.headBytes ?? DEFAULT_HEAD_BYTES);
    this.#tailBytes = checkLimit('tailBytes', limits.tailBytes ?? DEFAULT_TAIL_BYTES);
  }

  /** Adds bytes the program wrote; copies what it keeps, so the caller's buffer is not retained. */
  push(chunk: Uint8Array): void {
    this.#totalBytes += chunk.length;
    let rest = chunk;
    const headRoom = this.#headBytes - this.#headLength;
    if (headRoom > 0) {
      const taken = rest.subarray(0, headRoom);
      this.#head.push(Buffer.from(taken));
      this.#headLength += taken.length;
      rest = rest.subarray(taken.length);
    }
    if (rest.length === 0 || this.#tailBytes === 0) return;
    this.#tail.push(Buffer.from(rest));
    this.#tailLength += rest.length;
    let first = this.#tail[0];
    while (first !== undefined && this.#tailLength - first.length >= this.#tailBytes) {
      this.#tail.shift();
      this.#tailLength -= first.length;
      first = this.#tail[0];
    }
  }

  /** Total bytes pushed so far. */
  get totalBytes(): number {
    return this.#totalBytes;
  }

  /** The kept text and the byte counts, decoded as UTF-8 without half characters at the cut. */
  snapshot(): CapturedStream {
    const head = Buffer.concat(this.#head, this.#headLength);
    const tailAll = Buffer.concat(this.#tail, this.#tailLength);
    const tail = tailAll.subarray(Math.max(0, tailAll.length - this.#tailBytes));
    if (head.length + tail.length === this.#totalBytes) {
      return { text: Buffer.concat([head, tail]).toString('utf8'), totalBytes: this.#totalBytes, droppedBytes: 0 };
    }
    const keptHead = head.subarray(0, completeUtf8Length(head));
    const keptTail = tail.subarray(leadingContinuationBytes(tail));
    const droppedBytes = this.#totalBytes - keptHead.length - keptTail.length;
    const text = `${keptHead.toString('utf8')}\n…[${droppedBytes} bytes dropped]…\n${keptTail.toString('utf8')}`;
    return { text, totalBytes: this.#totalBytes, droppedBytes };
  }
}

function checkLimit(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name}: expected a non-negative integer (bytes), got ${String(value)}`);
  }
  return value;
}

/** Length of `bytes` without a multi-byte UTF-8 sequence cut off at its end. */
function completeUtf8Length(bytes: Uint8Array): number {
  // Look back at most 3 bytes for the lead byte of the last sequence.
  for (let back = 1; back <= Math.min(4, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Number of UTF-8 continuation bytes (at most 3) that open `bytes`: the end of a character cut off before it. */
function leadingContinuationBytes(bytes: Uint8Array): number {
  let count = 0;
  while (count < 3 && count < bytes.length && ((bytes[count] ?? 0) & 0xc0) === 0x80) count += 1;
  return count;
}
