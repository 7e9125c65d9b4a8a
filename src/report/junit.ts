import type { ResolvedOptions } from '../config/options.js'
import type { GateFailure, LlmReport, ReportCase } from './report-schema.js'

/**
 * The LLM results as JUnit XML, for CI systems that read JUnit (GitLab, Jenkins, Buildkite,
 * GitHub test summaries): one testcase per case (a miss is a `<failure>`, an infrastructure
 * error an `<error>`), with scores as properties, and one testcase per gate rule — so a soft
 * golden miss, which Vitest counts as a passing test, still shows where CI looks.
 */
export function renderJunit(report: LlmReport, gate: ResolvedOptions['gate']): string {
  const suites = new Map<string, ReportCase[]>()
  for (const c of report.cases) {
    const name = `${c.kind}: ${c.suite || c.file}`
    ;(suites.get(name) ?? suites.set(name, []).get(name)!).push(c)
  }
  const body = [...suites].map(([name, cases]) => suite(name, cases.map(caseXml), cases.filter(c => c.verdict === 'fail').length, cases.filter(c => c.verdict === 'error').length))
  const rules = gateRules(report, gate)
  if (rules.length) body.push(suite('vitest-llm gate', rules.map(r => r.xml), rules.filter(r => r.failed).length, 0))
  const tests = report.cases.length + rules.length
  const failures = report.cases.filter(c => c.verdict === 'fail').length + rules.filter(r => r.failed).length
  const errors = report.cases.filter(c => c.verdict === 'error').length
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="vitest-llm" tests="${tests}" failures="${failures}" errors="${errors}">\n${body.join('')}</testsuites>\n`
}

function suite(name: string, cases: string[], failures: number, errors: number): string {
  return `  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}">\n${cases.join('')}  </testsuite>\n`
}

function caseXml(c: ReportCase): string {
  const properties = [
    ...Object.entries(c.scores ?? {}).map(([name, value]) => [`score.${name}`, String(value)]),
    ...(c.check ? [['check', c.check]] : []),
    ...(c.judgeModel ? [['judgeModel', c.judgeModel]] : []),
    ...(c.source ? [['source', c.source]] : []),
    ...(c.tags?.length ? [['tags', c.tags.join(',')]] : []),
    ...(c.costUsd !== undefined ? [['costUsd', String(c.costUsd)]] : []),
    ...(c.cached !== undefined ? [['cached', String(c.cached)]] : []),
  ]
  const props = properties.length ? `      <properties>\n${properties.map(([n, v]) => `        <property name="${attr(n!)}" value="${attr(v!)}"/>\n`).join('')}      </properties>\n` : ''
  const detail = [c.input !== undefined ? `input: ${c.input}` : '', c.expected !== undefined ? `expected: ${c.expected}` : '', c.output !== undefined ? `output: ${c.output}` : '', ...Object.entries(c.reasons ?? {}).map(([n, r]) => `${n}: ${r}`)].filter(Boolean).join('\n')
  const outcome = c.verdict === 'fail'
    ? `      <failure message="${attr(c.reason ?? 'missed its check')}" type="miss">${text(detail)}</failure>\n`
    : c.verdict === 'error' ? `      <error message="${attr(c.reason ?? 'error')}" type="error">${text(detail)}</error>\n` : ''
  const time = c.latencyMs !== undefined ? ` time="${(c.latencyMs / 1000).toFixed(3)}"` : ''
  return `    <testcase classname="${attr(c.file)}" name="${attr(c.suite ? `${c.suite} › ${c.id}` : c.id)}"${time}>\n${props}${outcome}    </testcase>\n`
}

/** One entry per configured threshold (passed, failed or not measured), plus run-level failures. */
function gateRules(report: LlmReport, gate: ResolvedOptions['gate']): Array<{ xml: string, failed: boolean }> {
  const failures = report.gate.failures
  const notMeasured = report.gate.notMeasured ?? []
  const configured: Array<[string, (metric: string) => boolean]> = []
  if (gate) {
    if (gate.goldenPassRate !== undefined) configured.push(['golden pass rate', m => m.startsWith('golden.')])
    else if (gate.minCases > 0) configured.push(['cases', m => m === 'cases'])
    for (const criterion of Object.keys(gate.scores)) configured.push([`score ${criterion}`, m => m === `scores.${criterion}`])
    configured.push(['error rate', m => m === 'errorRate' || m === 'errors'])
    if (gate.maxCostUsd !== undefined) configured.push(['cost', m => m === 'costUsd'])
    if (gate.baseline) configured.push(['baseline regression', m => m === 'baseline' || m.startsWith('regression.')])
  }
  const rule = (name: string, failed: GateFailure[], skipped: GateFailure[]) => ({
    failed: failed.length > 0,
    // One <failure> per testcase, as JUnit readers expect: a rule broken twice (e.g. the pass
    // rate and a score both regressed) lists both in it.
    xml: `    <testcase classname="vitest-llm gate" name="${attr(name)}">\n${failed.length ? `      <failure message="${attr(failed.map(f => f.message).join('; '))}" type="gate">${text(failed.map(f => `${f.metric}: ${f.actual} vs ${f.threshold}`).join('\n'))}</failure>\n` : ''}${!failed.length && skipped.length ? `      <skipped message="${attr(skipped[0]!.message)}"/>\n` : ''}    </testcase>\n`,
  })
  const out = configured.map(([name, matches]) => rule(name, failures.filter(f => matches(f.metric)), notMeasured.filter(f => matches(f.metric))))
  const claimed = (metric: string) => configured.some(([, matches]) => matches(metric))
  for (const f of failures.filter(f => !claimed(f.metric))) out.push(rule(f.metric, [f], []))
  return out
}

// XML 1.0 allows no control characters but tab and newlines; model output may contain any.
// eslint-disable-next-line no-control-regex
const clean = (value: string) => value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '�')
const text = (value: string) => clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const attr = (value: string) => text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;')
