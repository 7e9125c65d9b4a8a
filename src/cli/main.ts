import { readFileSync } from 'node:fs'
import type { CliIo } from './io.js'
import { baselineCommand } from './baseline-command.js'
import { cacheCommand } from './cache-command.js'
import { canaryCommand } from './canary-command.js'
import { shadowCommand } from './shadow-command.js'
import { reportCommand } from './report-command.js'
import { validateCommand } from './validate-command.js'
import { planCommand } from './plan-command.js'
import { viewCommand } from './view-command.js'
import { helpFor, MAIN_HELP, optionsIn, usageExitCode } from './help.js'
import { nearestName } from '../util/nearest-name.js'

/** Each command takes the arguments after its name and returns the exit code. */
const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  validate: validateCommand,
  baseline: baselineCommand,
  report: reportCommand,
  shadow: shadowCommand,
  canary: canaryCommand,
  cache: cacheCommand,
  plan: (argv, io) => planCommand(argv, io),
  view: viewCommand,
}

/** The version of the installed package (`package.json` sits two folders above `cli/`, in `src/` and in `dist/`). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return manifest.version
}

/** `--help` or `-h` among a command's arguments (before a `--` that ends the options). */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--')
  return (end === -1 ? argv : argv.slice(0, end)).some(arg => arg === '--help' || arg === '-h')
}

/**
 * Runs the CLI and returns the exit code; never exits the process itself. `--help`/`-h` print
 * the usage (of the command, when one is named) and `--version`/`-v` the package version, exit 0;
 * an unknown option or a missing option value is named, with the nearest known option.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  if (!command) {
    io.stdout(MAIN_HELP)
    return 2
  }
  if (command === '-h' || command === '--help') {
    io.stdout(MAIN_HELP)
    return 0
  }
  if (command === '-v' || command === '--version') {
    io.stdout(packageVersion())
    return 0
  }
  if (command === 'help') return help(rest[0], io)
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
  if (!run) {
    const guess = nearestName(command, Object.keys(COMMANDS))
    io.stderr(`vitest-llm: unknown command \`${command}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}\n\n${MAIN_HELP}`)
    return 2
  }
  if (asksForHelp(rest)) {
    io.stdout(helpFor(command) ?? MAIN_HELP)
    return 0
  }
  try {
    return await run(rest, io)
  }
  catch (error) {
    const usage = usageProblem(error, command)
    if (usage === undefined) throw error
    io.stderr(`vitest-llm ${command}: ${usage}\nRun \`vitest-llm ${command} --help\` for its usage.`)
    return usageExitCode(command)
  }
}

/** `vitest-llm help [command]`. */
function help(command: string | undefined, io: CliIo): number {
  const text = command === undefined ? MAIN_HELP : helpFor(command)
  if (text === undefined) {
    io.stderr(`vitest-llm help: unknown command \`${command}\`\n\n${MAIN_HELP}`)
    return 2
  }
  io.stdout(text)
  return 0
}

/** A clear message for node's `parseArgs` errors (unknown option, missing value), else undefined. */
function usageProblem(error: unknown, command: string): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return undefined
  const message = (error as Error).message
  const known = optionsIn(helpFor(command) ?? '')
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? message
    const guess = nearestName(option, known)
    return `unknown option \`${option}\`${guess ? ` (did you mean \`${guess}\`?)` : ''}; expected ${known.length ? `one of ${known.join(', ')}` : 'no options'}`
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message)
    if (missing) return `option \`${missing[1]}\` needs a value`
    const flag = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(message)
    if (flag) return `option \`${flag[1]}\` is a switch and takes no value`
  }
  return message.split('. ')[0]!.replace(/^./, c => c.toLowerCase())
}
