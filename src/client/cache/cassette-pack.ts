import type { Stats } from 'node:fs'
import { join } from 'node:path'
import { nodeFs } from '../../util/builtins.js'
import { sha256 } from '../../util/sha256.js'
import { writeFileAtomic } from '../../util/write-atomic.js'

/**
 * What identifies a cassette file's content without reading it: inode, size, modified and
 * changed times. An edit in place changes the times (and a user cannot set the changed time),
 * a replacement (git checkout, our atomic writes) changes the inode.
 */
const stampOf = (stat: Stats): string => `${stat.ino} ${stat.size} ${stat.mtimeMs} ${stat.ctimeMs}`

// A cassette changed within this long before it was read may change again within the same
// tick of the file system's clock without a new stamp (git's "racy" entries): not packed.
const RACY_MS = 2_000

const HEADER = 'vitest-llm cassette pack 1'

/**
 * The cassettes one test file replayed last time, in one file: a replaying worker reads it
 * once instead of opening each cassette (open, read, parse and the old "last used" touch took
 * ~13 µs a case measured alone; a lookup with its stat takes ~8). It is derived data in Vite's
 * cache folder, never the source of truth: an entry is used only while its cassette's stamp is
 * unchanged, and the committed cassette is read otherwise. Rewritten at the end of the test
 * file when anything was read from disk.
 *
 * Format: a header line with the cassette folder, then a line per cassette,
 * `<key> <stamp> <response as JSON>`. Each lookup parses its own line, so every case gets a
 * fresh object and a test that changes its reply cannot change another's, or the pack.
 */
export class CassettePack {
  /** The pack as read, and where each key's line starts in it. */
  private text = ''
  private lines: Map<string, number> | undefined
  // What this test file used this time: the next pack, if it has to be written.
  private readonly used = new Map<string, string>()
  private changed = false

  constructor(readonly file: string, readonly dir: string) {}

  /** The recorded response for `key` if `stat` (its cassette's, just taken) still matches. */
  lookup(key: string, stat: Stats): { response: unknown } | undefined {
    const start = this.load().get(key)
    if (start === undefined) return undefined
    const end = this.text.indexOf('\n', start)
    const line = this.text.slice(start, end < 0 ? undefined : end)
    const stamp = stampOf(stat)
    // `<key> <stamp> <json>`: the stamp must match exactly, up to the space before the JSON.
    if (!line.startsWith(stamp, 65) || line.charCodeAt(65 + stamp.length) !== 32) {
      this.changed = true
      return undefined
    }
    let response: unknown
    try {
      response = JSON.parse(line.slice(66 + stamp.length))
    }
    catch {
      this.changed = true
      return undefined
    }
    this.used.set(key, line)
    return { response }
  }

  /** A cassette read from disk, with the stat taken before reading it, before anyone uses it. */
  add(key: string, stat: Stats, response: unknown): void {
    this.changed = true
    if (Date.now() - Math.max(stat.mtimeMs, stat.ctimeMs) < RACY_MS) return
    this.used.set(key, `${key} ${stampOf(stat)} ${JSON.stringify(response)}`)
  }

  /** Writes the pack if this test file read anything the old one did not hold. */
  async save(): Promise<void> {
    if (!this.changed) return
    this.changed = false
    await writeFileAtomic(this.file, `${HEADER} ${JSON.stringify(this.dir)}\n${[...this.used.values()].join('\n')}\n`)
  }

  // Indexed, not split: a 10,000-case pack is ~7 MB, and a line is cut out only when looked up.
  private load(): Map<string, number> {
    if (this.lines) return this.lines
    this.lines = new Map()
    let text: string
    try {
      text = nodeFs().readFileSync(this.file, 'utf8')
    }
    catch {
      return this.lines // none yet, or unreadable: derived data, rebuilt from the cassettes
    }
    const first = text.indexOf('\n')
    if (first < 0 || text.slice(0, first) !== `${HEADER} ${JSON.stringify(this.dir)}`) return this.lines
    this.text = text
    for (let start = first + 1; start < text.length;) {
      const newline = text.indexOf('\n', start)
      const end = newline < 0 ? text.length : newline
      // `<key> `: a garbled line's first 64 characters never equal a key that is looked up.
      if (end - start > 65 && text.charCodeAt(start + 64) === 32) this.lines.set(text.slice(start, start + 64), start)
      start = end + 1
    }
    return this.lines
  }
}

/** Where a test file keeps its packs, set by the plugin's setup file for the file's duration. */
interface PackScope {
  folder: string
  testFile: string
  packs: Map<string, CassettePack>
}

let scope: PackScope | undefined

/** From now until `closePacks()`, cassette reads of `testFile` use packs kept under `folder`. */
export function openPacks(folder: string, testFile: string): void {
  scope = { folder, testFile, packs: new Map() }
}

/** The pack of the open test file for the cassette folder `dir` (normalised), if any is open. */
export function packFor(dir: string): CassettePack | undefined {
  if (!scope) return undefined
  let pack = scope.packs.get(dir)
  if (!pack) {
    pack = new CassettePack(join(scope.folder, `${sha256(`${scope.testFile}\0${dir}`).slice(0, 32)}.json`), dir)
    scope.packs.set(dir, pack)
  }
  return pack
}

/** Writes the open test file's packs that changed, and closes them. */
export async function closePacks(): Promise<void> {
  const open = scope
  scope = undefined
  // A pack that cannot be written only costs the next run its speed, never a verdict.
  if (open) await Promise.all([...open.packs.values()].map(pack => pack.save().catch(() => {})))
}
