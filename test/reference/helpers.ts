// Test helpers for the reference implementations: a text sink to wait on, and IPv6 detection.
import { createSocket } from 'node:dgram';
import { Writable } from 'node:stream';

/** A Writable that keeps what was written and can wait for a pattern to appear. */
export class TextSink extends Writable {
  text = '';
  private readonly watchers = new Set<() => void>();

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    for (const l of this.watchers) l();
    callback();
  }

  /** Resolves with the first match of `pattern` in the text so far or to come; rejects after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const m = this.text.match(pattern);
        if (!m) return;
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.watchers.delete(check);
        reject(new Error(`${pattern} did not appear within ${timeoutMs} ms; text so far: ${JSON.stringify(this.text)}`));
      }, timeoutMs);
      this.watchers.add(check);
      check();
    });
  }
}

/** Whether a UDP socket can be bound on ::1 here. */
export function ipv6LoopbackAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp6');
    s.once('error', () => resolve(false));
    s.bind(0, '::1', () => s.close(() => resolve(true)));
  });
}
