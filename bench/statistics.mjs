// Benchmark of the statistics behind issue 14 ("statistics that stay honest under repeated
// looks"). Prints Markdown tables for BENCHMARKS.md. trials() numbers are exact (dynamic
// programming over every path); the rest are seeded simulations, exact for these seeds.
// Run after `npm run build`: node bench/statistics.mjs
import seedrandom from 'seedrandom'
import { boundedMeanInterval } from '../dist/stats/bounded-mean.js'
import { designTrials, operatingCharacteristics } from '../dist/stats/group-sequential.js'
import { pairedTInterval, meanInterval } from '../dist/stats/mean.js'
import { pairedScoreTest } from '../dist/stats/paired-discrete.js'
import { quantileBoundRank } from '../dist/stats/quantile-bound.js'
import { analyzeCanary } from '../dist/deploy/canary-analysis.js'
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
// 4. Canary rules through analyzeCanary (the product's decision), 5 steps × 30 one-minute buckets.
const STEPS = [5, 15, 25, 50, 100]
const MINUTE = 60_000
const PER_BUCKET = [20, 60, 100, 200, 400] // canary requests a bucket at 5/15/25/50/100% of 400 rpm
const canaryConfig = rules => ({ baseline: 'v1', canary: 'v2', source: { jsonl: 'x' }, steps: STEPS, bake: '30m', bakeMs: 30 * MINUTE, bucket: '1m', bucketMs: MINUTE, minSamples: 20, rules, confidence: 0.95 })
const emptySide = () => ({ requests: 0, errors: 0, latencies: [], quality: [], feedback: 0, negative: 0 })
const exponential = mean => random => -Math.log(1 - random()) * mean
const P99 = Math.log(100) // an exponential's p99 is its mean · ln 100
function makeBucket(start, requests, canary, random) {
  const b = emptySide()
  for (let i = 0; i < requests; i++) {
    b.requests++
    if (random() < (canary.errorRate ?? 0)) b.errors++
    b.latencies.push(canary.latency ? canary.latency(random) : 500)
    if (canary.quality && random() < 0.3) b.quality.push(canary.quality(random))
  }
  return { start, canary: b, baseline: emptySide() }
}
/** Minute of the rollback (1-based over the rollout) or undefined; `every`: analyse after every bucket, else once per step (streak rules see the whole step). */
function rollout(config, canary, random, perBucket, every) {
  for (const [step] of STEPS.entries()) {
    const buckets = []
    for (let minute = 0; minute < 30; minute++) {
      buckets.push(makeBucket(minute * MINUTE, perBucket[step], canary, random))
      if (!every && minute < 29) continue
      if (analyzeCanary(buckets, config, 0, (minute + 1) * MINUTE).decision !== 'rollback') continue
      if (every) return step * 30 + minute + 1
      // Find the first minute of the breach: re-analyse the step's prefixes.
      for (let m = 0; m < 30; m++) if (analyzeCanary(buckets.slice(0, m + 1), config, 0, (m + 1) * MINUTE).decision === 'rollback') return step * 30 + m + 1
    }
  }
  return undefined
}
const categorical = probabilities => (random) => {
  let u = random()
  for (let k = 0; k < 4; k++) {
    if (u < probabilities[k]) return k + 1
    u -= probabilities[k]
  }
  return 5
}
const ROLLOUTS = 400
const QUALITY_ROLLOUTS = 100
const canaryRows = [
  ['errorRate `max: 0.02, for: 1`', 'healthy: 1% errors, 20 requests a bucket', { errorRate: { max: 0.02, for: 1 } }, { errorRate: 0.01 }, [20, 20, 20, 20, 20], false],
  ['errorRate `max: 0.05, for: 1`', 'healthy: exactly 5%', { errorRate: { max: 0.05, for: 1 } }, { errorRate: 0.05 }, PER_BUCKET, false],
  ['errorRate `max: 0.05, for: 1`', '2× the limit: 10%', { errorRate: { max: 0.05, for: 1 } }, { errorRate: 0.1 }, PER_BUCKET, false],
  ['errorRate `max: 0.05, for: 5`', '2× the limit: 10%', { errorRate: { max: 0.05, for: 5 } }, { errorRate: 0.1 }, PER_BUCKET, false],
  ['errorRate `max: 0.05, for: 5`', '6%, 100 requests a bucket', { errorRate: { max: 0.05, for: 5 } }, { errorRate: 0.06 }, [100, 100, 100, 100, 100], false],
  ['p99LatencyMs `max: 1000, for: 1`', 'healthy: true p99 25% under the limit', { p99LatencyMs: { max: 1000, for: 1 } }, { latency: exponential(750 / P99) }, PER_BUCKET, false],
  ['p99LatencyMs `max: 1000, for: 1`', 'healthy: true p99 exactly at the limit', { p99LatencyMs: { max: 1000, for: 1 } }, { latency: exponential(1000 / P99) }, PER_BUCKET, false],
  ['p99LatencyMs `max: 1000, for: 1`', '+50%: true p99 1500 ms', { p99LatencyMs: { max: 1000, for: 1 } }, { latency: exponential(1500 / P99) }, PER_BUCKET, false],
  ['quality `min: 3.5`', 'healthy: mean 3.6', { quality: { min: 3.5 } }, { quality: categorical([0.1, 0, 0.3, 0.4, 0.2]) }, [20, 20, 20, 20, 20], true],
  ['quality `min: 3.5`', 'at the boundary: mean 3.5', { quality: { min: 3.5 } }, { quality: categorical([0.1, 0, 0.35, 0.4, 0.15]) }, [20, 20, 20, 20, 20], true],
  ['quality `min: 3.5`', 'poor: mean 3.0', { quality: { min: 3.5 } }, { quality: categorical([0.15, 0.05, 0.45, 0.3, 0.05]) }, [20, 20, 20, 20, 20], true],
]
console.log(`### Canary rules (\`analyzeCanary\`), 5 steps × 30 one-minute buckets (${PER_BUCKET.join('/')} canary requests a bucket unless stated), confidence 0.95, ${ROLLOUTS} rollouts per row (quality: ${QUALITY_ROLLOUTS}, 20 canary requests a bucket)\n`)
console.log('Each rule on its own. Rolled back = share of rollouts rolled back by the rule at any point (for a healthy canary: the false-rollback rate, α = 5% over the whole rollout). Delay = minutes from the start of the rollout to the rollback, median and 90th percentile among rolled-back runs. Quality looks after every bucket (30% of requests carry a score); the count rules are checked over each step\'s buckets.\n')
console.log('| rule | canary | rolled back | median delay | p90 delay |')
console.log('|---|---|---|---|---|')
for (const [rule, label, rules, canary, perBucket, every] of canaryRows) {
  const random = seedrandom(`bench-canary-${rule}-${label}`)
  const config = canaryConfig(rules)
  const delays = []
  // Quality re-computes a betting bound over every score of the step after each bucket: fewer rollouts.
  const rollouts = every ? QUALITY_ROLLOUTS : ROLLOUTS
  for (let i = 0; i < rollouts; i++) {
    const minute = rollout(config, canary, random, perBucket, every)
    if (minute !== undefined) delays.push(minute)
  }
  delays.sort((a, b) => a - b)
  const at = q => (delays.length ? String(delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]) : '—')
  console.log(`| ${rule} | ${label} | ${pct(delays.length / rollouts)} | ${at(0.5)} | ${at(0.9)} |`)
}
console.log(`\nMonte-Carlo standard error at 5%: ${pct(se(0.05, ROLLOUTS))} (quality: ${pct(se(0.05, QUALITY_ROLLOUTS))}).\n`)

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
