import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { TestProject, Vitest } from 'vitest/node'
import { EndpointHealth } from '../client/endpoint-health.js'
import { RateLimiter } from '../client/rate-limiter.js'
import { LIMITS_PROVIDE_KEY, type LimitReply, type LimitRequest } from '../client/remote-limits.js'

/** The run's limit service, as started in the main Vitest process. */
export interface LimitService {
  /** `127.0.0.1:<port>`, what workers connect to. */
  address: string
  /** Most slots ever held at once, per endpoint (for benchmarks and tests). */
  peaks: Map<string, number>
  close(): Promise<void>
}

interface EndpointSlots {
  limit: number
  inUse: number
  queue: Array<{ socket: Socket, id: number, health: string }>
}

/**
 * Starts the service that makes `concurrency`, `rateLimit` and fail-fast hold for the whole run:
 * every worker asks it, over a loopback socket, for a concurrency slot per call and a rate slot
 * per attempt, per endpoint; workers report connection failures and refused keys, and any
 * worker learns that an endpoint is down with its next slot. Slots of a worker that dies are
 * given back when its socket closes. Limits are taken from the first request for an endpoint
 * (every worker has the same options).
 */
export async function startLimitService(): Promise<LimitService> {
  const slots = new Map<string, EndpointSlots>()
  const rates = new Map<string, RateLimiter>()
  const healths = new Map<string, EndpointHealth>()
  const held = new Map<Socket, Map<string, number>>()
  const peaks = new Map<string, number>()
  const sockets = new Set<Socket>()

  const healthOf = (key: string) => {
    let health = healths.get(key)
    if (!health) healths.set(key, health = new EndpointHealth())
    return health
  }
  const reply = (socket: Socket, message: LimitReply) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`)
  }
  const grant = (endpoint: string, state: EndpointSlots) => {
    while (state.inUse < state.limit && state.queue.length) {
      const next = state.queue.shift()!
      if (next.socket.destroyed) continue
      const down = healthOf(next.health).down()
      if (down) {
        reply(next.socket, { id: next.id, down })
        continue
      }
      state.inUse++
      peaks.set(endpoint, Math.max(peaks.get(endpoint) ?? 0, state.inUse))
      const mine = held.get(next.socket)!
      mine.set(endpoint, (mine.get(endpoint) ?? 0) + 1)
      reply(next.socket, { id: next.id })
    }
  }
  const free = (socket: Socket, endpoint: string, count: number) => {
    const state = slots.get(endpoint)
    const mine = held.get(socket)
    if (!state || !mine) return
    const released = Math.min(count, mine.get(endpoint) ?? 0)
    mine.set(endpoint, (mine.get(endpoint) ?? 0) - released)
    state.inUse -= released
    grant(endpoint, state)
  }

  function handle(socket: Socket, message: LimitRequest): void {
    if (message.op === 'slot') {
      let state = slots.get(message.endpoint)
      if (!state) slots.set(message.endpoint, state = { limit: Math.max(1, message.limit), inUse: 0, queue: [] })
      state.queue.push({ socket, id: message.id, health: message.health })
      grant(message.endpoint, state)
    }
    else if (message.op === 'free') free(socket, message.endpoint, 1)
    else if (message.op === 'rate') {
      let rate = rates.get(message.endpoint)
      if (!rate) rates.set(message.endpoint, rate = new RateLimiter({ ...(message.requestsPerMinute ? { requestsPerMinute: message.requestsPerMinute } : {}), ...(message.tokensPerMinute ? { tokensPerMinute: message.tokensPerMinute } : {}) }))
      const down = healthOf(message.health).down()
      if (down) return reply(socket, { id: message.id, down })
      void rate.acquire(message.tokens).then(() => reply(socket, { id: message.id, ...(healthOf(message.health).down() ? { down: healthOf(message.health).down()! } : {}) }))
    }
    else if (message.op === 'settle') rates.get(message.endpoint)?.settle(message.estimated, message.actual)
    else if (message.op === 'outcome') healthOf(message.health).apply(message.outcome, message.detail)
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket)
    held.set(socket, new Map())
    socket.setNoDelay(true)
    let buffered = ''
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end)
        buffered = buffered.slice(end + 1)
        try {
          handle(socket, JSON.parse(line) as LimitRequest)
        }
        catch {
          socket.destroy() // not one of our workers
        }
      }
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      // A worker that exits (or crashes) gives back every slot it held.
      sockets.delete(socket)
      for (const [endpoint, count] of held.get(socket) ?? []) if (count > 0) free(socket, endpoint, count)
      held.delete(socket)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  // Never what keeps the main process alive: Vitest's own close ends it.
  server.unref()
  const { port } = server.address() as AddressInfo
  return {
    address: `127.0.0.1:${port}`,
    peaks,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}

const services = new WeakMap<Vitest, Promise<LimitService>>()

/**
 * Starts the run's limit service once per Vitest instance (closed when Vitest closes) and
 * provides its address to `project`'s workers.
 */
export async function provideLimitService(vitest: Vitest, project: TestProject): Promise<void> {
  let service = services.get(vitest)
  if (!service) {
    service = startLimitService()
    services.set(vitest, service)
    const started = service
    vitest.onClose(async () => (await started).close())
  }
  project.provide(LIMITS_PROVIDE_KEY, (await service).address)
}
