import { join } from 'node:path'
import { fsPromises } from '../../util/builtins.js'
import { sha256 } from '../../util/sha256.js'
import { writeFileAtomic, writeFileAtomicSync } from '../../util/write-atomic.js'

/**
 * Which cassettes this process read, by cassette folder: `vitest-llm cache prune` keeps them.
 * Replaces touching each cassette on read (a syscall per replayed case, and a changed stamp
 * that would invalidate every cassette pack): each worker lists its keys in one file per
 * folder under the run's `used` folder (see `RunMarker.used`), which the plugin empties when
 * a run starts.
 */
const used = new Map<string, { keys: Set<string>, written: number }>()

// Unique per module instance: a worker's file is never overwritten by another's, even when a
// process id is reused within the run.
const self = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`

// Set once a test file's lists are written, until the next file starts: a read in between (a
// user's `afterAll` that runs after the setup file's) is listed at once, synchronously, since
// no later write may come before the worker ends.
let written: string | undefined

export function noteUsed(dir: string, key: string): void {
  let entry = used.get(dir)
  if (!entry) used.set(dir, entry = { keys: new Set(), written: 0 })
  entry.keys.add(key)
  if (written && entry.keys.size !== entry.written) writeFileAtomicSync(listFile(written, dir), listText(entry))
}

const listName = (dir: string) => sha256(dir).slice(0, 16)
const listFile = (folder: string, dir: string) => join(folder, `${listName(dir)}-${self}.keys`)

/** A test file starts: its reads are listed when it ends (`writeUsedLists`). */
export function holdUsedLists(): void {
  written = undefined
}

/** Writes the keys read since the last call into `folder` (one file per cassette folder). */
export async function writeUsedLists(folder: string): Promise<void> {
  // Until nothing is left: a key read while a list is being written (a call answered
  // meanwhile) goes into the next pass, and from the last check on, each read is listed at once.
  for (;;) {
    const stale = [...used].filter(([, entry]) => entry.keys.size !== entry.written)
    if (!stale.length) break
    await Promise.all(stale.map(([dir, entry]) => writeFileAtomic(listFile(folder, dir), listText(entry))))
  }
  written = folder
}

/** The list's text, which the caller writes: every key read so far counts as written. */
function listText(entry: { keys: Set<string>, written: number }): string {
  entry.written = entry.keys.size
  return `${[...entry.keys].join('\n')}\n`
}

/** Every key that the run's workers listed as read from the cassette folder `dir`. */
export async function readUsedLists(folder: string, dir: string): Promise<Set<string>> {
  const keys = new Set<string>()
  let names: string[]
  try {
    names = await fsPromises().readdir(folder)
  }
  catch {
    return keys
  }
  const prefix = `${listName(dir)}-`
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.keys')) continue
    for (const key of (await fsPromises().readFile(join(folder, name), 'utf8')).split('\n')) if (key) keys.add(key)
  }
  return keys
}
