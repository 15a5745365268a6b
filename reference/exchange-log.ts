// The record of a reference server: every exchange in arrival order, and a queue of finished ones.
import type { ServerExchange } from './types.js';

interface Waiter {
  resolve: (exchange: ServerExchange | undefined) => void;
  timer: NodeJS.Timeout;
}

/** Exchanges in arrival order plus a FIFO of settled ones consumed by `next()`. */
export class ExchangeLog {
  /** Every exchange so far, in arrival order. */
  readonly all: ServerExchange[] = [];
  private readonly settled = new WeakSet<ServerExchange>();
  private readonly ready: ServerExchange[] = [];
  private readonly waiters: Waiter[] = [];
  private closed = false;

  /** Records an exchange as it begins. */
  add(exchange: ServerExchange): void {
    this.all.push(exchange);
  }

  /** Marks an exchange finished (replied, or its connection ended); idempotent. */
  settle(exchange: ServerExchange): void {
    if (this.settled.has(exchange)) return;
    this.settled.add(exchange);
    const waiter = this.waiters.shift();
    if (waiter === undefined) {
      this.ready.push(exchange);
      return;
    }
    clearTimeout(waiter.timer);
    waiter.resolve(exchange);
  }

  /** The next settled exchange in settling order, or undefined after timeoutMs (at once once closed). */
  next(timeoutMs: number): Promise<ServerExchange | undefined> {
    const ready = this.ready.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          resolve(undefined);
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** No more exchanges will come: pending waiters resolve with undefined, timers are cleared. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
  }
}
