// Cold import time of each entry point in a fresh Node process, as a ratio to importing
// `vitest` alone, measured alternately in the same run (medians of ROUNDS processes each).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROUNDS = 15
const root = fileURLToPath(new URL('..', import.meta.url))
const ENTRIES = ['vitest', 'openai', 'vitest-llm', 'vitest-llm/prompt', 'vitest-llm/stats', 'vitest-llm/deploy', 'vitest-llm/fake', 'vitest-llm/plugin']

// The child times its own import, so process start-up (the same for all) is left out.
const timeImport = specifier => Number(execFileSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t))`], { cwd: root }).toString())

const samples = Object.fromEntries(ENTRIES.map(e => [e, []]))
for (let round = 0; round < ROUNDS; round++) for (const entry of ENTRIES) samples[entry].push(timeImport(entry))
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const floor = median(samples.vitest)

console.log(`| import | median ms | × \`vitest\` |`)
console.log(`|---|---|---|`)
for (const entry of ENTRIES) console.log(`| \`${entry}\` | ${median(samples[entry]).toFixed(0)} | ${(median(samples[entry]) / floor).toFixed(2)} |`)
console.log(`\n${ROUNDS} fresh processes per entry, alternated; each child times its own \`await import()\`.`)
