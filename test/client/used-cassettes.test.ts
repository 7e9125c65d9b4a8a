// `cache prune` keeps what the last run's workers listed as read: a read made while the lists
// are being written (a call answered during the setup file's afterAll) must be listed too.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { holdUsedLists, noteUsed, readUsedLists, writeUsedLists } from '../../src/client/cache/used-cassettes.js'

describe('the lists of cassettes read', () => {
  it('lists a key read while the lists are written, and each read after them at once', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'vitest-llm-used-'))
    const dir = join(folder, 'cassettes')
    holdUsedLists()
    noteUsed(dir, 'a'.repeat(64))
    const writing = writeUsedLists(folder)
    noteUsed(dir, 'b'.repeat(64)) // read while the first list is being written
    await writing
    expect([...await readUsedLists(folder, dir)].sort()).toEqual(['a'.repeat(64), 'b'.repeat(64)])
    noteUsed(dir, 'c'.repeat(64)) // after the file's lists: written by the read itself
    expect((await readUsedLists(folder, dir)).has('c'.repeat(64))).toBe(true)
  })
})
