import type { ConcurrencyLimit } from './semaphore.js'

/** How a slot request ended: a slot, the endpoint is down (no slot), or no service (use local limits). */
export type SlotGrant = 'slot' | 'down' | 'fallback'

/** How long a worker keeps a slot no call of it needs, for its next call, before giving it back. */
export const LINGER_MS = 20

/** The worker's channel to the limit service, for one endpoint. */
export interface SlotService {
  /** Asks for one slot: resolves with the reason when the endpoint is down, rejects without a service. */
  ask(): Promise<{ down?: string }>
  /** Gives `count` slots back. */
  giveBack(count: number): void
  markDown(reason: string): void
}

/**
 * One worker's share of an endpoint's concurrency slots, leased from the run's limit service.
 * A slot the service granted stays with the worker while no other worker waits: when a call ends
 * it goes straight to this worker's next call, so a busy worker exchanges no message per call.
 * When the service says another worker waits, slots go back as calls end (the service serves its
 * queue in order); a slot nobody here needs goes back after `LINGER_MS`. The total held by all
 * workers never exceeds the limit: only the service grants slots.
 */
export class LeasedSlots implements ConcurrencyLimit {
  /** Slots the service granted to this worker and it has not given back. */
  private owned = 0
  /** Of those, slots a call is using. */
  private busy = 0
  /** Slot requests sent and not answered: one per waiter, as far as the limit allows. */
  private asked = 0
  private readonly waiters: Array<(grant: SlotGrant) => void> = []
  private contended = false
  private linger: NodeJS.Timeout | undefined

  /** `limit` is the endpoint's concurrency: more than that is never asked for at once. */
  constructor(private readonly service: SlotService, private readonly limit: number, private readonly fallback: ConcurrencyLimit) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    const grant = await this.acquire()
    if (grant === 'fallback') return this.fallback.run(task)
    // Holds no slot: the client fails the call before any request.
    if (grant === 'down') return task()
    try {
      return await task()
    }
    finally {
      this.release()
    }
  }

  /** The service's word on whether another worker waits for a slot of this endpoint. */
  setContended(contended: boolean): void {
    this.contended = contended
    if (contended) this.giveBackIdle()
  }

  private acquire(): Promise<SlotGrant> {
    if (this.owned > this.busy) {
      this.busy++
      return Promise.resolve('slot')
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve)
      this.askForWaiters()
    })
  }

  /** Asks for a slot per waiter, up to the limit: waiters beyond it get slots this worker already has. */
  private askForWaiters(): void {
    while (this.asked < this.waiters.length && this.owned + this.asked < this.limit) this.request()
  }

  private request(): void {
    this.asked++
    this.service.ask().then((reply) => {
      this.asked--
      if (reply.down) {
        this.service.markDown(reply.down)
        this.waiters.shift()?.('down')
        return
      }
      this.owned++
      const next = this.waiters.shift()
      if (next) {
        this.busy++
        next('slot')
      }
      // A slot freed here already served the call that asked for this one.
      else this.release(false)
    }, () => {
      this.asked--
      this.waiters.shift()?.('fallback')
    })
  }

  private release(used = true): void {
    if (used) this.busy--
    if (!this.contended && this.waiters.length) {
      this.busy++
      this.waiters.shift()!('slot')
      return
    }
    // Contended: back to the service, whose queue (with this worker's own waiters) goes in order.
    if (this.contended) {
      this.giveBackIdle()
      this.askForWaiters()
    }
    else this.linger ??= setTimeout(() => {
      this.linger = undefined
      this.giveBackIdle()
    }, LINGER_MS).unref()
  }

  private giveBackIdle(): void {
    const idle = this.owned - this.busy
    if (idle <= 0) return
    this.owned -= idle
    this.service.giveBack(idle)
  }
}
