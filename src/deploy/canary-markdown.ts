import type { CanaryAnalysis } from './canary-analysis.js'
import type { ShadowResult } from './shadow.js'

const icon = { ok: '✅', breach: '❌', 'no-data': '⏳' } as const

/** A canary analysis as Markdown, for a deploy log or pull request. */
export function canaryMarkdown(analysis: CanaryAnalysis, versions: { baseline: string, canary: string }): string {
  const lines = [
    `## Canary ${versions.canary} vs ${versions.baseline}: **${analysis.decision}**`, '',
    `${analysis.reason}`, '',
    `Window ${analysis.window.from} – ${analysis.window.to}: ${analysis.window.buckets} buckets (${analysis.window.noData} without enough canary requests), ${analysis.requests.canary} canary and ${analysis.requests.baseline} baseline requests; bake ${Math.floor(analysis.bake.elapsedMs / 60_000)}/${Math.round(analysis.bake.requiredMs / 60_000)} min.`, '',
    '| rule | status | detail |', '|---|---|---|',
    ...analysis.rules.map(r => `| ${r.rule} | ${icon[r.status]} ${r.status} | ${r.message} |`),
  ]
  if (analysis.latency.mannWhitneyP !== null) lines.push('', `Latency: canary p99 ${Math.round(analysis.latency.canaryP99 ?? 0)} ms vs baseline ${Math.round(analysis.latency.baselineP99 ?? 0)} ms; Mann–Whitney p = ${analysis.latency.mannWhitneyP.toPrecision(3)}${analysis.latency.canarySlower ? ' (canary slower)' : ''}.`)
  return `${lines.join('\n')}\n`
}

/** A shadow comparison as Markdown. */
export function shadowMarkdown(result: ShadowResult, versions: { baseline: string, candidate: string }): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`
  const lines = [
    `## Shadow ${versions.candidate} vs ${versions.baseline}: **${result.verdict}**`, '',
    `${result.divergent} of ${result.pairs} paired outputs diverge (${pct(result.rate)}, 95% CI ${pct(result.interval[0])}–${pct(result.interval[1])}); maximum ${pct(result.maxDivergence)}.`,
  ]
  if (result.unpaired.baselineOnly.length || result.unpaired.candidateOnly.length) lines.push('', `Unpaired inputs: ${result.unpaired.baselineOnly.length} baseline only, ${result.unpaired.candidateOnly.length} candidate only.`)
  if (result.worst.length) {
    lines.push('', '| input | baseline | candidate |', '|---|---|---|')
    for (const p of result.worst) lines.push(`| ${p.inputId} | ${p.baseline.slice(0, 80).replace(/\|/g, '\\|')} | ${p.candidate.slice(0, 80).replace(/\|/g, '\\|')} |`)
  }
  return `${lines.join('\n')}\n`
}
