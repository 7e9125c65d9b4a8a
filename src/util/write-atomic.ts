import { fsPromises, nodeCrypto, nodeFs } from './builtins.js'
import { dirname } from 'node:path'

/**
 * Writes a file so that readers — other workers, other processes — see the old content or the
 * new, never a half-written file: a uniquely named temp file beside it, renamed into place.
 * `mkdir: false` skips creating the folder when the caller knows it exists (a hot path).
 */
export async function writeFileAtomic(file: string, text: string, options: { mkdir?: boolean } = {}): Promise<void> {
  if (options.mkdir !== false) await fsPromises().mkdir(dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`
  try {
    await fsPromises().writeFile(temp, text)
    await fsPromises().rename(temp, file)
  }
  catch (error) {
    await fsPromises().rm(temp, { force: true })
    throw error
  }
}

/**
 * The same, synchronously: for the last write of a process that is ending on a signal, where
 * no later tick is guaranteed.
 */
export function writeFileAtomicSync(file: string, text: string): void {
  nodeFs().mkdirSync(dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`
  try {
    nodeFs().writeFileSync(temp, text)
    nodeFs().renameSync(temp, file)
  }
  catch (error) {
    nodeFs().rmSync(temp, { force: true })
    throw error
  }
}
