import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { COMMAND_HELP, MAIN_HELP } from '../../src/cli/help.js'
import { root } from '../helpers/run-vitest.js'

function fakeIo() {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = { cwd: root, stdout: l => out.push(l), stderr: l => err.push(l), resolve: p => p }
  return { io, out, err }
}

const COMMANDS = ['validate', 'baseline', 'report', 'shadow', 'canary', 'cache', 'plan', 'view']

describe('vitest-llm --help and --version', () => {
  it.each(COMMANDS)('`%s --help` prints that command\'s usage and exits 0, before parsing anything else', async (command) => {
    for (const args of [[command, '--help'], [command, 'stats', '-h'], [command, '--bogus', '--help'], ['help', command]]) {
      const { io, out, err } = fakeIo()
      expect(await main(args, io)).toBe(0)
      expect(out).toEqual([COMMAND_HELP[command]])
      expect(out[0]).toMatch(new RegExp(`^Usage: vitest-llm ${command}`))
      expect(err).toEqual([])
    }
  })

  it('`--help` after `--` is an argument, not a request for help', async () => {
    const { io, err } = fakeIo()
    expect(await main(['validate', '--', '--help'], io)).toBe(1)
    expect(err).toEqual(['vitest-llm validate: no prompt config matched --help'])
  })

  it('--help, -h and help print the overview; --version and -v the package version', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const { io, out } = fakeIo()
      expect(await main(args, io)).toBe(0)
      expect(out).toEqual([MAIN_HELP])
    }
    const version = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')).version as string
    for (const args of [['--version'], ['-v']]) {
      const { io, out } = fakeIo()
      expect(await main(args, io)).toBe(0)
      expect(out).toEqual([version])
    }
  })
})

describe('vitest-llm: bad usage is named clearly', () => {
  it('an unknown option names itself, the nearest option and the known ones; deploy commands exit 3', async () => {
    const canary = fakeIo()
    expect(await main(['canary', 'analyze', '--confg', 'canary.yaml'], canary.io)).toBe(3)
    expect(canary.err).toEqual(['vitest-llm canary: unknown option `--confg` (did you mean `--config`?); expected one of --config, --now, --state, --json, --markdown, --help\nRun `vitest-llm canary --help` for its usage.'])
    const validate = fakeIo()
    expect(await main(['validate', '--strict'], validate.io)).toBe(2)
    expect(validate.err).toEqual(['vitest-llm validate: unknown option `--strict`; expected one of --help\nRun `vitest-llm validate --help` for its usage.'])
  })

  it('a missing option value, and an unknown command with a suggestion', async () => {
    const shadow = fakeIo()
    expect(await main(['shadow', '--log'], shadow.io)).toBe(3)
    expect(shadow.err).toEqual(['vitest-llm shadow: option `--log` needs a value\nRun `vitest-llm shadow --help` for its usage.'])
    const typo = fakeIo()
    expect(await main(['canery'], typo.io)).toBe(2)
    expect(typo.err[0]).toMatch(/^vitest-llm: unknown command `canery` \(did you mean `canary`\?\)\n\nUsage: vitest-llm <command>/)
  })
})
