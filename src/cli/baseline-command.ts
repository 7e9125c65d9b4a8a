import { parseArgs } from 'node:util'
import { baselineFromReport } from '../gate/baseline.js'
import { DEFAULTS } from '../config/options.js'
import { writeFileAtomic } from '../util/write-atomic.js'
import type { CliIo } from './io.js'
import { readReport } from '../report/read-report.js'

export const DEFAULT_BASELINE = 'llm-baseline.json'

/** `vitest-llm baseline save [--from report] [--to file]`: accept the last run as the baseline. */
export async function baselineCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { from: { type: 'string' }, to: { type: 'string' } } })
  if (positionals[0] !== 'save') {
    io.stderr('Usage: vitest-llm baseline save [--from .vitest/llm-report.json] [--to llm-baseline.json]')
    return 2
  }
  const from = values.from ?? DEFAULTS.reportJson
  const to = values.to ?? DEFAULT_BASELINE
  const report = await readReport(io.resolve(from))
  if (report.run.reason === 'interrupted' || report.run.sharded) {
    io.stderr(`vitest-llm baseline save: ${from} is from ${report.run.sharded ? 'a single shard' : 'an interrupted run'}; save the baseline from a complete (or merged) run`)
    return 1
  }
  const baseline = await baselineFromReport(report, io.cwd)
  const file = io.resolve(to)
  await writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`)
  io.stdout(`saved ${to}: ${Object.keys(baseline.cases).length} cases, ${Object.keys(baseline.prompts).length} prompt configs, golden pass rate ${baseline.metrics.goldenPassRate === null ? '—' : `${(baseline.metrics.goldenPassRate * 100).toFixed(1)}%`}`)
  return 0
}
