import { LineWriter } from '../util/line-writer.js'
import { EndpointHealth } from './endpoint-health.js'
import { localLimits, type EndpointLimits, type LimitProvider, type LimitSettings } from './limits.js'
import type { RateLimit } from './rate-limiter.js'
import { LeasedSlots } from './leased-slots.js'

/** The key under which the plugin provides the limit service's address (a local socket's path or pipe name). */
export const LIMITS_PROVIDE_KEY = 'vitestLlmLimits'

declare module 'vitest' {
  interface ProvidedContext {
    vitestLlmLimits: string
  }
}

/** A message a worker sends to the run's limit service (one JSON object per line). */
export type LimitRequest =
  | { id: number, op: 'slot', endpoint: string, health: string, limit: number }
  | { op: 'free', endpoint: string, count?: number }
  | { id: number, op: 'rate', endpoint: string, health: string, requestsPerMinute?: number, tokensPerMinute?: number, tokens: number }
  | { op: 'settle', endpoint: string, estimated: number, actual: number }
  | { op: 'outcome', health: string, outcome: 'ok' | 'connection' | 'auth', detail: string }

/** What the service tells workers unasked: another worker waits for a slot (or no longer), an endpoint is down. */
export type LimitNotice =
  | { notice: 'contended', endpoint: string, contended: boolean }
  | { notice: 'failing', health: string, failing: boolean }
  | { notice: 'down', health: string, reason: string }

/** The service's answer to a `slot` or `rate` request: granted, with the endpoint's state. */
export interface LimitReply {
  id: number
  /** Set when the endpoint is down for the run (fail-fast); no slot is held then. */
  down?: string
}

/**
 * The worker's side of the run's limit service: `concurrency`, `rateLimit` and fail-fast held
 * for every worker together, per endpoint, over one local socket to the main process.
 * Concurrency slots are leased (see leased-slots.ts); a rate slot is asked for per attempt. If
 * the service cannot be reached, this worker falls back to its own limits (and says so once)
 * rather than failing tests.
 */
export class RemoteLimits implements LimitProvider {
  private socket: LineWriter | undefined
  private broken = false
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (reply: LimitReply) => void, reject: (error: Error) => void }>()
  private readonly healths = new Map<string, EndpointHealth>()
  /** Per health key (endpoint and credential): this worker's slots of the endpoint. */
  private readonly leases = new Map<string, { endpoint: string, slots: LeasedSlots }>()
  /** Health keys whose connection failures the service is counting. */
  private readonly failing = new Set<string>()

  constructor(private readonly address: string) {}

  forEndpoint(endpoint: string, healthKey: string, settings: LimitSettings): EndpointLimits {
    const fallback = localLimits.forEndpoint(endpoint, healthKey, settings)
    let health = this.healths.get(healthKey)
    if (!health) {
      this.healths.set(healthKey, health = new EndpointHealth())
      health.onRecord = (outcome, detail) => {
        // An answer only matters while connection failures are being counted (the service says
        // when): most calls then send nothing at all.
        if (outcome === 'ok' && !this.failing.has(healthKey)) return
        if (outcome !== 'ok') this.failing.add(healthKey)
        this.send({ op: 'outcome', health: healthKey, outcome, detail })
      }
    }
    const shared = health
    let lease = this.leases.get(healthKey)
    if (!lease) {
      const slots = new LeasedSlots({
        ask: () => this.request(id => ({ id, op: 'slot', endpoint, health: healthKey, limit: settings.concurrency })),
        giveBack: count => this.send({ op: 'free', endpoint, count }),
        markDown: reason => shared.markDown(reason),
      }, settings.concurrency, fallback.limit)
      this.leases.set(healthKey, lease = { endpoint, slots })
    }
    const limit = lease.slots
    const { requestsPerMinute, tokensPerMinute } = settings.rateLimit
    const rate: RateLimit = {
      acquire: async (tokens) => {
        if (!requestsPerMinute && !tokensPerMinute) return
        try {
          const reply = await this.request(id => ({ id, op: 'rate', endpoint, health: healthKey, ...(requestsPerMinute ? { requestsPerMinute } : {}), ...(tokensPerMinute ? { tokensPerMinute } : {}), tokens }))
          if (reply.down) shared.markDown(reply.down)
        }
        catch {
          await fallback.rate.acquire(tokens)
        }
      },
      settle: (estimated, actual) => {
        if (tokensPerMinute) this.send({ op: 'settle', endpoint, estimated, actual })
      },
    }
    return { limit, rate, health: shared }
  }

  private request(make: (id: number) => LimitRequest): Promise<LimitReply> {
    const socket = this.connection()
    if (!socket) return Promise.reject(new Error('limit service unavailable'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      socket.write(make(id))
    })
  }

  private send(message: LimitRequest): void {
    this.connection()?.write(message)
  }

  private onNotice(notice: LimitNotice): void {
    if (notice.notice === 'contended') {
      for (const lease of this.leases.values()) if (lease.endpoint === notice.endpoint) lease.slots.setContended(notice.contended)
    }
    else if (notice.notice === 'failing') {
      if (notice.failing) this.failing.add(notice.health)
      else this.failing.delete(notice.health)
    }
    else this.healths.get(notice.health)?.markDown(notice.reason)
  }

  private connection(): LineWriter | undefined {
    if (this.broken) return undefined
    if (this.socket) return this.socket
    // node:net loads with the first connection, not when vitest-llm is imported (~2 ms).
    const socket = process.getBuiltinModule('node:net').connect({ path: this.address })
    // The worker's own channel to Vitest keeps it alive; this socket must not keep it from exiting.
    socket.unref()
    let buffered = ''
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
        const message = JSON.parse(buffered.slice(0, end)) as LimitReply | LimitNotice
        buffered = buffered.slice(end + 1)
        if ('notice' in message) this.onNotice(message)
        else {
          this.pending.get(message.id)?.resolve(message)
          this.pending.delete(message.id)
        }
      }
    })
    const fail = (error?: Error) => {
      if (this.broken) return
      this.broken = true
      this.socket = undefined
      // With nothing pending it is Vitest shutting down (or an idle worker): nothing to say.
      if (this.pending.size) console.warn(`[vitest-llm] the run's limit service is unreachable (${error?.message ?? 'closed'}): this worker falls back to its own concurrency and rate limits`)
      for (const waiter of this.pending.values()) waiter.reject(error ?? new Error('limit service closed'))
      this.pending.clear()
    }
    socket.on('error', fail)
    socket.on('close', () => fail())
    this.socket = new LineWriter(socket)
    return this.socket
  }
}
