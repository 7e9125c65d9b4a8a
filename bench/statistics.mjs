// Benchmark of the statistics behind issue 14 ("statistics that stay honest under repeated
// looks"). Prints Markdown tables for BENCHMARKS.md. trials() numbers are exact (dynamic
// programming over every path); the rest are seeded simulations, exact for these seeds.
// Run after `npm run build`: node bench/statistics.mjs
import seedrandom from 'seedrandom'
import { boundedMeanInterval } from '../dist/stats/bounded-mean.js'
import { designTrials, operatingCharacteristics } from '../dist/stats/group-sequential.js'
import { pairedTInterval, meanInterval } from '../dist/stats/mean.js'
import { pairedScoreTest } from '../dist/stats/paired-discrete.js'
import { wilson } from '../dist/stats/proportion.js'
import { quantileBoundRank } from '../dist/stats/quantile-bound.js'
import { errorRateEvidence } from '../dist/stats/rate-monitor.js'
import { sequentialVerdict } from '../dist/stats/sequential.js'

const started = performance.now()
const pct = x => `${(x * 100).toFixed(1)}%`
const se = (p, n) => Math.sqrt(Math.max(p * (1 - p), 1 / n) / n)

// ---------------------------------------------------------------------------------------------
// 1. trials(): group-sequential vs fixed-n vs anytime-valid, exact.
const PASS_RATE = 0.9
const RATES = [0.8, 0.85, 0.88, 0.9, 0.92, 0.95, 0.99]

/** Exact P(pass) and mean runs of the anytime-valid mode (sequentialVerdict after every run). */
function anytime(maxRuns, p) {
  let dist = [1]
  let pass = 0
  let runs = 0
  for (let n = 1; n <= maxRuns; n++) {
    const next = new Array(n + 1).fill(0)
    for (let s = 0; s < dist.length; s++) {
      next[s + 1] += dist[s] * p
      next[s] += dist[s] * (1 - p)
    }
    dist = next
    for (let s = 0; s <= n; s++) {
      if (dist[s] === 0) continue
      const verdict = verdictCache(s, n)
      if (verdict === 'inconclusive' && n < maxRuns) continue
      if (verdict === 'pass') pass += dist[s]
      runs += dist[s] * n
      dist[s] = 0
    }
  }
  return { pass, expectedRuns: runs }
}
const cache = new Map()
function verdictCache(s, n) {
  const key = n * 10_000 + s
  if (!cache.has(key)) cache.set(key, sequentialVerdict(s, n, PASS_RATE, 0.95))
  return cache.get(key)
}

console.log(`### trials(): passRate ${PASS_RATE}, confidence 0.95 (exact, every path)\n`)
console.log('Each cell: P(pass) · mean runs. *group-sequential* = `designTrials` (O\'Brien–Fleming spending, a look after every run, stop when passing became impossible); *Pocock* = the same with Pocock spending; *fixed-n* = all runs, one Clopper–Pearson look; *anytime* = the existing mixture bounds after every run.\n')
for (const maxRuns of [20, 50, 100]) {
  const gs = designTrials({ maxRuns, passRate: PASS_RATE })
  const pocock = designTrials({ maxRuns, passRate: PASS_RATE, spending: 'pocock' })
  const fixed = designTrials({ maxRuns, passRate: PASS_RATE, lookEvery: maxRuns })
  console.log(`**runs = ${maxRuns}**${gs.canPass ? '' : ' — no record can pass at this budget in any of these modes (minRunsToPass = 29): designTrials says so at definition (the runs column of group-sequential is 1 because it stops at once)'}\n`)
  console.log('| true rate | group-sequential | Pocock | fixed-n | anytime |')
  console.log('|---|---|---|---|---|')
  for (const p of RATES) {
    const cell = ({ pass, expectedRuns }) => `${pct(pass)} · ${expectedRuns.toFixed(1)}`
    const fixedOc = operatingCharacteristics(fixed, p)
    // Fixed-n makes every run: the design's early stop for "cannot pass" is not part of it.
    console.log(`| ${p} | ${cell(operatingCharacteristics(gs, p))} | ${cell(operatingCharacteristics(pocock, p))} | ${cell({ pass: fixedOc.pass, expectedRuns: maxRuns })} | ${cell(anytime(maxRuns, p))} |`)
  }
  console.log(`\nExact error bounds of the group-sequential design: P(pass | p = 0.9) = ${pct(gs.errors.falsePass)}, P(fail-by-evidence | p = 0.9) = ${pct(gs.errors.falseFail)} (both ≤ 5%).\n`)
}

