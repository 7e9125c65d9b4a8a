// Benchmark of loadGolden(): 100,000 JSONL examples, time and peak memory (maxRSS of this
// process, which does nothing else). Run by bench/golden.mjs in a fresh process.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadGolden } from 'vitest-llm'

const COUNT = 100_000
const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-bench-golden-'))
const lines = []
for (let i = 0; i < COUNT; i++) {
  lines.push(JSON.stringify({ id: `case-${i}`, input: `Customer question number ${i}: where is my order and when will it arrive?`, expected: `Your order ${i} ships within two days.`, must_contain: ['order'], tags: [i % 3 ? 'shipping' : 'billing'], weight: 1 }))
}
await writeFile(join(dir, 'golden.jsonl'), `${lines.join('\n')}\n`)
lines.length = 0
global.gc?.()
const before = process.memoryUsage().rss
const start = performance.now()
const examples = await loadGolden('golden.jsonl', { cwd: dir })
const ms = performance.now() - start
const peak = process.resourceUsage().maxRSS * 1024
await rm(dir, { recursive: true, force: true })
console.log(JSON.stringify({ examples: examples.length, ms, peakRssMb: peak / 2 ** 20, rssBeforeMb: before / 2 ** 20 }))
