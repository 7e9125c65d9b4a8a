// Preloaded (NODE_OPTIONS=--import) into a vitest run and its workers: counts the files read
// with readFileSync under COUNT_READS_UNDER, and appends each process's count to COUNT_READS_OUT
// when it ends (Vitest ends its workers with SIGTERM).
import { appendFileSync } from 'node:fs'

const fs = process.getBuiltinModule('node:fs')
const under = process.env.COUNT_READS_UNDER
let count = 0
const readFileSync = fs.readFileSync
fs.readFileSync = function (file, ...rest) {
  if (under && String(file).startsWith(under)) count++
  return readFileSync.call(this, file, ...rest)
}
let written = false
const write = () => {
  if (written) return
  written = true
  appendFileSync(process.env.COUNT_READS_OUT, `${count}\n`)
}
process.on('exit', write)
process.on('SIGTERM', () => {
  write()
  process.exit()
})
