import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * When the last run started and which cassette folder it used, so `vitest-llm cache prune` can
 * tell which cassettes that run did not use: those it did not list as read (`used`) and did not
 * write (written since `startedAt`). Kept under `.vitest/`, not in the committed cassette
 * folder, to avoid churn in reviews.
 */
export interface RunMarker {
  startedAt: string
  cacheDir: string
  /**
   * What kind of run it was (`running` until it ends). Only a complete `full` or `merged` run
   * used every cassette it needs, so only then may `cache prune` delete the rest. Absent in
   * markers of older versions, which are read as full and complete.
   */
  kind?: 'running' | 'full' | 'partial' | 'shard' | 'merged' | 'interrupted' | 'watch'
  /** True once the run ended normally, with every test file loaded and every suite's hooks run. */
  completed?: boolean
  /**
   * The folder where the run's workers listed the cassettes they read (see used-cassettes.ts).
   * Absent in markers of older versions, whose runs touched each cassette they read instead.
   */
  used?: string
  /**
   * Which process wrote the marker (see `MARKER_OWNER`): a run marks its end only on its own
   * marker, so a run that started meanwhile in another terminal keeps the record. Absent in
   * markers of older versions.
   */
  owner?: string
}

/** This process's name on the markers it writes. */
export const MARKER_OWNER = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

export const runMarkerPath = (root: string) => join(root, '.vitest', 'llm-last-run.json')

/** Where the workers of the last run list the cassettes they read. */
export const usedListsPath = (root: string) => join(root, '.vitest', 'llm-last-run-used')

export async function writeRunMarker(root: string, marker: RunMarker): Promise<void> {
  const file = runMarkerPath(root)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, `${JSON.stringify(marker, null, 2)}\n`)
}

export async function readRunMarker(root: string): Promise<RunMarker | undefined> {
  try {
    return JSON.parse(await readFile(runMarkerPath(root), 'utf8')) as RunMarker
  }
  catch {
    return undefined
  }
}
