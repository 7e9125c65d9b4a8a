// Benchmark of the variant comparison (issue 17): how often compare() calls a variant better or
// worse when it is not (the false-verdict rate, nominal α = 0.05 two-sided), its power against a
// true 5-point drop in pass rate, the coverage of Newcombe's paired interval and the mean minimum
// detectable difference — at n = 50, 100 and 500 paired examples. Monte Carlo with a fixed seed.
// Each example's control outcome is Bernoulli(0.85); the variant repeats it with probability
// 0.7 (paired outcomes are correlated, as for two prompts on the same questions) and otherwise
// draws afresh from Bernoulli(q), q chosen so that the variant's rate is 0.85 (null) or 0.80.
// Run after `npm run build`: node bench/compare.mjs
import { compareVariants } from '../dist/gate/compare-variants.js'

const REPS = 4000
const P0 = 0.85
const KEEP = 0.7
const pct = x => `${(x * 100).toFixed(1)}%`

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function simulate(n, p1, random) {
  const q = (p1 - KEEP * P0) / (1 - KEEP)
  const counts = { better: 0, worse: 0, none: 0, covered: 0, mde: 0, mdeN: 0 }
  for (let r = 0; r < REPS; r++) {
    const cases = []
    for (let i = 0; i < n; i++) {
      const a = random() < P0
      const b = random() < KEEP ? a : random() < q
      cases.push({ id: `e${i}`, kind: 'golden', verdict: a ? 'pass' : 'fail', variant: 'a', compare: { suite: 's', control: 'a' } })
      cases.push({ id: `e${i}`, kind: 'golden', verdict: b ? 'pass' : 'fail', variant: 'b', compare: { suite: 's', control: 'a' } })
    }
    const v = compareVariants(cases, 's', 'a').variants.b
    if (v.passVerdict === 'better') counts.better++
    else if (v.passVerdict === 'worse') counts.worse++
    else counts.none++
    const truth = p1 - P0
    if (v.diffInterval[0] <= truth && truth <= v.diffInterval[1]) counts.covered++
    if (v.minDetectable !== null) { counts.mde += v.minDetectable; counts.mdeN++ }
  }
  return counts
}

const random = mulberry32(17)
console.log(`${REPS} simulated comparisons per row; control pass rate ${pct(P0)}, paired outcomes repeated with probability ${KEEP}.\n`)
console.log('| n | true difference | "better" | "worse" | no detectable difference | 95% interval covers the truth | mean minimum detectable difference |')
console.log('|---|---|---|---|---|---|---|')
for (const n of [50, 100, 500]) {
  for (const p1 of [P0, P0 - 0.05]) {
    const c = simulate(n, p1, random)
    console.log(`| ${n} | ${p1 === P0 ? '0 (null)' : '−5 points'} | ${pct(c.better / REPS)} | ${pct(c.worse / REPS)} | ${pct(c.none / REPS)} | ${pct(c.covered / REPS)} | ${c.mdeN ? pct(c.mde / c.mdeN) : '—'} |`)
  }
}
