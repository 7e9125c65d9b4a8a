import { describe, expect, it } from 'vitest'
import { RateLimiter } from '../../src/client/rate-limiter.js'
import { Semaphore } from '../../src/client/semaphore.js'

/** A clock whose sleeps advance time instantly and are recorded. */
function fakeClock() {
  const clock = { time: 0, sleeps: [] as number[], now: () => clock.time, sleep: async (ms: number) => { clock.sleeps.push(ms); clock.time += ms } }
  return clock
}

describe('RateLimiter', () => {
  it('lets a full minute\'s budget through at once, then paces by the refill rate', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ requestsPerMinute: 2 }, clock)
    await limiter.acquire(0)
    await limiter.acquire(0)
    expect(clock.sleeps).toEqual([])
    await limiter.acquire(0)
    expect(clock.sleeps).toEqual([30_000]) // one request refills in 60 s / 2
    await limiter.acquire(0)
    expect(clock.time).toBe(60_000)
  })

  it('charges token estimates and corrects them with real usage', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ tokensPerMinute: 1000 }, clock)
    await limiter.acquire(400)
    limiter.settle(400, 900) // the call really used 900: 100 left
    await limiter.acquire(200) // needs 100 more: 6 s at 1000/min
    expect(clock.sleeps).toEqual([6_000])
  })

  it('lets a request larger than the whole budget through once the bucket is full', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ tokensPerMinute: 100 }, clock)
    await limiter.acquire(50)
    await limiter.acquire(5000)
    expect(clock.sleeps).toEqual([30_000])
  })

  it('serves callers in order and limits requests and tokens together', async () => {
    const clock = fakeClock()
    const limiter = new RateLimiter({ requestsPerMinute: 60, tokensPerMinute: 600 }, clock)
    const order: number[] = []
    await Promise.all([0, 1, 2].map(i => limiter.acquire(300).then(() => order.push(i))))
    expect(order).toEqual([0, 1, 2])
    expect(clock.sleeps).toEqual([30_000]) // the third waits for 300 tokens at 10 per second
  })
})

describe('Semaphore', () => {
  it('never runs more than the limit and serves waiters in order', async () => {
    const semaphore = new Semaphore(2)
    let running = 0
    let peak = 0
    const order: number[] = []
    await Promise.all(Array.from({ length: 6 }, (_, i) => semaphore.run(async () => {
      running++
      peak = Math.max(peak, running)
      order.push(i)
      await new Promise(resolve => setTimeout(resolve, 5))
      running--
    })))
    expect(peak).toBe(2)
    expect(order).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('a task that throws or rejects frees its slot, and the error reaches the caller', async () => {
    const semaphore = new Semaphore(1)
    await expect(semaphore.run(() => { throw new Error('sync') })).rejects.toThrow('sync')
    await expect(semaphore.run(() => Promise.reject(new Error('async')))).rejects.toThrow('async')
    // Both slots given back: a third and fourth task still run, one at a time.
    const order: string[] = []
    await Promise.all(['a', 'b'].map(name => semaphore.run(async () => {
      order.push(`start ${name}`)
      await new Promise(resolve => setTimeout(resolve, 2))
      order.push(`end ${name}`)
    })))
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b'])
  })
})
