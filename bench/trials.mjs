// Benchmark of trials(): the chance of each verdict and the mean number of runs (LLM calls) at
// true pass rates around passRate 0.9 (confidence 0.95), for budgets of 20, 50 and 100 runs, in
// each `stopEarly` mode. Exact: dynamic programming over every path of passes and fails through
// the same plan trials() runs (src/trials/trials-plan.ts), so there is no Monte-Carlo error.
// Run after `npm run build`: node bench/trials.mjs
import { planTrials } from '../dist/trials/trials-plan.js'

const PASS_RATE = 0.9
const RATES = [0.8, 0.85, 0.88, 0.9, 0.92, 0.95, 0.99]
const MODES = [['group-sequential (default)', true], ['fixed-n (`stopEarly: false`)', false], ['anytime (`stopEarly: \'anytime\'`)', 'anytime']]
const pct = x => `${(x * 100).toFixed(1)}%`

const cache = new Map()

/** Exact P(pass), P(fail) and mean runs of a plan at true rate p. */
function characteristics(plan, p) {
  const totals = { pass: 0, fail: 0, inconclusive: 0, runs: 0 }
  // The verdict at a stop does not depend on p: computed once per plan.
  const verdicts = cache.get(plan) ?? cache.set(plan, new Map()).get(plan)
  let dist = [1]
  for (let done = 1; done <= plan.runs; done++) {
    const next = new Array(done + 1).fill(0)
    dist.forEach((mass, s) => {
      next[s + 1] += mass * p
      next[s] += mass * (1 - p)
    })
    dist = next
    dist.forEach((mass, s) => {
      if (mass === 0 || !plan.stops(s, done)) return
      const key = done * 100_000 + s
      if (!verdicts.has(key)) verdicts.set(key, plan.decide(s, done).verdict)
      totals[verdicts.get(key)] += mass
      totals.runs += mass * done
      dist[s] = 0
    })
  }
  return totals
}

console.log(`trials(): passRate ${PASS_RATE}, confidence 0.95; each cell P(pass) / P(fail) · mean runs (exact)\n`)
for (const runs of [20, 50, 100]) {
  const plans = MODES.map(([name, stopEarly]) => {
    try {
      return [name, planTrials('bench', { runs, passRate: PASS_RATE, stopEarly })]
    }
    catch (error) {
      return [name, error.message.split(': ').slice(1).join(': ')]
    }
  })
  console.log(`**runs: ${runs}**\n`)
  const rejected = plans.filter(([, plan]) => typeof plan === 'string')
  for (const [name, message] of rejected) console.log(`- ${name}: rejected at definition — ${message}`)
  const usable = plans.filter(([, plan]) => typeof plan !== 'string')
  if (rejected.length) console.log('')
  if (!usable.length) continue
  console.log(`| true rate | ${usable.map(([name]) => name).join(' | ')} |`)
  console.log(`|---|${usable.map(() => '---|').join('')}`)
  for (const p of RATES) {
    console.log(`| ${p} | ${usable.map(([, plan]) => {
      const c = characteristics(plan, p)
      return `${pct(c.pass)} / ${pct(c.fail)} · ${c.runs.toFixed(1)}`
    }).join(' | ')} |`)
  }
  console.log('')
}
const byDefault = planTrials('bench', { passRate: PASS_RATE })
console.log(`Default budget (no \`runs\`): ${byDefault.runs} runs; at p = 0.99: ${pct(characteristics(byDefault, 0.99).pass)} pass, at 0.9: ${pct(characteristics(byDefault, 0.9).pass)}.`)
