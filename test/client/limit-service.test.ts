// Issue 13, item 5 (in process): the run's limit service holds `concurrency`, `rateLimit` and
// fail-fast across workers — here, several RemoteLimits clients, as several workers would be.
import { afterEach, describe, expect, it } from 'vitest'
import { RemoteLimits } from '../../src/client/remote-limits.js'
import { MAX_CONNECTION_FAILURES } from '../../src/client/endpoint-health.js'
import { type LimitService, startLimitService } from '../../src/plugin/limit-service.js'

let service: LimitService | undefined
afterEach(async () => {
  await service?.close()
  service = undefined
})

const settings = (concurrency: number, requestsPerMinute?: number) => ({ concurrency, rateLimit: { requestsPerMinute } })
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('limit service', () => {
  it('holds concurrency across workers, per endpoint', async () => {
    service = await startLimitService()
    const workers = Array.from({ length: 4 }, () => new RemoteLimits(service!.address))
    let inFlight = 0
    let peak = 0
    const task = async () => {
      peak = Math.max(peak, ++inFlight)
      await sleep(5)
      inFlight--
    }
    await Promise.all(workers.flatMap(w => Array.from({ length: 10 }, () => w.forEndpoint('http://a/v1', 'a', settings(3)).limit.run(task))))
    expect(peak).toBe(3)
    expect(service.peaks.get('http://a/v1')).toBe(3)
    // Another endpoint has its own slots.
    await Promise.all(workers.map(w => w.forEndpoint('http://b/v1', 'b', settings(3)).limit.run(() => sleep(5))))
    expect(service.peaks.get('http://b/v1')).toBe(3)
  })

  it('holds requests per minute across workers (one bucket, not one per worker)', async () => {
    service = await startLimitService()
    const workers = Array.from({ length: 3 }, () => new RemoteLimits(service!.address))
    const started = performance.now()
    // 60/min: a full minute's allowance at the start, then one a second. 62 take about 2 s.
    await Promise.all(workers.flatMap((w, i) => Array.from({ length: i === 0 ? 22 : 20 }, () => w.forEndpoint('http://a/v1', 'a', settings(8, 60)).rate.acquire(0))))
    expect(performance.now() - started).toBeGreaterThan(1_800)
  })

  it('gives back the slots of a worker that goes away', async () => {
    service = await startLimitService()
    const dying = new RemoteLimits(service.address)
    let release!: () => void
    const hold = new Promise<void>((resolve) => { release = resolve })
    void dying.forEndpoint('http://a/v1', 'a', settings(1)).limit.run(() => hold)
    await sleep(50)
    ;(dying as unknown as { socket: { socket: { destroy(): void } } }).socket.socket.destroy()
    const other = new RemoteLimits(service.address)
    await expect(other.forEndpoint('http://a/v1', 'a', settings(1)).limit.run(async () => 'ran')).resolves.toBe('ran')
    release()
  })

  it('shares fail-fast: failures seen by several workers mark the endpoint down for all', async () => {
    service = await startLimitService()
    const [a, b, c] = Array.from({ length: 3 }, () => new RemoteLimits(service!.address))
    for (let i = 0; i < MAX_CONNECTION_FAILURES; i++) [a, b][i % 2]!.forEndpoint('http://a/v1', 'a#k', settings(2)).health.record('connection', 'ECONNREFUSED')
    await sleep(50)
    const limits = c!.forEndpoint('http://a/v1', 'a#k', settings(2))
    expect(limits.health.down()).toBeUndefined() // not known until it asks
    await limits.limit.run(async () => {})
    expect(limits.health.down()).toContain('consecutive connection failures')
  })

  it('falls back to the worker\'s own limits when the service is gone', async () => {
    service = await startLimitService()
    const address = service.address
    await service.close()
    service = undefined
    const worker = new RemoteLimits(address)
    await expect(worker.forEndpoint('http://a/v1', 'a', settings(2)).limit.run(async () => 'ok')).resolves.toBe('ok')
  })
})
