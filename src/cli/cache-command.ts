import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { readRunMarker } from '../client/cache/run-marker.js'
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

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`)

/**
 * `vitest-llm cache stats|prune [--dir .llm-cache]`.
 * `prune` removes cassettes the last run did not use (default) or, with `--older-than 30d`,
 * cassettes recorded before that age; `--dry-run` only lists them.
 */
export async function cacheCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'dir': { type: 'string' }, 'older-than': { type: 'string' }, 'dry-run': { type: 'boolean' } },
  })
  const [action] = positionals
  const marker = await readRunMarker(io.cwd)
  const dir = io.resolve(values.dir ?? marker?.cacheDir ?? '.llm-cache')
  const entries = await scan(dir)

  if (action === 'stats') {
    const byModel = new Map<string, number>()
    for (const entry of entries.filter(e => !e.corrupt)) {
      const label = `${entry.model ?? '?'} (${entry.kind ?? '?'})`
      byModel.set(label, (byModel.get(label) ?? 0) + 1)
    }
    const corrupt = entries.filter(e => e.corrupt).length
    io.stdout(`${relative(io.cwd, dir) || '.'}: ${entries.length} cassette${entries.length === 1 ? '' : 's'}, ${size(entries.reduce((sum, e) => sum + e.bytes, 0))}${corrupt ? `, ${corrupt} corrupt` : ''}`)
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
      const started = Date.parse(marker.startedAt)
      stale = entries.filter(e => e.corrupt || e.mtimeMs < started)
    }
    for (const entry of stale) {
      io.stdout(`${values['dry-run'] ? 'would remove' : 'removed'} ${relative(io.cwd, entry.file)}${entry.corrupt ? ' (corrupt)' : ''}`)
      if (!values['dry-run']) await rm(entry.file, { force: true })
    }
    io.stdout(`${values['dry-run'] ? 'would prune' : 'pruned'} ${stale.length} of ${entries.length} cassettes`)
    return 0
  }
  io.stderr('Usage: vitest-llm cache stats|prune [--dir <folder>] [--older-than <age>] [--dry-run]')
  return 2
}
