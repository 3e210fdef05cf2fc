/**
 * Requests being answered, and the drain a graceful shutdown waits on: once draining,
 * transports refuse new work, and `drain` resolves when the last request in flight is
 * answered (or the grace period runs out).
 */

export interface InFlightGauge {
  inc(): void;
  dec(): void;
}

export class InFlight {
  #count = 0;
  #draining = false;
  #idle: (() => void)[] = [];

  constructor(private readonly gauge?: InFlightGauge) {}

  get count(): number {
    return this.#count;
  }

  /** True once a drain has begun: refuse new work. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Counts one request in flight; call the returned function (once or more) when it is answered. */
  enter(): () => void {
    this.#count++;
    this.gauge?.inc();
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.#count--;
      this.gauge?.dec();
      if (this.#count === 0) for (const wake of this.#idle.splice(0)) wake();
    };
  }

  /**
   * Begins draining (for good) and resolves true once nothing is in flight, or false
   * when `graceMs` passes first.
   */
  drain(graceMs: number): Promise<boolean> {
    this.#draining = true;
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#idle = this.#idle.filter((w) => w !== wake);
        resolve(false);
      }, graceMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#idle.push(wake);
    });
  }
}
