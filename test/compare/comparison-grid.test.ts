import { describe, expect, it } from 'vitest'
import { compareAll } from '../../src/gate/compare-variants.js'
import { comparisonGridHtml } from '../../src/report/html/comparison-grid.js'
import type { LlmReport, ReportCase } from '../../src/report/report-schema.js'

const compare = { suite: 'prompts', control: 'a' }
const cases: ReportCase[] = [
  { id: 'same', suite: 'prompts › a', file: 'f', kind: 'golden', verdict: 'pass', variant: 'a', compare, output: 'hello' },
  { id: 'same', suite: 'prompts › b', file: 'f', kind: 'golden', verdict: 'pass', variant: 'b', compare, output: 'hello' },
  { id: 'split', suite: 'prompts › a', file: 'f', kind: 'golden', verdict: 'pass', variant: 'a', compare, output: 'good answer' },
  { id: 'split', suite: 'prompts › b', file: 'f', kind: 'golden', verdict: 'fail', variant: 'b', compare, output: '<script>alert(1)</script>', reason: 'missing "good"' },
]

describe('the HTML comparison grid', () => {
  const html = comparisonGridHtml({ cases, comparison: compareAll(cases) } as unknown as LlmReport)

  it('shows the matrix and a case × variant grid whose cells open the outputs side by side', () => {
    expect(html).toContain('<h2>Comparison: prompts <small>(paired against a, α 0.05)</small></h2>')
    expect(html).toContain('<th>a (control)</th>')
    expect(html).toMatch(/<tr class="agree" data-case="same">.*<summary class="v-pass"/)
    expect(html).toMatch(/<tr class="disagree" data-case="split">.*<summary class="v-fail" title="missing &quot;good&quot;">fail<\/summary><div class="outputs">/)
    // The differing output is highlighted and escaped (model output is untrusted).
    expect(html).toContain('<div class="differs"><strong>b</strong> <small>(differs from the control)</small><pre>&lt;script&gt;alert(1)&lt;/script&gt;</pre></div>')
    expect(html).not.toContain('<script>alert')
  })

  it('filters to the cases where the variants disagree, without a script', () => {
    expect(html).toContain('<input type="checkbox" class="compare-filter" id="compare-disagree-0"> <label for="compare-disagree-0">only cases where the variants disagree</label>')
  })

  it('is empty without a comparison', () => {
    expect(comparisonGridHtml({ cases: [] } as unknown as LlmReport)).toBe('')
  })
})
