/**
 * Requests-per-minute and tokens-per-minute limits as token buckets that refill continuously.
 * Tokens are reserved with an estimate before a call and corrected with the real usage after,
 * so a run stays under the provider's limits instead of running into 429s.
 */
/** Time, injectable so tests need not wait real minutes. */
export interface Clock {
  now: () => number
  sleep: (ms: number) => Promise<void>
}

const realClock: Clock = { now: Date.now, sleep: ms => new Promise(resolve => setTimeout(resolve, ms)) }

/** Something that paces requests: one `acquire` per attempt, corrected by `settle`. */
export interface RateLimit {
  /** Waits until one request of about `estimatedTokens` fits. */
  acquire(estimatedTokens: number): Promise<void>
  /** Corrects the token reservation once the real usage is known. */
  settle(estimatedTokens: number, actualTokens: number): void
}

export class RateLimiter implements RateLimit {
  private readonly requests: Bucket | undefined
  private readonly tokens: Bucket | undefined
  private readonly buckets: Bucket[]
  private queue: Promise<void> = Promise.resolve()

  constructor(limits: { requestsPerMinute?: number, tokensPerMinute?: number }, private readonly clock: Clock = realClock) {
    this.requests = limits.requestsPerMinute ? new Bucket(limits.requestsPerMinute, clock.now) : undefined
    this.tokens = limits.tokensPerMinute ? new Bucket(limits.tokensPerMinute, clock.now) : undefined
    this.buckets = [this.requests, this.tokens].filter(b => b !== undefined)
  }

  /** Waits until one request of about `estimatedTokens` fits; callers are served in order. */
  acquire(estimatedTokens: number): Promise<void> {
    if (this.buckets.length === 0) return Promise.resolve()
    const turn = this.queue.then(async () => {
      for (;;) {
        const wait = Math.max(this.requests?.waitFor(1) ?? 0, this.tokens?.waitFor(estimatedTokens) ?? 0)
        if (wait <= 0) break
        await this.clock.sleep(wait)
      }
      this.requests?.take(1)
      this.tokens?.take(estimatedTokens)
    })
    this.queue = turn
    return turn
  }

  /** Corrects the token reservation once the real usage is known. */
  settle(estimatedTokens: number, actualTokens: number): void {
    this.tokens?.take(actualTokens - estimatedTokens)
  }
}

class Bucket {
  private level: number
  private last: number

  constructor(private readonly perMinute: number, private readonly now: () => number) {
    this.level = perMinute
    this.last = now()
  }

  private refill(): void {
    const t = this.now()
    this.level = Math.min(this.perMinute, this.level + ((t - this.last) / 60_000) * this.perMinute)
    this.last = t
  }

  /** Milliseconds until `amount` fits (an amount above the capacity waits for a full bucket). */
  waitFor(amount: number): number {
    this.refill()
    const need = Math.min(amount, this.perMinute) - this.level
    return need <= 0 ? 0 : Math.ceil((need / this.perMinute) * 60_000)
  }

  take(amount: number): void {
    this.refill()
    this.level -= amount
  }
}
