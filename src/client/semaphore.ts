/** Something that runs work within a limit on how much runs at once. */
export interface ConcurrencyLimit {
  run<T>(task: () => Promise<T>): Promise<T>
}

/**
 * A fair (first come, first served) limit on concurrent work. Waiters queue and are woken one
 * by one as slots free up: no polling, no starvation.
 */
export class Semaphore implements ConcurrencyLimit {
  private available: number
  private readonly waiters: Array<() => void> = []

  constructor(readonly limit: number) {
    this.available = limit
  }

  /** Runs `task` once a slot is free, releasing the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire()
    try {
      return await task()
    }
    finally {
      this.release()
    }
  }

  private acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--
      return Promise.resolve()
    }
    return new Promise(resolve => this.waiters.push(resolve))
  }

  private release(): void {
    const next = this.waiters.shift()
    if (next) next()
    else this.available++
  }
}
