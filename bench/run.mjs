// `npm run bench`: every benchmark, each in its own process.
import { execFileSync } from 'node:child_process'

const run = file => execFileSync(process.execPath, ['--expose-gc', new URL(file, import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] }).toString()

console.log('## Client layer\n')
console.log(run('./client.mjs'))
console.log('## Cold import of each entry point\n')
console.log(run('./cold-import.mjs'))
console.log('## trials(): group-sequential, fixed-n and anytime-valid\n')
console.log(run('./trials.mjs'))
console.log('## loadGolden(): 100k JSONL examples\n')
const golden = JSON.parse(run('./golden-load.mjs'))
console.log(`${golden.examples} examples loaded in ${(golden.ms / 1000).toFixed(2)} s (goal < 2 s); peak RSS ${golden.peakRssMb.toFixed(0)} MB (goal < 300 MB), ${golden.rssBeforeMb.toFixed(0)} MB before loading`)
console.log('\n## Change-aware depth on the support-bot example\n')
console.log(run('./depth.mjs'))
console.log('\n## Variant comparison (issue 17)\n')
console.log(run('./compare.mjs'))
console.log('\n## What vitest-llm adds to a golden run, against plain Vitest (issue 18)\n')
console.log(run('./overhead.mjs'))
