import { parseArgs } from 'node:util'
import type { CliIo } from './io.js'
import { validateCommand } from './validate-command.js'

const USAGE = `Usage: vitest-llm <command> [options]

Commands:
  validate [globs...]   Check prompt configs (default: **/*.prompt.{yaml,yml,json})

Options:
  -h, --help            Show this help`

/** Runs the CLI and returns the exit code; never exits the process itself. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { help: { type: 'boolean', short: 'h' } } })
  const [command, ...rest] = positionals
  if (values.help || !command) {
    io.stdout(USAGE)
    return command || values.help ? 0 : 2
  }
  switch (command) {
    case 'validate':
      return validateCommand(rest, io)
    default:
      io.stderr(`vitest-llm: unknown command \`${command}\`\n\n${USAGE}`)
      return 2
  }
}
