import type { UsageEstimate } from './estimate.js'
import type { DepthPlan } from './plan.js'
import { normalizeUses } from './policy.js'

/**
 * `vitest-llm plan` output: plain text for the terminal, Markdown for a pull-request comment, and
 * JSON for tools (the plan object itself, with rounded estimates).
 */

const money = (usd: number) => `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(2)}`
const count = (n: number) => String(Math.round(n))
const ratio = (part: number, whole: number) => whole > 0 ? ` (${Math.round((part / whole) * 100)}% of full)` : ''
// Trials records are keyed by their case key (`suite › name`): a top-level one shows by its name.
const suiteName = (name: string) => name === '' ? '(top level)' : name.startsWith(' › ') ? name.slice(3) : name

function usesText(plan: DepthPlan['suites'][number]): string {
  const u = normalizeUses(plan.uses)
  if (!u) return '—'
  return [...u.prompts, ...(u.rag ? ['rag'] : [])].join(', ') || '—'
}

function estimateLine(e: DepthPlan['estimate']): string {
  // A baseline saved from a replayed run made no live calls: say how many the cache answered,
  // or "0 requests, $0.00" reads as a suite that calls nothing.
  const cached = (u: UsageEstimate) => (u.cached ? ` (+${count(u.cached)} answered by the cache in the baseline run)` : '')
  return `${count(e.planned.requests)} requests${cached(e.planned)}${ratio(e.planned.requests, e.full.requests)}, ${money(e.planned.costUsd)}${ratio(e.planned.costUsd, e.full.costUsd)}; full: ${count(e.full.requests)} requests${cached(e.full)}, ${money(e.full.costUsd)}`
}

/** The plan for the terminal. */
export function planText(plan: DepthPlan): string {
  const d = plan.decision
  const lines = [`Depth: ${d.level} (${d.mode}) — ${d.why}`, '']
  if (!d.known && d.mode === 'auto') lines.push('Changes: unknown (no fingerprints in the baseline)')
  else if (d.mode === 'auto') {
    lines.push(d.changes.length ? 'Changes since the baseline:' : 'Changes since the baseline: none')
    for (const c of d.changes) lines.push(`  ${c.type.padEnd(15)} ${c.detail} → ${d.policy[c.type]}`)
  }
  lines.push('', 'Suites:')
  const width = Math.max(5, ...plan.suites.map(s => suiteName(s.suite).length))
  for (const s of plan.suites) lines.push(`  ${suiteName(s.suite).padEnd(width)}  ${s.level.padEnd(13)} ${s.why}`)
  if (!plan.suites.length) lines.push('  (none recorded in the baseline)')
  lines.push('', `Estimate: ${estimateLine(plan.estimate)}`)
  for (const note of plan.estimate.notes) lines.push(`  note: ${note}`)
  return lines.join('\n')
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

/** The plan as Markdown, for a pull-request comment. */
export function planMarkdown(plan: DepthPlan): string {
  const d = plan.decision
  const lines = [`### vitest-llm plan: depth \`${d.level}\` (${d.mode})`, '', cell(d.why), '']
  if (d.mode === 'auto' && d.known) {
    if (d.changes.length) {
      lines.push('| change | what | level |', '|---|---|---|')
      for (const c of d.changes) lines.push(`| ${c.type} | ${cell(c.detail)} | ${d.policy[c.type]} |`)
    }
    else lines.push('No LLM-related change since the baseline.')
    lines.push('')
  }
  lines.push('| suite | uses | level | why | est. requests | est. cost |', '|---|---|---|---|---:|---:|')
  const bySuite = new Map(plan.estimate.suites.map(s => [s.suite, s]))
  for (const s of plan.suites) {
    const e = bySuite.get(s.suite)
    lines.push(`| ${cell(suiteName(s.suite))} | ${cell(usesText(s))} | ${s.level} | ${cell(s.why)} | ${e ? count(e.requests) : '—'} | ${e ? money(e.costUsd) : '—'} |`)
  }
  lines.push('', `**Estimate:** ${estimateLine(plan.estimate)}`)
  for (const note of plan.estimate.notes) lines.push(`- ${note}`)
  return lines.join('\n')
}

const rounded = (u: UsageEstimate): UsageEstimate => ({ requests: Math.round(u.requests), cached: Math.round(u.cached), inputTokens: Math.round(u.inputTokens), outputTokens: Math.round(u.outputTokens), costUsd: Math.round(u.costUsd * 1e6) / 1e6 })

/** The plan as JSON (estimates rounded to whole requests and tokens, cost to 1e-6 USD). */
export function planJson(plan: DepthPlan): string {
  const { decision, suites, estimate } = plan
  return JSON.stringify({
    depth: { mode: decision.mode, level: decision.level, known: decision.known, why: decision.why, policy: decision.policy },
    changes: decision.changes,
    suites,
    estimate: {
      planned: rounded(estimate.planned),
      full: rounded(estimate.full),
      suites: estimate.suites.map(s => ({ ...s, ...rounded(s), cases: Math.round(s.cases) })),
      withoutUsage: estimate.withoutUsage,
      notes: estimate.notes,
    },
  }, null, 2)
}
