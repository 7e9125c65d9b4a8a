import { connect } from 'node:net'
import { LineWriter } from '../util/line-writer.js'
import { EndpointHealth } from './endpoint-health.js'
import { localLimits, type EndpointLimits, type LimitProvider, type LimitSettings } from './limits.js'
import type { RateLimit } from './rate-limiter.js'
import type { ConcurrencyLimit } from './semaphore.js'

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
  | { op: 'free', endpoint: string }
  | { id: number, op: 'rate', endpoint: string, health: string, requestsPerMinute?: number, tokensPerMinute?: number, tokens: number }
  | { op: 'settle', endpoint: string, estimated: number, actual: number }
  | { op: 'outcome', health: string, outcome: 'ok' | 'connection' | 'auth', detail: string }

/** The service's answer to a `slot` or `rate` request: granted, with the endpoint's state. */
export interface LimitReply {
  id: number
  /** Set when the endpoint is down for the run (fail-fast); no slot is held then. */
  down?: string
}

/**
 * The worker's side of the run's limit service: `concurrency`, `rateLimit` and fail-fast held
 * for every worker together, per endpoint. Each acquire is a request to the main process over
 * one local socket; if the service cannot be reached, this worker falls back to its own
 * limits (and says so once) rather than failing tests.
 */
export class RemoteLimits implements LimitProvider {
  private socket: LineWriter | undefined
  private broken = false
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (reply: LimitReply) => void, reject: (error: Error) => void }>()
  private readonly healths = new Map<string, EndpointHealth>()
  /** Health keys with an answer not yet reported (see `onRecord`). */
  private readonly answered = new Set<string>()

  constructor(private readonly address: string) {}

  forEndpoint(endpoint: string, healthKey: string, settings: LimitSettings): EndpointLimits {
    const fallback = localLimits.forEndpoint(endpoint, healthKey, settings)
    let health = this.healths.get(healthKey)
    if (!health) {
      this.healths.set(healthKey, health = new EndpointHealth())
      health.onRecord = (outcome, detail) => {
        // An answer only resets the failure count: it rides along with this worker's next
        // message (the call's `free`, sent moments later) instead of costing a write of its own.
        if (outcome === 'ok') this.answered.add(healthKey)
        else this.send({ op: 'outcome', health: healthKey, outcome, detail })
      }
    }
    const shared = health
    const limit: ConcurrencyLimit = {
      run: async (task) => {
        let reply: LimitReply
        try {
          reply = await this.request(id => ({ id, op: 'slot', endpoint, health: healthKey, limit: settings.concurrency }))
        }
        catch {
          return fallback.limit.run(task)
        }
        if (reply.down) {
          shared.markDown(reply.down)
          return task() // holds no slot: the client fails it before any request
        }
        try {
          return await task()
        }
        finally {
          this.send({ op: 'free', endpoint })
        }
      },
    }
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
      this.flushAnswered(socket)
      socket.write(make(id))
    })
  }

  private send(message: LimitRequest): void {
    const socket = this.connection()
    if (!socket) return
    this.flushAnswered(socket)
    socket.write(message)
  }

  /** The `ok` outcomes recorded since the last message, in order before anything this worker says next. */
  private flushAnswered(socket: LineWriter): void {
    for (const health of this.answered) socket.write({ op: 'outcome', health, outcome: 'ok', detail: '' })
    this.answered.clear()
  }

  private connection(): LineWriter | undefined {
    if (this.broken) return undefined
    if (this.socket) return this.socket
    const socket = connect({ path: this.address })
    // The worker's own channel to Vitest keeps it alive; this socket must not keep it from exiting.
    socket.unref()
    let buffered = ''
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
        const reply = JSON.parse(buffered.slice(0, end)) as LimitReply
        buffered = buffered.slice(end + 1)
        this.pending.get(reply.id)?.resolve(reply)
        this.pending.delete(reply.id)
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
