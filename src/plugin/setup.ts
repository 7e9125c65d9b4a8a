// The setup file the plugin adds to every test file: registers the matchers and records, on
// the file, which golden sets and prompt configs it read (for watch-mode reruns) and which run
// it was part of (so a merge of shards can check that every shard is there, once, from one run).
import { sha256 } from '../util/sha256.js'
import { nodeFs } from '../util/builtins.js'
import { relative } from 'node:path'
import { afterAll, beforeAll, inject } from 'vitest'
import { PROVIDE_KEY } from '../config/provide-key.js'
import { registerMatchers } from '../matchers/register.js'
import { takeDependencies } from '../util/watched-files.js'
import { cassetteWritesSettled, cassetteWritesWaitedFor } from '../client/cache/cassette-store.js'
import { closePacks, openPacks } from '../client/cache/cassette-pack.js'
import { holdUsedLists, writeUsedLists } from '../client/cache/used-cassettes.js'

registerMatchers()

// A test file's cassette reads go through its pack (one file read instead of one per cassette);
// its recorded cassettes and the list of those it read are written when it ends (below).
// eslint-disable-next-line no-empty-pattern
beforeAll(({}, file) => {
  const cassettes = inject(PROVIDE_KEY)?.cassettes
  if (cassettes) openPacks(cassettes.packs, `${file.file.projectName ?? ''}\0${file.file.filepath}`)
  holdUsedLists()
  cassetteWritesWaitedFor(true)
})

// Registered by a setup file, this hook belongs to the test file itself. Vitest parses the
// first parameter as fixtures and insists on a destructuring pattern.
// eslint-disable-next-line no-empty-pattern
afterAll(async ({}, file) => {
  const files = takeDependencies()
  if (files.length) file.meta.llmDependencies = files
  const provided = inject(PROVIDE_KEY)
  if (provided?.run) {
    const data: Record<string, string> = {}
    for (const path of files) data[relative(provided.root, path)] = hashFile(path)
    file.meta.llmRun = { ...provided.run, data }
  }
  // Cassettes recorded by this file's tests are written in the background: all of them are on
  // disk before the file ends, and one that could not be written fails the file (after the
  // rest is recorded: the list of cassettes read is what keeps `cache prune` from deleting them).
  try {
    await cassetteWritesSettled()
  }
  finally {
    // From here on (a user's `afterAll` may still run after this one), each write and each
    // read is recorded at once, by the call that makes it.
    cassetteWritesWaitedFor(false)
    await closePacks()
    if (provided?.cassettes) await writeUsedLists(provided.cassettes.used)
  }
})

function hashFile(path: string): string {
  try {
    return sha256(nodeFs().readFileSync(path)).slice(0, 16)
  }
  catch {
    return 'unreadable'
  }
}
