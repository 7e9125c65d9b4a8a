import type { CliIo } from './io.js'
import { baselineCommand } from './baseline-command.js'
import { cacheCommand } from './cache-command.js'
import { canaryCommand } from './canary-command.js'
import { shadowCommand } from './shadow-command.js'
import { reportCommand } from './report-command.js'
import { validateCommand } from './validate-command.js'

const USAGE = `Usage: vitest-llm <command> [options]

Commands:
  validate [globs...]   Check prompt configs (default: **/*.prompt.{yaml,yml,json})
  baseline save         Accept the last run's report as the baseline
                        (--from .vitest/llm-report.json, --to llm-baseline.json)
  report [file]         Print a saved report (--markdown for Markdown); exit 1 if it failed
  shadow --log requests.jsonl --baseline v1 --candidate v2 [--max-divergence 0.1]
                        Compare the candidate's outputs with the baseline's on the same inputs
  canary analyze --config canary.yaml [--now <ISO time>]
                        Decide promote (exit 0), rollback (1) or hold (2) for the current step
  canary step --config canary.yaml
                        Apply that decision to canary-state.json and print the next percentage
  cache stats           Count the cassettes in the cache folder, by model
  cache prune           Remove cassettes the last run did not use
                        (--older-than 30d: recorded before that age; --dry-run; --dir)

Options:
  -h, --help            Show this help`

/** Each command takes the arguments after its name and returns the exit code. */
const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  validate: validateCommand,
  baseline: baselineCommand,
  report: reportCommand,
  shadow: shadowCommand,
  canary: canaryCommand,
  cache: cacheCommand,
}

/** Runs the CLI and returns the exit code; never exits the process itself. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '-h' || command === '--help') {
    io.stdout(USAGE)
    return command ? 0 : 2
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
  if (!run) {
    io.stderr(`vitest-llm: unknown command \`${command}\`\n\n${USAGE}`)
    return 2
  }
  return run(rest, io)
}
