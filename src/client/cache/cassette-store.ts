import { fsPromises, nodeFs } from '../../util/builtins.js'
import { join, sep } from 'node:path'
import { writeFileAtomic } from '../../util/write-atomic.js'
import { canonical } from '../../util/canonical.js'
import { packFor } from './cassette-pack.js'
import { noteUsed } from './used-cassettes.js'
import { startQueuedWrites, whenQuiet } from './write-queue.js'

/** The format of one cassette file. */
export interface Cassette {
  version: 1
  key: string
  /** The request that produced the response (no headers, no credentials). */
  request: Record<string, unknown>
  response: unknown
  recordedAt: string
}

// Cassette writes still in flight, of every store in this process (see `writeBehind`).
const unsettled = new Set<Promise<void>>()
const failures: string[] = []
// False between the end of a test file's wait for its writes and the start of the next file:
// a write then (e.g. from a user's `afterAll` that runs after the setup file's) has nobody
// left to wait for it, so its call waits instead.
let waitedFor = true

/** Whether background writes will be waited for (the setup file says so per test file). */
export function cassetteWritesWaitedFor(yes: boolean): void {
  waitedFor = yes
}

/**
 * Waits for every cassette write this process started, and throws once if any failed (each
 * failure was also logged when it happened). The setup file awaits it at the end of each test
 * file, so no write is cut off by the worker's exit and a lost cassette fails the run.
 */
export async function cassetteWritesSettled(): Promise<void> {
  // Started again each time round: a write queued meanwhile (a call answered while this waits)
  // must not wait for a quiet moment that fake timers may never bring.
  while (unsettled.size) {
    startQueuedWrites()
    await Promise.all(unsettled)
  }
  if (!failures.length) return
  const lost = failures.splice(0)
  throw new Error(`vitest-llm: ${lost.length} cassette${lost.length > 1 ? 's' : ''} could not be written (the answers were used; the next run asks again): ${lost.slice(0, 3).join('; ')}`)
}

export type ReadResult =
  | { status: 'hit', response: unknown }
  | { status: 'miss' }
  | { status: 'corrupt', reason: string }

/**
 * Cassettes as readable JSON files under `dir/<2 hex>/<key>.json`: stable key order, request
 * beside response, so they diff well in pull requests. Writes go to a temp file that is
 * renamed into place, so a parallel worker sees either the old file or the new one, never half.
 * Reads are synchronous: a cassette is a small local file, and a replayed run reads thousands,
 * where each promise-based read (open, stat, read, close on the thread pool) cost ~10× more.
 * Under the plugin, a test file's reads go through its cassette pack (cassette-pack.ts).
 */
export class CassetteStore {
  // Folders known to exist: skips a mkdir per write on the recording hot path.
  private readonly made = new Set<string>()

  // Writes in flight by key: a read of that key waits for it.
  private readonly writing = new Map<string, Promise<void>>()

  private readonly root: string

  constructor(readonly dir: string) {
    // Normalised once: a replayed run builds thousands of paths, and join() re-normalises each.
    this.root = join(dir, '.')
  }

  pathOf(key: string): string {
    return `${this.root}${sep}${key.slice(0, 2)}${sep}${key}.json`
  }

  read(key: string): ReadResult {
    const file = this.pathOf(key)
    // Listed for `vitest-llm cache prune`, instead of touching the file (see used-cassettes.ts).
    noteUsed(this.root, key)
    const pack = packFor(this.root)
    if (!pack) return this.readFile(file, key)
    // One stat instead of open, read and close: the pack holds the content this stamp had.
    const stat = nodeFs().statSync(file, { throwIfNoEntry: false })
    if (!stat) return { status: 'miss' }
    const packed = pack.lookup(key, stat)
    if (packed) return { status: 'hit', response: packed.response }
    const found = this.readFile(file, key)
    if (found.status === 'hit') pack.add(key, stat, found.response)
    return found
  }

  private readFile(file: string, key: string): ReadResult {
    let text: string
    try {
      text = nodeFs().readFileSync(file, 'utf8')
    }
    catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'miss' }
      return { status: 'corrupt', reason: `cannot read it (${(error as NodeJS.ErrnoException).code})` }
    }
    let value: unknown
    try {
      value = JSON.parse(text)
    }
    catch (error) {
      return { status: 'corrupt', reason: `invalid JSON (${(error as Error).message})` }
    }
    const cassette = value as Partial<Cassette>
    if (cassette?.version !== 1 || cassette.key !== key || cassette.response === undefined || typeof cassette.request !== 'object') {
      return { status: 'corrupt', reason: 'not a version 1 cassette for this key' }
    }
    return { status: 'hit', response: cassette.response }
  }

  /**
   * Writes the cassette in the background: the call that recorded it returns at once instead of
   * holding its test (and a `test.concurrent` slot) for the disk, which made a recorded run
   * ~8% slower than one without a cache; the write starts in a quiet moment (write-queue.ts).
   * `pending(key)` is that write until it is done, and `cassetteWritesSettled()` waits for all
   * of them. When no one will wait (see `cassetteWritesWaitedFor`), it returns the write for
   * the caller to await.
   */
  writeBehind(key: string, request: Record<string, unknown>, response: unknown): Promise<void> | undefined {
    if (!waitedFor) return this.write(key, request, response)
    // Copied now: the reply is its caller's from here on, and a test that changes it (trims
    // the text, normalises a vector in place) must not change what the model is recorded to say.
    const recorded = canonical(response)
    // Started in a quiet moment, between waves of answers (see write-queue.ts).
    const done = whenQuiet().then(() => this.writeCanonical(key, request, recorded))
      .catch((error: unknown) => {
        const reason = `${this.pathOf(key)}: ${(error as Error)?.message ?? String(error)}`
        failures.push(reason)
        console.warn(`[vitest-llm] could not write cassette ${reason}`)
      })
      .finally(() => {
        unsettled.delete(done)
        if (this.writing.get(key) === done) this.writing.delete(key)
      })
    unsettled.add(done)
    this.writing.set(key, done)
    return undefined
  }

  /** The write of `key` in flight, if any; started now if it was queued, since someone waits for it. */
  pending(key: string): Promise<void> | undefined {
    const writing = this.writing.get(key)
    if (writing) startQueuedWrites()
    return writing
  }

  write(key: string, request: Record<string, unknown>, response: unknown): Promise<void> {
    return this.writeCanonical(key, request, canonical(response))
  }

  private async writeCanonical(key: string, request: Record<string, unknown>, response: unknown): Promise<void> {
    const cassette: Cassette = { version: 1, key, request, response, recordedAt: new Date().toISOString() }
    const folder = `${this.root}${sep}${key.slice(0, 2)}`
    const file = `${folder}${sep}${key}.json`
    if (!this.made.has(folder)) {
      await fsPromises().mkdir(folder, { recursive: true })
      this.made.add(folder)
    }
    await writeFileAtomic(file, `${JSON.stringify(cassette, null, 2)}\n`, { mkdir: false })
  }
}
