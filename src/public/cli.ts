#!/usr/bin/env node
// The `vitest-llm` command.
import { processIo } from '../cli/io.js'
import { main } from '../cli/main.js'

main(process.argv.slice(2), processIo()).then(
  (code) => { process.exitCode = code },
  (error: unknown) => {
    process.stderr.write(`vitest-llm: ${(error as Error)?.stack ?? String(error)}\n`)
    process.exitCode = 3
  },
)
