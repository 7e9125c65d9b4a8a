import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** A temp file older than this is left over from a killed run, whoever wrote it. */
export const STALE_TEMP_MS = 10 * 60_000

// `writeFileAtomic` names temp files `<file>.<pid>.<8 hex>.tmp`.
const TEMP = /\.(\d+)\.[0-9a-f]+\.tmp$/

/**
 * Temp files that a killed run left in the cassette folder: those whose writer process is gone,
 * or that are older than `STALE_TEMP_MS` (a write takes milliseconds; a pid can be reused).
 * A recent temp file of a live process is another run writing right now, and is left alone.
 */
export async function staleTempFiles(dir: string, now: number = Date.now()): Promise<Array<{ file: string, bytes: number }>> {
  let names: string[]
  try {
    names = (await readdir(dir, { recursive: true })).map(String).filter(name => name.endsWith('.tmp'))
  }
  catch {
    return []
  }
  const stale: Array<{ file: string, bytes: number }> = []
  for (const name of names.sort()) {
    const file = join(dir, name)
    const info = await stat(file).catch(() => undefined)
    if (!info) continue // renamed into place meanwhile
    const pid = Number(TEMP.exec(name)?.[1])
    if (now - info.mtimeMs > STALE_TEMP_MS || !Number.isInteger(pid) || !alive(pid)) stale.push({ file, bytes: info.size })
  }
  return stale
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  }
  catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
