// Issue 18: workers lease concurrency slots from the run's limit service, so a busy worker
// exchanges no message per call — while the limit, fairness between workers and fail-fast hold.
import { afterEach, describe, expect, it } from 'vitest'
import { RemoteLimits } from '../../src/client/remote-limits.js'
import { LINGER_MS } from '../../src/client/leased-slots.js'
import { MAX_CONNECTION_FAILURES } from '../../src/client/endpoint-health.js'
import { type LimitService, startLimitService } from '../../src/plugin/limit-service.js'

let service: LimitService | undefined
afterEach(async () => {
  await service?.close()
  service = undefined
})

const settings = (concurrency: number) => ({ concurrency, rateLimit: {} })
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** Runs `count` calls of `ms` each on a worker's limit, `parallel` at a time, tracking the run-wide peak. */
function calls(worker: RemoteLimits, count: number, ms: number, track: { now: number, peak: number }) {
  const limit = worker.forEndpoint('http://a/v1', 'a#k', settings(4)).limit
  return Promise.all(Array.from({ length: count }, () => limit.run(async () => {
    track.peak = Math.max(track.peak, ++track.now)
    await sleep(ms)
    track.now--
  })))
}

describe('leased slots', () => {
  it('a busy worker asks for its slots once, not once per call, and never holds more than the limit', async () => {
    service = await startLimitService()
    const track = { now: 0, peak: 0 }
    await calls(new RemoteLimits(service.address), 200, 1, track)
    expect(track.peak).toBe(4)
    expect(service.peaks.get('http://a/v1')).toBe(4)
    // 200 calls; the lease needed the 4 slots (and maybe a few more after an idle moment).
    expect(service.counts.slotRequests).toBeLessThanOrEqual(12)
  })

  it('gives slots back when another worker waits, so both make progress and the limit holds', async () => {
    service = await startLimitService()
    const track = { now: 0, peak: 0 }
    const [a, b] = [new RemoteLimits(service.address), new RemoteLimits(service.address)]
    const done: string[] = []
    const first = calls(a, 80, 10, track).then(() => done.push('a'))
    await sleep(30) // a holds every slot by now
    const second = calls(b, 8, 10, track).then(() => done.push('b'))
    await Promise.all([first, second])
    // b's 8 calls did not wait for a's 80: a gave slots back as its calls ended.
    expect(done).toEqual(['b', 'a'])
    expect(track.peak).toBe(4)
    expect(service.peaks.get('http://a/v1')).toBe(4)
  })

  it('gives an unneeded slot back after a moment, for a worker that comes later', async () => {
    service = await startLimitService()
    const track = { now: 0, peak: 0 }
    const a = new RemoteLimits(service.address)
    await calls(a, 4, 1, track)
    await sleep(LINGER_MS * 3)
    // a is idle: all four slots are free again for b (a one-slot run would otherwise wait forever).
    const b = new RemoteLimits(service.address)
    const limit = b.forEndpoint('http://a/v1', 'a#k', settings(4)).limit
    let inside = 0
    let most = 0
    await Promise.all(Array.from({ length: 4 }, () => limit.run(async () => {
      most = Math.max(most, ++inside)
      await sleep(20)
      inside--
    })))
    expect(most).toBe(4)
  })

  it('tells a worker that holds slots when the endpoint goes down, without it asking', async () => {
    service = await startLimitService()
    const [a, b] = [new RemoteLimits(service.address), new RemoteLimits(service.address)]
    const held = a.forEndpoint('http://a/v1', 'a#k', settings(2))
    await held.limit.run(async () => {}) // a now leases a slot
    const other = b.forEndpoint('http://a/v1', 'a#k', settings(2))
    for (let i = 0; i < MAX_CONNECTION_FAILURES; i++) other.health.record('connection', 'ECONNREFUSED')
    await sleep(50)
    expect(held.health.down()).toContain('consecutive connection failures')
  })

  it('still counts only consecutive failures: an answer from another worker resets the count', async () => {
    service = await startLimitService()
    const [a, b] = [new RemoteLimits(service.address), new RemoteLimits(service.address)]
    const failing = a.forEndpoint('http://a/v1', 'a#k', settings(2)).health
    const answered = b.forEndpoint('http://a/v1', 'a#k', settings(2))
    const answering = answered.health
    await answered.limit.run(async () => {}) // b is connected, as a worker is once it has made a call
    for (let i = 0; i < MAX_CONNECTION_FAILURES - 1; i++) failing.record('connection', 'ECONNREFUSED')
    await sleep(50) // the service tells b that failures are being counted
    answering.record('ok', '')
    await sleep(50)
    failing.record('connection', 'ECONNREFUSED')
    await sleep(50)
    // The run's count was reset by b's answer: a worker that asks now is not told it is down.
    const late = new RemoteLimits(service.address).forEndpoint('http://a/v1', 'a#k', settings(2))
    await late.limit.run(async () => {})
    expect(late.health.down()).toBeUndefined()
    expect(answering.down()).toBeUndefined()
    // Without b's answer the same three failures would have been consecutive.
    failing.record('connection', 'ECONNREFUSED')
    failing.record('connection', 'ECONNREFUSED')
    await sleep(50)
    const later = new RemoteLimits(service.address).forEndpoint('http://a/v1', 'a#k', settings(2))
    await later.limit.run(async () => {})
    expect(later.health.down()).toContain('consecutive connection failures')
  })
})
