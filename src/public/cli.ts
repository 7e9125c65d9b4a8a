#!/usr/bin/env node
// The `vitest-llm` command.
import { processIo } from '../cli/io.js'
import { main } from '../cli/main.js'

main(process.argv.slice(2), processIo()).then(
  (code) => { process.exitCode = code },
  (error: unknown) => {
    // Bad input (a missing report, an invalid file) is expected: its message is enough.
    process.stderr.write(`vitest-llm: ${(error as Error)?.message ?? String(error)}\n`)
    if (process.env.DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`)
    process.exitCode = 3
  },
)
