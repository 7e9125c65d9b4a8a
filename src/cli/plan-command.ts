import { access, readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { readBaseline } from '../gate/baseline.js'
import { resolveDepthOptions, type ResolvedDepthOptions } from '../config/depth-options.js'
import { takeFingerprints } from '../depth/fingerprints.js'
import { judgeFingerprintInput } from '../depth/judge-input.js'
import { isDepthLevel } from '../config/depth-levels.js'
import { planDepth } from '../depth/plan.js'
import { planJson, planMarkdown, planText } from '../depth/plan-text.js'
import { baselineDepthSchema, type BaselineDepth } from '../depth/records.js'
import { errorMessage } from '../util/error-message.js'
import type { CliIo } from './io.js'

export const DEFAULT_PLAN_BASELINE = 'llm-baseline.json'

/** The plugin options `plan` needs: depth settings and the judge (for its fingerprint). */
export interface PlanOptions {
  depth?: ResolvedDepthOptions
  judge?: { model?: string | undefined, temperature?: number, criteria?: Record<string, string> }
}

/** Where `plan` gets the plugin's options; injected by tests, else read from the Vitest config. */
export type PlanOptionsLoader = (cwd: string, configFile: string | undefined) => Promise<PlanOptions | undefined>

/**
 * `vitest-llm plan [--markdown | --json] [--baseline file] [--depth level|auto] [--config file]`:
 * the changes since the baseline, the depth per suite and why, and the estimated requests and
 * cost, before any call. Without a baseline file the changes are unknown (the full suite would
 * run). Exit 0; 3 on a baseline that cannot be read or is not a baseline.
 */
export async function planCommand(argv: string[], io: CliIo, loadOptions: PlanOptionsLoader = loadPluginOptions): Promise<number> {
  const { values } = parseArgs({ args: argv, options: {
    markdown: { type: 'boolean' },
    json: { type: 'boolean' },
    baseline: { type: 'string' },
    depth: { type: 'string' },
    config: { type: 'string' },
  } })
  if (values.markdown && values.json) {
    io.stderr('vitest-llm plan: choose one of --markdown and --json')
    return 2
  }
  if (values.depth !== undefined && values.depth !== 'auto' && !isDepthLevel(values.depth)) {
    io.stderr(`vitest-llm plan: --depth must be auto or a level (smoke, sampled, regression, full, comprehensive), received ${JSON.stringify(values.depth)}`)
    return 2
  }
  const file = values.baseline ?? DEFAULT_PLAN_BASELINE
  const baseline = await readDepthFields(io.resolve(file), file, io)
  if (baseline === 'bad') return 3

  const notes: string[] = []
  let loaded: PlanOptions | undefined
  try {
    loaded = await loadOptions(io.cwd, values.config)
  }
  catch (error) {
    notes.push(`the Vitest config could not be loaded (${errorMessage(error).split('\n')[0]}): defaults used`)
  }
  if (!loaded) notes.push('plugin options unknown: depth defaults, and the judge is not compared')
  // Without options, plan previews `auto` (what the command is for) unless the environment or --depth says otherwise.
  const depth = loaded?.depth ?? { ...resolveDepthOptions({ level: 'auto' }, process.env), ...(baseline.fingerprints ? { inputs: baseline.fingerprints.inputs } : {}) }
  const level = (values.depth as ResolvedDepthOptions['level'] | undefined) ?? depth.level
  const current = await takeFingerprints(io.cwd, { rag: depth.inputs.rag, golden: depth.inputs.golden, judge: judgeFingerprintInput(loaded?.judge ?? {}) })
  // An unknown judge must not show as a judge change.
  if (!loaded?.judge && baseline.fingerprints) current.judge = baseline.fingerprints.judge

  const plan = planDepth(baseline, current, { ...depth, level })
  plan.estimate.notes.push(...notes)
  io.stdout(values.json ? planJson(plan) : values.markdown ? planMarkdown(plan) : planText(plan))
  return 0
}

/** The baseline's depth fields; an empty baseline when the file does not exist, `'bad'` (reported) when it is no baseline. */
async function readDepthFields(path: string, shown: string, io: CliIo): Promise<BaselineDepth | 'bad'> {
  try {
    await access(path)
  }
  catch {
    return { cases: {} }
  }
  try {
    // Validates the baseline as the gate reads it, then reads the depth fields its schema leaves out.
    await readBaseline(path)
    const parsed = baselineDepthSchema.safeParse(JSON.parse(await readFile(path, 'utf8')))
    if (!parsed.success) throw new Error(`baseline ${shown}: ${parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
    return parsed.data
  }
  catch (error) {
    io.stderr(`vitest-llm plan: ${errorMessage(error)}`)
    return 'bad'
  }
}

/**
 * Reads the plugin's resolved options from the project's Vitest config: the plugin exposes them
 * as `api.vitestLlm` (src/plugin/plugin.ts). Undefined when the config has no vitest-llm plugin.
 */
export async function loadPluginOptions(cwd: string, configFile: string | undefined): Promise<PlanOptions | undefined> {
  const { resolveConfig } = await import('vitest/node')
  // Resolves the config as Vitest would (plugins' config hooks run, no server starts); the result
  // is Vite's resolved config, with the plugins.
  const resolved = await resolveConfig({ root: cwd, ...(configFile ? { config: configFile } : {}) }) as unknown as { plugins?: ReadonlyArray<{ name: string, api?: { vitestLlm?: PlanOptions } }> }
  return resolved.plugins?.find(p => p.name === 'vitest-llm')?.api?.vitestLlm
}
