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
 * A file written from pieces in one `writev`: a piece already encoded (the report's cases,
 * shared by the JSON file and the HTML page) is written as it is, not copied into one string
 * and encoded again for each file.
 */
function writeChunks(file: string, chunks: ReadonlyArray<string | Uint8Array>, done: (error: Error | null) => void): void {
  const fs = nodeFs()
  fs.open(file, 'w', (openError, fd) => {
    if (openError) return done(openError)
    const buffers = chunks.map(c => typeof c === 'string' ? Buffer.from(c) : c)
    fs.writev(fd, buffers, writeError => fs.close(fd, closeError => done(writeError ?? closeError)))
  })
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
