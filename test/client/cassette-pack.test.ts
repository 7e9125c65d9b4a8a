// Cassette packs: a test file's cassettes read from one derived file, used only while each
// cassette's stamp is unchanged — an edit, a replacement or a deletion is always seen.
import { mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { closePacks, openPacks } from '../../src/client/cache/cassette-pack.js'
import { CassetteStore } from '../../src/client/cache/cassette-store.js'
import { holdUsedLists, noteUsed, readUsedLists, writeUsedLists } from '../../src/client/cache/used-cassettes.js'

// The module object vitest-llm reads through (process.getBuiltinModule), so spies see its reads.
const fs = process.getBuiltinModule('node:fs')

const keyOf = (n: number) => n.toString(16).padStart(64, 'a')
const reply = (text: string) => ({ choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }] })

let dir: string
let packs: string
let store: CassetteStore

beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), 'vitest-llm-pack-'))
  dir = join(root, 'cassettes')
  packs = join(root, 'packs')
  store = new CassetteStore(dir)
  for (let i = 0; i < 5; i++) await store.write(keyOf(i), { kind: 'chat', q: i }, reply(`answer ${i}`))
  // Cassettes changed within the last 2 s are not packed (they may change again in the same
  // tick of the file system's clock): the clock moves on instead of the test waiting.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(Date.now() + 10_000)
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** One "test file": its reads through the pack, then the pack written. */
async function inTestFile<T>(read: () => T): Promise<T> {
  openPacks(packs, 'project\0/tests/a.llm.test.ts')
  try {
    return read()
  }
  finally {
    await closePacks()
  }
}

const text = (result: ReturnType<CassetteStore['read']>) => result.status === 'hit' ? (result.response as ReturnType<typeof reply>).choices[0]!.message.content : result.status

function countCassetteReads() {
  const spy = vi.spyOn(fs, 'readFileSync')
  return () => spy.mock.calls.filter(([file]) => String(file).startsWith(dir)).length
}

