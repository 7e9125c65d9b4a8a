/**
 * When recorded cassettes are written. Answers arrive in waves — a concurrency limit's worth at
 * once, when the model answers — and writing each cassette at once put its main-thread work
 * (~40 µs: serialising it and four file-system callbacks) in the way of the same wave's other
 * answers, which reached their tests later: 1,000 live cases took ~120 ms longer recorded than
 * with the cache off. Queued instead, the writes start in the gap before the next wave: once no
 * write was queued for `QUIET_MS`, `MAX_WAIT_MS` after the first, at `QUEUE_LIMIT` waiting, or
 * when something needs them (a read of the key, the end of the test file).
 */
const QUIET_MS = 10
const MAX_WAIT_MS = 100
const QUEUE_LIMIT = 256

let queued: Array<() => void> = []
let quiet: NodeJS.Timeout | undefined
let deadline: NodeJS.Timeout | undefined
// The `setTimeout` the two timers were set with: a test that installs or removes fake timers
// leaves them on a clock that no longer runs, and they are set again on the current one.
let clock: typeof setTimeout | undefined

/** Resolves when a queued write may start. */
export function whenQuiet(): Promise<void> {
  return new Promise((resolve) => {
    queued.push(resolve)
    if (queued.length >= QUEUE_LIMIT) return startQueuedWrites()
    if (clock !== setTimeout) {
      clock = setTimeout
      quiet = deadline = undefined
    }
    // Re-armed, not replaced: one timer for the whole wave.
    if (quiet) quiet.refresh()
    else quiet = setTimeout(startQueuedWrites, QUIET_MS)
    deadline ??= setTimeout(startQueuedWrites, MAX_WAIT_MS)
  })
}

/** Lets every queued write start now. */
export function startQueuedWrites(): void {
  clearTimeout(quiet)
  clearTimeout(deadline)
  quiet = deadline = undefined
  const ready = queued
  queued = []
  for (const start of ready) start()
}
