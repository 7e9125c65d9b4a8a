import { parseArgs } from 'node:util'
import { DEFAULTS } from '../config/options.js'
import { baselineFromReport } from '../gate/baseline.js'
import { readReport } from '../report/read-report.js'
import { notCompleteBecause } from '../report/report-status.js'
import { writeFileAtomic } from '../util/write-atomic.js'
import type { CliIo } from './io.js'

export const DEFAULT_BASELINE = 'llm-baseline.json'

/**
 * `vitest-llm baseline save [--from report] [--to file] [--force]`: accept the last run as the
 * baseline. Refuses a report that does not speak for the whole suite — partial, interrupted,
 * still running, a single shard, watch mode — or whose gate failed; `--force` overrides.
 */
export async function baselineCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' } } })
  if (positionals[0] !== 'save') {
    io.stderr('Usage: vitest-llm baseline save [--from .vitest/llm-report.json] [--to llm-baseline.json] [--force]')
    return 2
  }
  const from = values.from ?? DEFAULTS.reportJson
  const to = values.to ?? DEFAULT_BASELINE
  const report = await readReport(io.resolve(from))
  const refused = notCompleteBecause(report)
  if (refused && !values.force) {
    io.stderr(`vitest-llm baseline save: not saving ${from}: ${refused}. Save from a complete, passing run, or pass --force.`)
    return 1
  }
  const baseline = await baselineFromReport(report, io.cwd)
  const file = io.resolve(to)
  await writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`)
  io.stdout(`saved ${to}: ${Object.keys(baseline.cases).length} cases, ${Object.keys(baseline.prompts).length} prompt configs, golden pass rate ${baseline.metrics.goldenPassRate === null ? '—' : `${(baseline.metrics.goldenPassRate * 100).toFixed(1)}%`}${refused ? ` (forced: ${refused})` : ''}`)
  return 0
}
