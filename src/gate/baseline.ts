import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { z } from 'zod'
import { lazySchema } from '../util/lazy-zod.js'
import { fingerprintPromptFile } from '../prompt/prompt-fingerprint.js'
import { fingerprintsSchema } from '../depth/fingerprints.js'
import { findPromptFiles } from '../depth/tree-files.js'
import { caseUsageSchema, suiteRecordSchema, type CaseUsage, type RunDepth } from '../depth/records.js'
import { BaselineError } from './baseline-error.js'
import { mcnemarMidP } from '../stats/mcnemar.js'
import { pairedScoreTest, type PairedVerdict } from '../stats/paired-discrete.js'
import type { CaseVerdict, Metrics, Regression } from './gate-schema.js'

/** A saved, accepted run: what later runs are compared to. */
export const baselineSchema = lazySchema(z => z.object({
  version: z.literal(1),
  savedAt: z.string(),
  /** Per case (`suite › id`): the verdict and judge scores, and its LLM usage and cost (for `vitest-llm plan`'s estimate). */
  cases: z.record(z.string(), z.object({ verdict: z.enum(['pass', 'fail', 'error']), scores: z.record(z.string(), z.number()).optional(), usage: caseUsageSchema.optional(), costUsd: z.number().optional() })),
  metrics: z.object({ goldenPassRate: z.number().nullable(), scores: z.record(z.string(), z.number()) }),
  /** Each prompt config's content hash and model, for change-aware test depth. */
  prompts: z.record(z.string(), z.object({ id: z.string().optional(), model: z.string().optional(), hash: z.string() })),
  /** Fingerprints of the accepted run's tree (prompt parts, golden sets, judge, RAG index): what `depth: 'auto'` compares with. */
  fingerprints: fingerprintsSchema.optional(),
  /** Per suite: kind, declared `uses` and `level`, files, example counts. */
  suites: z.record(z.string(), suiteRecordSchema).optional(),
}))

export type Baseline = z.infer<typeof baselineSchema>

export const caseKey = (c: { suite: string, id: string }) => `${c.suite} › ${c.id}`

/** Fingerprints of the prompt configs under `cwd`, from their parsed content. */
export async function promptHashes(cwd: string): Promise<Baseline['prompts']> {
  const files = findPromptFiles(cwd)
  const fingerprints = await Promise.all(files.map(file => fingerprintPromptFile(join(cwd, file))))
  return Object.fromEntries(files.map((file, i) => [file, fingerprints[i]!]))
}

/** A baseline from a report. */
export async function baselineFromReport(report: { cases: ReadonlyArray<CaseVerdict & { usage?: CaseUsage | undefined, costUsd?: number | undefined }>, metrics: Metrics, run?: { depth?: RunDepth | undefined } }, cwd: string): Promise<Baseline> {
  const cases: Baseline['cases'] = {}
  for (const c of report.cases) cases[caseKey(c)] = { verdict: c.verdict, ...(c.scores ? { scores: c.scores } : {}), ...(c.usage ? { usage: c.usage } : {}), ...(c.costUsd !== undefined ? { costUsd: c.costUsd } : {}) }
  // The fingerprints are the accepted run's (taken when it started), not the tree's at save time.
  const depth = report.run?.depth
  return {
    ...(depth?.fingerprints ? { fingerprints: depth.fingerprints } : {}),
    ...(depth?.suites ? { suites: depth.suites } : {}),
    version: 1,
    savedAt: new Date().toISOString(),
    cases,
    metrics: { goldenPassRate: report.metrics.golden.passRate, scores: Object.fromEntries(Object.entries(report.metrics.scores).map(([k, v]) => [k, v.mean])) },
    prompts: await promptHashes(cwd),
  }
}

