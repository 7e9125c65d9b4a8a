// docs/statistics.md's table of runs needed is recomputed here, so the docs cannot drift.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { decidePassRate, sequentialVerdict } from 'vitest-llm/stats'
import { minRunsToPass } from '../../src/stats/trials-budget.js'
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
