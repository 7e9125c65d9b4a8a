import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { readRunMarker, type RunMarker } from '../client/cache/run-marker.js'
import { readUsedLists } from '../client/cache/used-cassettes.js'
import { staleTempFiles } from '../client/cache/temp-files.js'
import { parseDuration } from '../util/duration.js'
import type { CliIo } from './io.js'

interface Entry {
  file: string
  bytes: number
  mtimeMs: number
  model?: string
  kind?: string
  recordedAt?: number
  corrupt: boolean
}

async function scan(dir: string): Promise<Entry[]> {
  let names: string[]
  try {
    names = (await readdir(dir, { recursive: true })).map(String).filter(name => name.endsWith('.json'))
  }
  catch {
    return []
  }
  return Promise.all(names.sort().map(async (name) => {
    const file = join(dir, name)
    const info = await stat(file)
    try {
      const cassette = JSON.parse(await readFile(file, 'utf8')) as { request?: { model?: string, kind?: string }, recordedAt?: string }
      return { file, bytes: info.size, mtimeMs: info.mtimeMs, model: cassette.request?.model, kind: cassette.request?.kind, recordedAt: Date.parse(cassette.recordedAt ?? ''), corrupt: false }
    }
    catch {
      return { file, bytes: info.size, mtimeMs: info.mtimeMs, corrupt: true }
    }
  }))
}

async function isFolder(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() ?? false
}

/**
 * Why the last run cannot tell which cassettes are unused, or undefined when it can. Only a
 * complete full run on this machine read every cassette the suite needs; after a partial,
 * interrupted or still-running one, "unused" would delete cassettes that other tests still
 * replay. A marker without `kind` comes from an older version that wrote it only for full runs.
 */
function pruneRefusal(marker: RunMarker): string | undefined {
  const kind = marker.kind ?? 'full'
  const completed = marker.completed ?? true
  if (kind === 'full' && completed) return undefined
  // A merge only reads the shards' reports: the cassettes were read by the shards' own runs.
  // A full run that gets here did not complete: files or suites failed before their tests ran.
  const was: Record<string, string> = { full: 'had test files or suites that failed before their tests ran', partial: 'was partial', shard: 'was a shard', merged: 'merged shards, whose runs read the cassettes', watch: 'was a watch-mode run', interrupted: 'was interrupted', running: 'is still running (or was killed)' }
  const what = was[kind] ?? `did not complete (${kind})`
  return `the last run ${what} (started ${marker.startedAt}): it did not use every cassette the suite needs`
}

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`)

/**
 * `vitest-llm cache stats|prune [--dir .llm-cache]`.
 * `prune` removes cassettes the last run did not use (default; refused after a partial or
 * interrupted run unless `--force`) or, with `--older-than 30d`, cassettes recorded before that
 * age; `--dry-run` only lists them. Both report stale temp files of killed runs; prune removes them.
 */
export async function cacheCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'dir': { type: 'string' }, 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' }, 'force': { type: 'boolean' } },
  })
  const [action] = positionals
  const marker = await readRunMarker(io.cwd)
  const dir = io.resolve(values.dir ?? marker?.cacheDir ?? '.llm-cache')
  if ((action === 'stats' || action === 'prune') && !await isFolder(dir)) {
    io.stderr(`vitest-llm cache ${action}: no cassette folder at ${dir}${values.dir ? '' : ' (pass --dir, or run `vitest run` first)'}`)
    return 2
  }
  const entries = await scan(dir)
  // Left by killed runs (never another live run's): reported by stats, removed by prune.
  const temps = await staleTempFiles(dir)

  if (action === 'stats') {
    const byModel = new Map<string, number>()
    for (const entry of entries.filter(e => !e.corrupt)) {
      const label = `${entry.model ?? '?'} (${entry.kind ?? '?'})`
      byModel.set(label, (byModel.get(label) ?? 0) + 1)
    }
    const corrupt = entries.filter(e => e.corrupt).length
    const litter = temps.length ? `, ${temps.length} stale temp file${temps.length === 1 ? '' : 's'} (${size(temps.reduce((sum, t) => sum + t.bytes, 0))}; \`cache prune\` removes them)` : ''
    io.stdout(`${relative(io.cwd, dir) || '.'}: ${entries.length} cassette${entries.length === 1 ? '' : 's'}, ${size(entries.reduce((sum, e) => sum + e.bytes, 0))}${corrupt ? `, ${corrupt} corrupt` : ''}${litter}`)
    for (const [model, count] of [...byModel].sort((a, b) => b[1] - a[1])) io.stdout(`  ${String(count).padStart(6)}  ${model}`)
    return 0
  }
  if (action === 'prune') {
    let stale: Entry[]
    if (values['older-than'] !== undefined) {
      const age = parseDuration(values['older-than'])
      if (age === undefined) {
        io.stderr(`vitest-llm cache prune: invalid --older-than ${JSON.stringify(values['older-than'])}: expected a duration such as 30d, 12h or 90m`)
        return 2
      }
      const cutoff = Date.now() - age
      stale = entries.filter(e => e.corrupt || (e.recordedAt ?? 0) < cutoff)
    }
    else {
      if (!marker) {
        io.stderr('vitest-llm cache prune: no record of a last run (.vitest/llm-last-run.json); run `vitest run` first, or use --older-than')
        return 2
      }
      const refusal = pruneRefusal(marker)
      if (refusal && !values.force) {
        io.stderr(`vitest-llm cache prune: ${refusal}; prune after a full run, or pass --force`)
        return 1
      }
      // Used: listed as read by the run's workers, or written since it started. Markers of older
      // versions have no lists: their runs touched every cassette they read.
      const started = Date.parse(marker.startedAt)
      const read = marker.used ? await readUsedLists(marker.used, dir) : new Set<string>()
      stale = entries.filter(e => e.corrupt || (e.mtimeMs < started && !read.has(basename(e.file, '.json'))))
    }
    for (const entry of stale) {
      io.stdout(`${values['dry-run'] ? 'would remove' : 'removed'} ${relative(io.cwd, entry.file)}${entry.corrupt ? ' (corrupt)' : ''}`)
      if (!values['dry-run']) await rm(entry.file, { force: true })
    }
    for (const temp of temps) {
      io.stdout(`${values['dry-run'] ? 'would remove' : 'removed'} ${relative(io.cwd, temp.file)} (stale temp file)`)
      if (!values['dry-run']) await rm(temp.file, { force: true })
    }
    io.stdout(`${values['dry-run'] ? 'would prune' : 'pruned'} ${stale.length} of ${entries.length} cassettes${temps.length ? ` and ${temps.length} stale temp file${temps.length === 1 ? '' : 's'}` : ''}`)
    return 0
  }
  io.stderr('Usage: vitest-llm cache stats|prune [--dir <folder>] [--older-than <age>] [--dry-run] [--force]')
  return 2
}
