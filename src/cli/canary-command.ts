import { writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { bucketize } from '../deploy/buckets.js'
import { analyzeCanary, EXIT, type CanaryAnalysis } from '../deploy/canary-analysis.js'
import { loadCanaryConfig, type CanaryConfig } from '../deploy/canary-config.js'
import { canaryMarkdown } from '../deploy/canary-markdown.js'
import { advance, initialState, readState, writeState, type CanaryState } from '../deploy/canary-state.js'
import { prometheusBuckets } from '../deploy/prometheus.js'
import { DeployDataError } from '../deploy/deploy-error.js'
import { readRequestLog, requireVersions } from '../deploy/request-log.js'
import type { CliIo } from './io.js'

const USAGE = `Usage: vitest-llm canary analyze --config canary.yaml [--now <ISO time>] [--state file] [--json file] [--markdown]
       vitest-llm canary step --config canary.yaml [--now <ISO time>] [--state file]`

/** `--now` must not be before the step it analyses started: that window holds no data at all. */
function checkNow(from: number, now: number, started: string): void {
  if (now < from) throw new DeployDataError(`--now ${new Date(now).toISOString()} is before the current step started (${new Date(from).toISOString()}, ${started}); expected a time at or after it`)
}

/** Loads the data of the current step's window and analyses it. */
async function analyze(config: CanaryConfig, configFile: string, stateFile: string, state: CanaryState | undefined, now: number): Promise<{ analysis: CanaryAnalysis, from: number }> {
  if ('jsonl' in config.source) {
    const log = join(dirname(configFile), config.source.jsonl)
    const records = await readRequestLog(log)
    requireVersions(records, { baseline: config.baseline, canary: config.canary }, log)
    // Without a state file, the step began with the canary's first request.
    const first = records.filter(r => r.version === config.canary).reduce((min, r) => Math.min(min, r.time), Infinity)
    const from = state ? Date.parse(state.stepStartedAt) : first
    checkNow(from, now, state ? `stepStartedAt in ${stateFile}` : `the first request of canary ${JSON.stringify(config.canary)} in ${log}`)
    return { analysis: analyzeCanary(bucketize(records, config, from, now, config.bucketMs), config, from, now), from }
  }
  const from = state ? Date.parse(state.stepStartedAt) : now - config.bakeMs
  if (state) checkNow(from, now, `stepStartedAt in ${stateFile}`)
  return { analysis: analyzeCanary(await prometheusBuckets(config, from, now), config, from, now), from }
}

/** `vitest-llm canary analyze|step`: exit 0 promote, 1 rollback, 2 hold, 3 bad config or data. */
export async function canaryCommand(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { config: { type: 'string' }, now: { type: 'string' }, state: { type: 'string' }, json: { type: 'string' }, markdown: { type: 'boolean' } } })
  const action = positionals[0]
  if ((action !== 'analyze' && action !== 'step') || !values.config) {
    io.stderr(USAGE)
    return EXIT['bad-data']
  }
  const now = values.now === undefined ? Date.now() : Date.parse(values.now)
  if (Number.isNaN(now)) throw new DeployDataError(`--now: expected an ISO time such as 2026-11-28T10:00:00Z, received ${JSON.stringify(values.now)}`)
  const configFile = io.resolve(values.config)
  const config = await loadCanaryConfig(configFile)
  const stateFile = io.resolve(values.state ?? join(dirname(values.config), 'canary-state.json'))
  const existing = await readState(stateFile, config)
  if (action === 'step' && existing?.status === 'rolled-back') {
    // A rollback is final for this rollout: new data never re-promotes it.
    const when = existing.history.findLast(h => h.decision === 'rollback')?.at ?? 'earlier'
    io.stdout(`rollback: canary ${config.canary} was rolled back (${when}); traffic stays on ${existing.lastGoodVersion}. Start a new rollout with a new state file.\npercent=0`)
    return EXIT.rollback
  }
  const { analysis, from } = await analyze(config, configFile, stateFile, existing, now)

  if (action === 'analyze') {
    if (values.json) await writeFile(io.resolve(values.json), `${JSON.stringify(analysis, null, 2)}\n`)
    io.stdout(values.markdown ? canaryMarkdown(analysis, config) : `${analysis.decision}: ${analysis.reason}\n${analysis.rules.map(r => `  ${r.status.padEnd(7)} ${r.rule}: ${r.message}`).join('\n')}`)
    return EXIT[analysis.decision]
  }
  const state = advance(existing ?? initialState(config, from), config, analysis, now)
  await writeState(stateFile, state)
  const serve = state.status === 'rolled-back' ? `rollback: send all traffic to ${state.lastGoodVersion}` : state.status === 'promoted' ? `promoted: ${config.canary} serves 100%` : `canary ${config.canary} at ${state.percent}%`
  io.stdout(`${analysis.decision}: ${analysis.reason}\n${serve}\npercent=${state.percent}`)
  return EXIT[analysis.decision]
}
