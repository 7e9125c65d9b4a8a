import { randomBytes } from 'node:crypto'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject, Vitest } from 'vitest/node'
import { EndpointHealth } from '../client/endpoint-health.js'
import { RateLimiter } from '../client/rate-limiter.js'
import { LIMITS_PROVIDE_KEY, type LimitNotice, type LimitReply, type LimitRequest } from '../client/remote-limits.js'
import { LineWriter } from '../util/line-writer.js'

/** The run's limit service, as started in the main Vitest process. */
export interface LimitService {
  /** The local socket's path (or pipe name) workers connect to. */
  address: string
  /** Most slots ever held at once, per endpoint (for benchmarks and tests). */
  peaks: Map<string, number>
  /** Slot requests received (for tests: leased slots make them rare). */
  counts: { slotRequests: number }
  close(): Promise<void>
}

interface EndpointSlots {
  limit: number
  inUse: number
  queue: Array<{ socket: Socket, id: number, health: string }>
  /** Queued requests per worker: a worker is told of contention only when others wait. */
  queuedBy: Map<Socket, number>
  /** What each worker was last told: whether another worker waits for a slot. */
  told: Map<Socket, boolean>
}

/**
 * Starts the service that makes `concurrency`, `rateLimit` and fail-fast hold for the whole run,
 * per endpoint. Workers lease concurrency slots from it (see client/leased-slots.ts): a worker
 * keeps a granted slot for its next call while no other worker waits, and is told when one does
 * (then it gives slots back as its calls end, and the queue is served first come, first served).
 * Each attempt takes a rate slot when a rate limit is set. Workers report connection failures
 * and refused keys; when an endpoint goes down every worker is told at once. Slots of a worker
 * that dies are given back when its socket closes. Limits are taken from the first request for
 * an endpoint (every worker has the same options).
 */
export async function startLimitService(): Promise<LimitService> {
  const slots = new Map<string, EndpointSlots>()
  const rates = new Map<string, RateLimiter>()
  const healths = new Map<string, EndpointHealth>()
  const held = new Map<Socket, Map<string, number>>()
  const peaks = new Map<string, number>()
  const sockets = new Set<Socket>()
  const counts = { slotRequests: 0 }

  const healthOf = (key: string) => {
    let health = healths.get(key)
    if (!health) healths.set(key, health = new EndpointHealth())
    return health
  }
  const writers = new WeakMap<Socket, LineWriter>()
  const send = (socket: Socket, message: LimitReply | LimitNotice) => {
    let writer = writers.get(socket)
    if (!writer) writers.set(socket, writer = new LineWriter(socket))
    writer.write(message)
  }
  const dequeued = (state: EndpointSlots, socket: Socket) => {
    const left = (state.queuedBy.get(socket) ?? 1) - 1
    if (left > 0) state.queuedBy.set(socket, left)
    else state.queuedBy.delete(socket)
  }
  const grant = (endpoint: string, state: EndpointSlots) => {
    while (state.inUse < state.limit && state.queue.length) {
      const next = state.queue.shift()!
      dequeued(state, next.socket)
      if (next.socket.destroyed) continue
      const down = healthOf(next.health).down()
      if (down) {
        send(next.socket, { id: next.id, down })
        continue
      }
      state.inUse++
      peaks.set(endpoint, Math.max(peaks.get(endpoint) ?? 0, state.inUse))
      const mine = held.get(next.socket)!
      mine.set(endpoint, (mine.get(endpoint) ?? 0) + 1)
      send(next.socket, { id: next.id })
    }
    announce(endpoint, state)
  }
  /** Tells each worker holding slots of `endpoint` whether another worker now waits for one. */
  const announce = (endpoint: string, state: EndpointSlots) => {
    for (const socket of sockets) {
      const contended = state.queue.length - (state.queuedBy.get(socket) ?? 0) > 0
      const told = state.told.get(socket) ?? false
      if (contended === told || (contended && !held.get(socket)?.get(endpoint))) continue
      state.told.set(socket, contended)
      send(socket, { notice: 'contended', endpoint, contended })
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
      counts.slotRequests++
      let state = slots.get(message.endpoint)
      if (!state) slots.set(message.endpoint, state = { limit: Math.max(1, message.limit), inUse: 0, queue: [], queuedBy: new Map(), told: new Map() })
      state.queue.push({ socket, id: message.id, health: message.health })
      state.queuedBy.set(socket, (state.queuedBy.get(socket) ?? 0) + 1)
      grant(message.endpoint, state)
    }
    else if (message.op === 'free') free(socket, message.endpoint, message.count ?? 1)
    else if (message.op === 'rate') {
      let rate = rates.get(message.endpoint)
      if (!rate) rates.set(message.endpoint, rate = new RateLimiter({ ...(message.requestsPerMinute ? { requestsPerMinute: message.requestsPerMinute } : {}), ...(message.tokensPerMinute ? { tokensPerMinute: message.tokensPerMinute } : {}) }))
      const down = healthOf(message.health).down()
      if (down) return send(socket, { id: message.id, down })
      void rate.acquire(message.tokens).then(() => send(socket, { id: message.id, ...(healthOf(message.health).down() ? { down: healthOf(message.health).down()! } : {}) }))
    }
    else if (message.op === 'settle') rates.get(message.endpoint)?.settle(message.estimated, message.actual)
    else if (message.op === 'outcome') {
      const health = healthOf(message.health)
      const [wasDown, wasFailing] = [health.down(), health.failing()]
      health.apply(message.outcome, message.detail)
      const reason = health.down()
      // Workers keep leased slots without asking again: tell every one of them now. They report
      // answers only while failures are being counted, so tell them when that starts and ends.
      if (reason && !wasDown) for (const other of sockets) send(other, { notice: 'down', health: message.health, reason })
      else if (health.failing() !== wasFailing) for (const other of sockets) send(other, { notice: 'failing', health: message.health, failing: health.failing() })
    }
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket)
    held.set(socket, new Map())
    // A worker that starts now must know which endpoints' failures are being counted.
    for (const [key, health] of healths) if (health.failing()) send(socket, { notice: 'failing', health: key, failing: true })
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
      // A worker that exits (or crashes) gives back every slot it held, and waits no more.
      sockets.delete(socket)
      for (const state of slots.values()) {
        state.queue = state.queue.filter(entry => entry.socket !== socket)
        state.queuedBy.delete(socket)
        state.told.delete(socket)
      }
      for (const [endpoint, count] of held.get(socket) ?? []) if (count > 0) free(socket, endpoint, count)
      held.delete(socket)
      for (const [endpoint, state] of slots) announce(endpoint, state)
    })
  })
  const address = ipcAddress()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(address, resolve)
  })
  // Never what keeps the main process alive: Vitest's own close ends it.
  server.unref()
  return {
    address,
    peaks,
    counts,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    }),
  }
}

/**
 * A local socket for this run: an abstract Unix socket on Linux (no file to clean up), a socket
 * file in the temp folder elsewhere, a named pipe on Windows. Not loopback TCP, whose writes cost
 * more CPU in both processes.
 */
function ipcAddress(): string {
  const name = `vitest-llm-${process.pid}-${randomBytes(6).toString('hex')}`
  if (process.platform === 'win32') return `\\\\.\\pipe\\${name}`
  if (process.platform === 'linux') return `\0${name}`
  return join(tmpdir(), `${name}.sock`)
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
