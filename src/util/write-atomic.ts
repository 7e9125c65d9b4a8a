import { fsPromises, nodeFs } from './builtins.js'
import { dirname } from 'node:path'

// Temp names: `<file>.<pid>.<8 hex>.tmp` (what temp-files.ts recognises). A counter from a
// random start, not random bytes per write: each call to the system's random source cost more
// than the rest of a cassette's write.
let sequence = Math.floor(Math.random() * 0x100000000)
const tempOf = (file: string) => `${file}.${process.pid}.${((sequence = (sequence + 1) >>> 0)).toString(16).padStart(8, '0')}.tmp`

/**
 * Writes a file so that readers — other workers, other processes — see the old content or the
 * new, never a half-written file: a uniquely named temp file beside it, renamed into place.
 * `mkdir: false` skips creating the folder when the caller knows it exists (a hot path).
 * Callback-based fs underneath: `fs/promises` opens a FileHandle per write, which cost a
 * recording run more CPU than the write itself.
 */
export async function writeFileAtomic(file: string, text: string | ReadonlyArray<string | Uint8Array>, options: { mkdir?: boolean } = {}): Promise<void> {
  if (options.mkdir !== false) await fsPromises().mkdir(dirname(file), { recursive: true })
  const fs = nodeFs()
  const temp = tempOf(file)
  await new Promise<void>((resolve, reject) => {
    const write = typeof text === 'string' ? (done: (error: Error | null) => void) => fs.writeFile(temp, text, done) : (done: (error: Error | null) => void) => writeChunks(temp, text, done)
    write((error) => {
      if (error) return fs.rm(temp, { force: true }, () => reject(error))
      fs.rename(temp, file, (renameError) => {
        if (renameError) fs.rm(temp, { force: true }, () => reject(renameError))
        else resolve()
      })
    })
  })
}

/**
 * A file written from pieces with `writev`: a piece already encoded (the report's cases,
 * shared by the JSON file and the HTML page) is written as it is, not copied into one string
 * and encoded again for each file.
 */
function writeChunks(file: string, chunks: ReadonlyArray<string | Uint8Array>, done: (error: Error | null) => void): void {
  const fs = nodeFs()
  fs.open(file, 'w', (openError, fd) => {
    if (openError) return done(openError)
    const finish = (error: Error | null) => fs.close(fd, closeError => done(error ?? closeError))
    let buffers = chunks.map(c => typeof c === 'string' ? Buffer.from(c) : c).filter(b => b.byteLength > 0)
    // A write that stops part-way (a full disk, a file-size limit) reports how far it got and
    // no error: write the rest again, which either continues or reports the error.
    const next = (): void => {
      if (buffers.length === 0) return finish(null)
      fs.writev(fd, buffers, (writeError, written) => {
        if (writeError) return finish(writeError)
        if (written === 0) return finish(Object.assign(new Error(`could not write ${file}: the write made no progress`), { code: 'EIO' }))
        buffers = rest(buffers, written)
        next()
      })
    }
    next()
  })
}

/** What is left of `buffers` after their first `written` bytes. */
function rest(buffers: Uint8Array[], written: number): Uint8Array[] {
  let skip = written
  let i = 0
  while (i < buffers.length && skip >= buffers[i]!.byteLength) skip -= buffers[i++]!.byteLength
  const left = buffers.slice(i)
  if (skip > 0) left[0] = left[0]!.subarray(skip)
  return left
}

/**
 * The same, synchronously: for the last write of a process that is ending on a signal, where
 * no later tick is guaranteed.
 */
export function writeFileAtomicSync(file: string, text: string): void {
  nodeFs().mkdirSync(dirname(file), { recursive: true })
  const temp = tempOf(file)
  try {
    nodeFs().writeFileSync(temp, text)
    nodeFs().renameSync(temp, file)
  }
  catch (error) {
    nodeFs().rmSync(temp, { force: true })
    throw error
  }
}
