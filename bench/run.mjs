// `npm run bench`: every benchmark, each in its own process. (bench/statistics.mjs, ~200 s, and
// bench/html-size.mjs run on their own: see BENCHMARKS.md.)
import { execFileSync } from 'node:child_process'

const run = file => execFileSync(process.execPath, ['--expose-gc', new URL(file, import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] }).toString()

const golden = (output) => {
  const r = JSON.parse(output)
  return `${r.examples} examples loaded in ${(r.ms / 1000).toFixed(2)} s (goal < 2 s); peak RSS ${r.peakRssMb.toFixed(0)} MB (goal < 300 MB), ${r.rssBeforeMb.toFixed(0)} MB before loading\n`
}

const SECTIONS = [
  ['Client layer', './client.mjs'],
  ['Cold import of each entry point', './cold-import.mjs'],
  ['trials(): group-sequential, fixed-n and anytime-valid', './trials.mjs'],
  ['loadGolden(): 100k JSONL examples', './golden-load.mjs', golden],
  ['Global limits across workers (issue 13)', './limits.mjs'],
  ['Change-aware depth on the support-bot example', './depth.mjs'],
  ['Variant comparison (issue 17)', './compare.mjs'],
  ['What vitest-llm adds to a golden run, against plain Vitest (issue 18)', './overhead.mjs'],
]

for (const [title, file, format = text => text] of SECTIONS) console.log(`## ${title}\n\n${format(run(file))}`)
