import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startQueuedWrites, whenQuiet } from '../../src/client/cache/write-queue.js'

beforeEach(() => { vi.useFakeTimers() })
afterEach(() => {
  startQueuedWrites()
  vi.useRealTimers()
})

/** Queues `n` writes; returns how many of them may start so far. */
function queue(n: number, started: { count: number }) {
  for (let i = 0; i < n; i++) void whenQuiet().then(() => { started.count++ })
}

describe('the cassette write queue', () => {
  it("starts a wave's writes once nothing was queued for 10 ms", async () => {
    const started = { count: 0 }
    queue(3, started)
    await vi.advanceTimersByTimeAsync(9)
    expect(started.count).toBe(0)
    queue(1, started) // a late answer of the wave: the quiet starts again
    await vi.advanceTimersByTimeAsync(9)
    expect(started.count).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(started.count).toBe(4)
  })

  it('starts them 100 ms after the first at the latest, however steadily answers come', async () => {
    const started = { count: 0 }
    for (let t = 0; t < 96; t += 8) {
      queue(1, started)
      await vi.advanceTimersByTimeAsync(8)
    }
    expect(started.count).toBe(0)
    await vi.advanceTimersByTimeAsync(4)
    expect(started.count).toBe(12)
  })

  it('starts them at once when 256 wait, or when asked', async () => {
    const started = { count: 0 }
    queue(255, started)
    await vi.advanceTimersByTimeAsync(0)
    expect(started.count).toBe(0)
    queue(1, started)
    await vi.advanceTimersByTimeAsync(0)
    expect(started.count).toBe(256)
    queue(2, started)
    startQueuedWrites()
    await vi.advanceTimersByTimeAsync(0)
    expect(started.count).toBe(258)
  })

  it('timers left on a fake clock that was removed are set again on the real one', async () => {
    void whenQuiet() // queued in a test with fake timers
    vi.useRealTimers() // its afterEach restores real timers; the file goes on recording
    const started = { count: 0 }
    queue(1, started)
    await new Promise(resolve => setTimeout(resolve, 150)) // past the quiet period and the 100 ms cap
    expect(started.count).toBe(1)
  })
})