describe('cassette packs', () => {
  it('the first test file run reads each cassette and writes a pack; the next reads none', async () => {
    let reads = countCassetteReads()
    expect(await inTestFile(() => [0, 1, 2].map(i => text(store.read(keyOf(i)))))).toEqual(['answer 0', 'answer 1', 'answer 2'])
    expect(reads()).toBe(3)
    const [pack] = await readdir(packs)
    expect((await readFile(join(packs, pack!), 'utf8')).trim().split('\n')).toHaveLength(4) // header + 3

    vi.restoreAllMocks()
    reads = countCassetteReads()
    expect(await inTestFile(() => [0, 1, 2].map(i => text(store.read(keyOf(i)))))).toEqual(['answer 0', 'answer 1', 'answer 2'])
    expect(reads()).toBe(0)
  })

  it('an edit in place is seen, even one that keeps the size and the modified time', async () => {
    const file = store.pathOf(keyOf(0))
    // A whole second, which the restore below sets back exactly.
    await utimes(file, 1_700_000_000, 1_700_000_000)
    await inTestFile(() => store.read(keyOf(0)))
    const before = fs.statSync(file)
    const edited = (await readFile(file, 'utf8')).replace('answer 0', 'answer X')
    expect(edited.length).toBe(before.size)
    await writeFile(file, edited)
    await utimes(file, 1_700_000_000, 1_700_000_000) // the changed time cannot be set back
    expect(fs.statSync(file)).toMatchObject({ ino: before.ino, size: before.size, mtimeMs: before.mtimeMs })
    expect(await inTestFile(() => text(store.read(keyOf(0))))).toBe('answer X')
    // And the pack now holds the edit.
    vi.setSystemTime(Date.now() + 10_000)
    const reads = countCassetteReads()
    expect(await inTestFile(() => text(store.read(keyOf(0))))).toBe('answer X')
    expect(reads()).toBe(0)
  })

  it('a replaced cassette (git checkout, rename into place) and a deleted one are seen', async () => {
    await inTestFile(() => [store.read(keyOf(0)), store.read(keyOf(1))])
    const replacement = join(dir, 'replacement.json')
    await writeFile(replacement, (await readFile(store.pathOf(keyOf(0)), 'utf8')).replace('answer 0', 'answer Y'))
    await rename(replacement, store.pathOf(keyOf(0)))
    await rm(store.pathOf(keyOf(1)))
    expect(await inTestFile(() => [text(store.read(keyOf(0))), text(store.read(keyOf(1)))])).toEqual(['answer Y', 'miss'])
  })

  it('every read gets its own object: changing a reply changes neither the next read nor the pack', async () => {
    await inTestFile(() => store.read(keyOf(0)))
    await inTestFile(() => {
      const first = store.read(keyOf(0))
      ;(first as { response: ReturnType<typeof reply> }).response.choices[0]!.message.content = 'mutated'
      expect(text(store.read(keyOf(0)))).toBe('answer 0')
    })
    expect(await inTestFile(() => text(store.read(keyOf(0))))).toBe('answer 0')
  })

  it('a cassette changed within the last 2 s is read from disk and not packed', async () => {
    vi.useRealTimers()
    await store.write(keyOf(9), { kind: 'chat', q: 9 }, reply('fresh'))
    await inTestFile(() => store.read(keyOf(9)))
    const [pack] = await readdir(packs)
    expect(await readFile(join(packs, pack!), 'utf8')).not.toContain(keyOf(9))
  })

  it('a garbled pack, or one of another cassette folder, is ignored and rebuilt', async () => {
    await inTestFile(() => store.read(keyOf(0)))
    const [pack] = await readdir(packs)
    for (const garbage of ['not a pack at all', `vitest-llm cassette pack 1 "/elsewhere"\n${keyOf(0)} 1 2 3 4 {"choices":[]}\n`, `vitest-llm cassette pack 1 ${JSON.stringify(join(dir, '.'))}\n${keyOf(0)} ${'x'.repeat(20)}\n`, `vitest-llm cassette pack 1 ${JSON.stringify(join(dir, '.'))}\n\n${keyOf(0)}\n${keyOf(0)} 1 2 3 4 {"choi`]) {
      await writeFile(join(packs, pack!), garbage)
      expect(await inTestFile(() => text(store.read(keyOf(0))))).toBe('answer 0')
      expect(await readFile(join(packs, pack!), 'utf8')).toContain('answer 0')
    }
  })

  it('corrupt cassettes stay corrupt and are never packed', async () => {
    await writeFile(store.pathOf(keyOf(3)), '{"version": 1, "key"')
    vi.setSystemTime(Date.now() + 10_000)
    expect((await inTestFile(() => store.read(keyOf(3)))).status).toBe('corrupt')
    expect((await inTestFile(() => store.read(keyOf(3)))).status).toBe('corrupt')
  })

  it('outside a test file (no pack open) reads go to the cassettes', async () => {
    const reads = countCassetteReads()
    expect(text(store.read(keyOf(2)))).toBe('answer 2')
    expect(reads()).toBe(1)
    expect(fs.existsSync(packs)).toBe(false)
  })
})

describe('used cassette lists', () => {
  it('lists each folder\'s keys read by this process, for cache prune', async () => {
    const used = join(dir, '..', 'used')
    noteUsed(join(dir, '.'), keyOf(1))
    store.read(keyOf(2))
    noteUsed('/another/folder', keyOf(7))
    await writeUsedLists(used)
    expect([...await readUsedLists(used, join(dir, '.'))].sort()).toEqual([keyOf(1), keyOf(2)])
    expect([...await readUsedLists(used, '/another/folder')]).toEqual([keyOf(7)])
    expect((await readUsedLists(join(dir, 'none'), dir)).size).toBe(0)
  })

  it('a read after the test file\'s lists are written (a late afterAll) is listed at once', async () => {
    const used = join(dir, '..', 'used-late')
    holdUsedLists()
    noteUsed(join(dir, '.'), keyOf(3))
    await writeUsedLists(used)
    // No later write will come: the late read is on disk before noteUsed returns.
    noteUsed(join(dir, '.'), keyOf(4))
    expect([...await readUsedLists(used, join(dir, '.'))]).toContain(keyOf(4))
    holdUsedLists()
  })
})
