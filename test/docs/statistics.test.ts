// docs/statistics.md's table of runs needed is recomputed here, so the docs cannot drift.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { decidePassRate, designTrials, minRunsToPass, operatingCharacteristics, sequentialVerdict } from 'vitest-llm/stats'
import { planTrials } from '../../src/trials/trials-plan.js'
import { root } from '../helpers/run-vitest.js'

it('the table of runs needed matches the code', async () => {
  const text = await readFile(join(root, 'docs', 'statistics.md'), 'utf8')
  const table = text.split('<!-- table: runs-needed -->')[1]!.trim().split('\n\n')[0]!.split('\n').slice(2)
  expect(table).toHaveLength(8)
  for (const row of table) {
    const [passRate, confidence, fixed, early, oneFailure] = row.split('|').slice(1, 6).map(Number) as [number, number, number, number, number]
    const first = (ok: (n: number) => boolean) => {
      let n = 1
      while (!ok(n)) n++
      return n
    }
    expect(first(n => decidePassRate(n, n, passRate, confidence, false).verdict === 'pass')).toBe(fixed)
    // The group-sequential design can pass an all-pass record at the same budget as one look.
    expect(minRunsToPass(passRate, confidence)).toBe(fixed)
    expect(first(n => sequentialVerdict(n, n, passRate, confidence) === 'pass')).toBe(early)
    expect(first(n => n > 1 && sequentialVerdict(n - 1, n, passRate, confidence) === 'pass')).toBe(oneFailure)
  }
})

/** Exact P(pass) and mean runs of the anytime-valid mode (sequentialVerdict after every run). */
function anytime(maxRuns: number, passRate: number, p: number) {
  let dist = [1]
  let pass = 0
  let runs = 0
  for (let n = 1; n <= maxRuns; n++) {
    const next = new Array<number>(n + 1).fill(0)
    dist.forEach((mass, s) => {
      next[s + 1]! += mass * p
      next[s]! += mass * (1 - p)
    })
    dist = next
    dist.forEach((mass, s) => {
      if (mass === 0) return
      const verdict = sequentialVerdict(s, n, passRate)
      if (verdict === 'inconclusive' && n < maxRuns) return
      if (verdict === 'pass') pass += mass
      runs += mass * n
      dist[s] = 0
    })
  }
  return { pass, expectedRuns: runs }
}

it('the trials() table (runs: 100) states the exact operating characteristics', async () => {
  const text = await readFile(join(root, 'docs', 'statistics.md'), 'utf8')
  const rows = text.split('<!-- table: trials-100 -->')[1]!.trim().split('\n\n')[0]!.split('\n').slice(2)
  expect(rows).toHaveLength(4)
  const cell = ({ pass, expectedRuns }: { pass: number, expectedRuns: number }) => `${(pass * 100).toFixed(1)}% · ${expectedRuns.toFixed(1)}`
  const sequential = designTrials({ maxRuns: 100, passRate: 0.9 })
  const oneLook = designTrials({ maxRuns: 100, passRate: 0.9, lookEvery: 100 })
  for (const row of rows) {
    const [rate, ...cells] = row.split('|').slice(1, 5).map(c => c.trim())
    const p = Number(rate)
    expect(cells).toEqual([
      cell(operatingCharacteristics(sequential, p)),
      cell({ pass: operatingCharacteristics(oneLook, p).pass, expectedRuns: 100 }),
      cell(anytime(100, 0.9, p)),
    ])
  }
  // The false-fail rate quoted beside it: the share of records trials() labels `fail` at p = 0.9.
  const plan = planTrials('docs', { runs: 100, passRate: 0.9 })
  let fail = 0
  let dist = [1]
  for (let n = 1; n <= 100; n++) {
    const next = new Array<number>(n + 1).fill(0)
    dist.forEach((mass, s) => {
      next[s + 1]! += mass * 0.9
      next[s]! += mass * 0.1
    })
    dist = next
    dist.forEach((mass, s) => {
      if (mass === 0 || !plan.stops(s, n)) return
      if (plan.decide(s, n).verdict === 'fail') fail += mass
      dist[s] = 0
    })
  }
  expect(text).toContain(`Its false-fail rate at a true rate of 0.9 is ${(fail * 100).toFixed(1)}%`)
})