/** Reads and validates a baseline file; the error names the file and the problem. */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  }
  catch (error) {
    throw new BaselineError(`baseline ${file} cannot be read (${(error as NodeJS.ErrnoException).code}); create it with \`vitest-llm baseline save --to ${file}\` after an accepted run`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  }
  catch (error) {
    throw new BaselineError(`baseline ${file} is not valid JSON: ${(error as Error).message}`)
  }
  const parsed = baselineSchema.safeParse(json)
  if (!parsed.success) throw new BaselineError(`baseline ${file} is not a vitest-llm baseline: ${parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data
}

/** Settings of the comparison: the largest drops that are not regressions, and the one-sided level. */
export interface RegressionSettings {
  maxDrop: { passRate: number, score: number }
  alpha: number
}

/**
 * Compares this run with the baseline, pairing cases by `suite › id`. Golden verdicts: McNemar's
 * exact mid-p test. Judge scores (integers 1–5, most pairs unchanged): the exact Wilcoxon
 * signed-rank test of `pairedScoreTest`, valid however few pairs move, with a betting interval
 * for the mean change. A regression is a drop larger than `maxDrop` (pass-rate fraction, or
 * score points) that is significant at `alpha` (one-sided); with too few changed pairs for any
 * result to be significant the verdict is "not enough changes to test", never a regression.
 * Cases new or missing since the baseline, and changed prompt configs, are listed.
 */
export function compareWithBaseline(report: { cases: readonly CaseVerdict[] }, baseline: Baseline, file: string, settings: RegressionSettings, prompts: Baseline['prompts']): Regression {
  const current = new Map(report.cases.map(c => [caseKey(c), c]))
  const newCases = [...current.keys()].filter(k => !(k in baseline.cases)).sort()
  const missingCases = Object.keys(baseline.cases).filter(k => !current.has(k)).sort()

  let worsened = 0
  let improved = 0
  let paired = 0
  let before = 0
  let after = 0
  const scorePairs: Record<string, { before: number[], after: number[] }> = {}
  for (const [key, now] of current) {
    const then = baseline.cases[key]
    if (!then) continue
    if (now.kind === 'golden' && now.verdict !== 'error' && then.verdict !== 'error') {
      paired++
      if (then.verdict === 'pass') before++
      if (now.verdict === 'pass') after++
      if (then.verdict === 'pass' && now.verdict === 'fail') worsened++
      if (then.verdict === 'fail' && now.verdict === 'pass') improved++
    }
    for (const [criterion, score] of Object.entries(now.scores ?? {})) {
      const old = then.scores?.[criterion]
      if (old === undefined) continue
      const pair = (scorePairs[criterion] ??= { before: [], after: [] })
      pair.before.push(old)
      pair.after.push(score)
    }
  }

  let golden: Regression['golden']
  if (paired > 0) {
    const test = mcnemarMidP(worsened, improved)
    const pBetter = mcnemarMidP(improved, worsened).pWorse
    const drop = (before - after) / paired
    // With m discordant pairs the smallest one-sided mid-p is 2^−(m+1): below α no result can count.
    const verdict: PairedVerdict = 0.5 ** (worsened + improved + 1) > settings.alpha
      ? 'not enough changes to test'
      : test.pWorse < settings.alpha ? 'worse' : pBetter < settings.alpha ? 'better' : 'no detectable change'
    golden = { paired, worsened, improved, baselineRate: before / paired, currentRate: after / paired, drop, test: 'mcnemar-mid-p', pValue: test.pWorse, verdict, regressed: verdict === 'worse' && drop > settings.maxDrop.passRate }
  }
  const scores: Regression['scores'] = {}
  for (const [criterion, pair] of Object.entries(scorePairs)) {
    // Two-sided (1 − 2α) interval: each end errs with α, like the one-sided test.
    const result = pairedScoreTest(pair.before, pair.after, { alpha: settings.alpha, confidence: 1 - 2 * settings.alpha, range: scoreRange(pair) })
    scores[criterion] = {
      paired: result.n,
      worsened: result.worsened,
      improved: result.improved,
      meanChange: result.meanChange,
      interval: result.interval,
      test: 'wilcoxon-signed-rank',
      pValue: result.signedRank.pWorse,
      verdict: result.verdict,
      regressed: result.verdict === 'worse' && -result.meanChange > settings.maxDrop.score,
    }
  }
  const promptChanges: Regression['prompts'] = []
  for (const [path, info] of Object.entries(prompts)) {
    const old = baseline.prompts[path]
    if (!old) promptChanges.push({ file: path, change: 'added' })
    else if (old.hash !== info.hash) promptChanges.push({ file: path, change: 'changed' })
  }
  for (const path of Object.keys(baseline.prompts)) if (!prompts[path]) promptChanges.push({ file: path, change: 'removed' })
  return {
    baseline: file,
    regressed: Boolean(golden?.regressed) || Object.values(scores).some(s => s.regressed),
    golden,
    scores,
    newCases,
    missingCases,
    prompts: promptChanges,
  }
}

/** Judge scores are 1–5; a custom scale outside it widens the range so the test never throws. */
function scoreRange(pair: { before: number[], after: number[] }): [number, number] {
  const all = [...pair.before, ...pair.after]
  return [Math.min(1, ...all), Math.max(5, ...all)]
}
