import { settled } from '../util/settled.js'

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
  run<T>(task: () => Promise<T>): Promise<T> {
    // A free slot starts the task at once: no wait for a resolved promise first (a replayed
    // golden run takes this path thousands of times).
    if (this.available > 0 && this.waiters.length === 0) {
      this.available--
      return this.settle(task)
    }
    return this.acquire().then(() => this.settle(task))
  }

  private settle<T>(task: () => Promise<T>): Promise<T> {
    return settled(task).then((value) => {
      this.release()
      return value
    }, (error: unknown) => {
      this.release()
      throw error
    })
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
