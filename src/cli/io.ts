import { resolve } from 'node:path'

/** Where a command writes and which folder it works in; injected so commands are testable. */
export interface CliIo {
  cwd: string
  stdout(line: string): void
  stderr(line: string): void
  resolve(path: string): string
}

export function processIo(): CliIo {
  const cwd = process.cwd()
  return {
    cwd,
    stdout: line => process.stdout.write(`${line}\n`),
    stderr: line => process.stderr.write(`${line}\n`),
    resolve: path => resolve(cwd, path),
  }
}