// ---------------------------------------------------------------------------------------------
// 2. Bounded mean: a gate `score ≥ 4.0` on the lower end of a 95% interval.
function sampler(probabilities, random) {
  return () => {
    let u = random()
    for (let k = 0; k < 4; k++) {
      if (u < probabilities[k]) return k + 1
      u -= probabilities[k]
    }
    return 5
  }
}
const NULL_DISTRIBUTIONS = { 'tail of 1s': [0.14, 0.02, 0.04, 0.32, 0.48], 'mostly 4s': [0, 0, 0.04, 0.94, 0.02], 'two-point 1/5': [0.255, 0, 0, 0, 0.745] }
const GOOD_DISTRIBUTIONS = { 'tail of 1s': [0.06, 0.02, 0.04, 0.32, 0.56], 'mostly 4s': [0, 0, 0.02, 0.66, 0.32], 'two-point 1/5': [0.175, 0, 0, 0, 0.825] }
const MEAN_SIMULATIONS = 2000
console.log(`### Judge-score gate on the lower bound: threshold 4.0, one-sided α = 2.5% (the lower end of a 95% interval), ${MEAN_SIMULATIONS} simulations per cell\n`)
console.log('False pass: true mean 3.98. Power: true mean 4.30. *betting* = `boundedMeanInterval` (range 1–5); *t* = `meanInterval` (Student t), shown for contrast.\n')
console.log('| distribution | n | false pass, betting | false pass, t | power, betting | power, t |')
console.log('|---|---|---|---|---|---|')
for (const name of Object.keys(NULL_DISTRIBUTIONS)) {
  for (const n of [5, 20, 46, 100]) {
    const rates = {}
    for (const [kind, distributions] of [['null', NULL_DISTRIBUTIONS], ['good', GOOD_DISTRIBUTIONS]]) {
      const draw = sampler(distributions[name], seedrandom(`bench-mean-${kind}-${name}-${n}`))
      let betting = 0
      let t = 0
      for (let i = 0; i < MEAN_SIMULATIONS; i++) {
        const values = Array.from({ length: n }, draw)
        if (boundedMeanInterval(values, { range: [1, 5], confidence: 0.975, sides: 'lower' }).interval[0] >= 4) betting++
        if (meanInterval(values, 0.95, [1, 5]).interval[0] >= 4) t++
      }
      rates[kind] = { betting: betting / MEAN_SIMULATIONS, t: t / MEAN_SIMULATIONS }
    }
    console.log(`| ${name} | ${n} | ${pct(rates.null.betting)} | ${pct(rates.null.t)} | ${pct(rates.good.betting)} | ${pct(rates.good.t)} |`)
  }
}
console.log(`\nMonte-Carlo standard error at 2.5%: ${pct(se(0.025, MEAN_SIMULATIONS))}.\n`)

// ---------------------------------------------------------------------------------------------
// 3. Paired 1–5 score changes on 46 examples.
const PAIRED_SIMULATIONS = 2000
const baseline = random => Array.from({ length: 46 }, () => (random() < 0.6 ? 4 : random() < 0.7 ? 5 : 3))
// Three examples move by one in a random direction; each is drawn as an unordered pair {v, v + 1}
// whose order is a coin flip, so before and after are exchangeable (a true null) even at 1 and 5.
function moveThree(before, after, random) {
  for (let moved = 0; moved < 3;) {
    const j = Math.floor(random() * 46)
    if (after[j] !== before[j]) continue
    const low = Math.min(before[j], 4)
    if (random() < 0.5) [before[j], after[j]] = [low, low + 1]
    else [before[j], after[j]] = [low + 1, low]
    moved++
  }
}
const scenarios = [
  ['no change: exactly 3 of 46 move ±1', (before, random) => { const after = [...before]; moveThree(before, after, random); return after }],
  // Latent quality t ∈ {3, 4}; each judgement is t − 1, t or t + 1 (0.15 each side), drawn
  // independently before and after: exchangeable, so a true null.
  ['no change: each judgement ±1 with probability 0.3', (before, random) => {
    const noise = () => { const u = random(); return u < 0.15 ? -1 : u < 0.3 ? 1 : 0 }
    const latent = before.map(() => (random() < 0.6 ? 4 : 3))
    latent.forEach((t, i) => { before[i] = t + noise() })
    return latent.map(t => t + noise())
  }],
  ...[2, 5, 10].map(points => [`drop of ${points} points (${(points * 0.04).toFixed(2)} score units) + 3 moving ±1`, (before, random) => {
    const after = before.map(v => (random() < points * 0.04 ? v - 1 : v))
    moveThree(before, after, random)
    return after
  }]),
]
console.log(`### Paired score changes, 46 examples, one-sided α = 5%, ${PAIRED_SIMULATIONS} simulations per row\n`)
console.log('A *point* is 1% of the 1–5 scale\'s range, 0.04 score units: a drop of k points lowers the mean by 0.04·k, each example dropping one step with probability 0.04·k (baseline scores 3–5, so no clamping). Columns: share of runs that report "worse" (signed-rank, `pairedScoreTest`), the exact sign test at α, the paired t-interval\'s upper end below 0 (the current baseline gate), and "not enough changes to test".\n')
console.log('| scenario | signed-rank "worse" | sign test | paired t | not enough changes |')
console.log('|---|---|---|---|---|')
for (const [name, change] of scenarios) {
  const random = seedrandom(`bench-paired-${name}`)
  let worse = 0
  let sign = 0
  let t = 0
  let tooFew = 0
  for (let i = 0; i < PAIRED_SIMULATIONS; i++) {
    const before = baseline(random)
    const after = change(before, random)
    const result = pairedScoreTest(before, after)
    if (result.verdict === 'worse') worse++
    if (result.verdict === 'not enough changes to test') tooFew++
    if (result.sign.pWorse <= 0.05) sign++
    const upper = pairedTInterval(before, after).interval[1]
    if (upper < 0) t++
  }
  console.log(`| ${name} | ${pct(worse / PAIRED_SIMULATIONS)} | ${pct(sign / PAIRED_SIMULATIONS)} | ${pct(t / PAIRED_SIMULATIONS)} | ${pct(tooFew / PAIRED_SIMULATIONS)} |`)
}
console.log(`\nMonte-Carlo standard error at 5%: ${pct(se(0.05, PAIRED_SIMULATIONS))}.\n`)

