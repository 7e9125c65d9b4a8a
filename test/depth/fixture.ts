import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The depth fixture: two prompt configs, a RAG docs folder and two golden sets. */
export const FIXTURE = fileURLToPath(new URL('../fixtures/depth/', import.meta.url))

/** A fresh copy of the fixture in a temporary folder, edited by each test. */
export async function fixtureCopy(): Promise<{ dir: string, edit: (file: string, change: (text: string) => string) => Promise<void>, write: (file: string, text: string) => Promise<void>, remove: (file: string) => Promise<void>, cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-depth-'))
  await cp(FIXTURE, dir, { recursive: true })
  return {
    dir,
    edit: async (file, change) => writeFile(join(dir, file), change(await readFile(join(dir, file), 'utf8'))),
    write: async (file, text) => {
      await mkdir(dirname(join(dir, file)), { recursive: true })
      await writeFile(join(dir, file), text)
    },
    remove: file => rm(join(dir, file)),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  }
}
