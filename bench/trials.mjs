// Benchmark of trials(): LLM calls needed for a verdict, sequential (stopEarly) vs fixed-n,
// at true pass rates 0.6, 0.8, 0.9 and 0.98 with passRate 0.9, confidence 0.95, at most 100
// runs. Simulated with a seeded generator: the numbers are exact for these seeds.
import seedrandom from 'seedrandom'
import { decidePassRate, sequentialVerdict } from 'vitest-llm'

const PASS_RATE = 0.9
const MAX_RUNS = 100
const SIMULATIONS = 4000

function run(p, random, sequential) {
  let passes = 0
  for (let n = 1; n <= MAX_RUNS; n++) {
    if (random() < p) passes++
    if (sequential) {
      const verdict = sequentialVerdict(passes, n, PASS_RATE)
      if (verdict !== 'inconclusive') return { verdict, calls: n }
    }
  }
  return { verdict: decidePassRate(passes, MAX_RUNS, PASS_RATE, 0.95, sequential).verdict, calls: MAX_RUNS }
}

console.log(`trials(): passRate ${PASS_RATE}, confidence 0.95, at most ${MAX_RUNS} runs, ${SIMULATIONS} simulations per cell`)
console.log('| true rate | fixed-n calls | sequential calls | fewer calls | fixed-n pass / fail | sequential pass / fail |')
console.log('|---|---|---|---|---|---|')
let fixedTotal = 0
let seqTotal = 0
for (const p of [0.6, 0.8, 0.9, 0.98]) {
  const stats = {}
  for (const sequential of [false, true]) {
    const random = seedrandom(`trials-${p}-${sequential}`)
    let calls = 0
    let pass = 0
    let fail = 0
    for (let i = 0; i < SIMULATIONS; i++) {
      const result = run(p, random, sequential)
      calls += result.calls
      if (result.verdict === 'pass') pass++
      if (result.verdict === 'fail') fail++
    }
    stats[sequential] = { calls: calls / SIMULATIONS, pass: pass / SIMULATIONS, fail: fail / SIMULATIONS }
  }
  fixedTotal += stats.false.calls
  seqTotal += stats.true.calls
  const pct = x => `${(x * 100).toFixed(1)}%`
  console.log(`| ${p} | ${stats.false.calls.toFixed(1)} | ${stats.true.calls.toFixed(1)} | ${pct(1 - stats.true.calls / stats.false.calls)} | ${pct(stats.false.pass)} / ${pct(stats.false.fail)} | ${pct(stats.true.pass)} / ${pct(stats.true.fail)} |`)
}
console.log(`| all four | ${(fixedTotal / 4).toFixed(1)} | ${(seqTotal / 4).toFixed(1)} | ${((1 - seqTotal / fixedTotal) * 100).toFixed(1)}% | | |`)