// ---------------------------------------------------------------------------------------------
// 4. Canary error-rate rule over a 5-step × 30-bucket rollout.
const STEPS = [20, 60, 100, 200, 400] // canary requests per 1-minute bucket at 5/15/25/50/100% of 400 rpm
const MAX = 0.05
const CANARY_SIMULATIONS = 1000
function canary(errorRate, random, rule) {
  let errors = 0
  let requests = 0
  let streak = 0
  let bucket = 0
  for (const perBucket of STEPS) {
    for (let i = 0; i < 30; i++, bucket++) {
      let bucketErrors = 0
      for (let r = 0; r < perBucket; r++) if (random() < errorRate) bucketErrors++
      errors += bucketErrors
      requests += perBucket
      if (rule === 'anytime') {
        if (errorRateEvidence(errors, requests, MAX) >= Math.log(1 / 0.05)) return { bucket, requests }
      }
      else {
        streak = wilson(bucketErrors, perBucket, 0.95)[0] > MAX ? streak + 1 : 0
        if (streak >= 5) return { bucket, requests }
      }
    }
  }
  return undefined
}
console.log(`### Canary error-rate rule, \`max: ${MAX}\`, 5 steps × 30 one-minute buckets (${STEPS.join('/')} canary requests a bucket), ${CANARY_SIMULATIONS} rollouts per row\n`)
console.log('*anytime* = `checkErrorRate` on cumulative counts after every bucket (α = 5% over the whole rollout); *5 consecutive* = the current per-bucket rule (a bucket breaches when its 95% Wilson lower bound exceeds `max`; roll back after 5 in a row). Delay = buckets (minutes) from the start of the rollout to the rollback, median and 90th percentile among detected runs.\n')
console.log('| true error rate | rule | rolled back | median delay | p90 delay |')
console.log('|---|---|---|---|---|')
for (const rate of [0.025, 0.05, 0.075, 0.1]) {
  for (const rule of ['anytime', '5 consecutive']) {
    const random = seedrandom(`bench-canary-${rate}-${rule}`)
    const delays = []
    for (let i = 0; i < CANARY_SIMULATIONS; i++) {
      const result = canary(rate, random, rule)
      if (result) delays.push(result.bucket + 1)
    }
    delays.sort((a, b) => a - b)
    const at = q => (delays.length ? String(delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]) : '—')
    const label = rate <= MAX ? `${rate} (healthy)` : `${rate} (${(rate / MAX).toFixed(1)}× max)`
    console.log(`| ${label} | ${rule} | ${pct(delays.length / CANARY_SIMULATIONS)} | ${at(0.5)} | ${at(0.9)} |`)
  }
}
console.log(`\nMonte-Carlo standard error at 5%: ${pct(se(0.05, CANARY_SIMULATIONS))}.\n`)

// ---------------------------------------------------------------------------------------------
// 5. Quantile bounds: how many values a distribution-free upper bound needs (exact).
console.log('### Values needed for a distribution-free upper bound on a quantile (exact)\n')
console.log('| quantile | confidence 0.9 | confidence 0.95 | confidence 0.99 |')
console.log('|---|---|---|---|')
for (const q of [0.9, 0.95, 0.99]) {
  const needed = confidence => {
    let n = 1
    while (quantileBoundRank(n, q, confidence, 'upper') === undefined) n++
    return n
  }
  console.log(`| p${Math.round(q * 100)} | ${needed(0.9)} | ${needed(0.95)} | ${needed(0.99)} |`)
}
console.log(`\nTotal time ${((performance.now() - started) / 1000).toFixed(1)} s.`)
