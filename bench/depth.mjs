// Change-aware depth on the support-bot example: LLM requests and wall time of a run at each
// depth, and at `auto` after each kind of change, against `full` — the saving the feature is for.
// Runs on a copy of the example (offline, against its scripted fake model), accepted as the
// baseline after one full run. Usage: node bench/depth.mjs (after `npm run build`).
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = join(root, 'dist/public/cli.js')
const dir = mkdtempSync(join(root, 'examples', '.tmp-bench-depth-'))
cpSync(join(root, 'examples/support-bot'), dir, { recursive: true, filter: src => !src.includes('.vitest') })

function run(env = {}) {
  const started = performance.now()
  try {
    execFileSync(process.execPath, ['run.mjs'], { cwd: dir, env: { ...process.env, ...env }, stdio: 'ignore' })
  }
  catch {} // a failing gate is still a measurement
  const ms = performance.now() - started
  const report = JSON.parse(readFileSync(join(dir, '.vitest/llm-report.json'), 'utf8'))
  const { requests, cached } = report.metrics.usage
  return { ms, calls: requests + cached, cases: report.cases.length, level: report.run.depth?.level ?? 'full' }
}
const edit = (file, from, to) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8').replace(from, to))

try {
  const full = run({ VITEST_LLM_DEPTH: 'full' })
  execFileSync(process.execPath, [cli, 'baseline', 'save', '--force'], { cwd: dir, stdio: 'ignore' })
  const rows = [['full (fixed)', full]]
  for (const level of ['smoke', 'sampled', 'regression', 'comprehensive']) rows.push([`${level} (fixed)`, run({ VITEST_LLM_DEPTH: level })])
  rows.push(['auto, nothing changed', run({ VITEST_LLM_DEPTH: 'auto' })])
  const changes = [
    ['params', 'prompts/support.prompt.yaml', 'temperature: 0', 'temperature: 0.1'],
    ['prompt text', 'prompts/support.prompt.yaml', /user_template: (["|]?)/, 'user_template: $1Please answer. '],
    ['RAG index', 'docs/refunds.md', /$/, '\nRefunds to a gift card are instant.\n'],
    ['system prompt', 'prompts/support.prompt.yaml', 'You are the customer support assistant', 'You are the friendly customer support assistant'],
    ['model', 'prompts/support.prompt.yaml', 'model: gpt-4o-mini', 'model: gpt-4.1-mini'],
  ]
  for (const [name, file, from, to] of changes) {
    const before = readFileSync(join(dir, file), 'utf8')
    edit(file, from, to)
    rows.push([`auto, ${name} changed`, run({ VITEST_LLM_DEPTH: 'auto' })])
    writeFileSync(join(dir, file), before)
  }
  console.log('| run | level | LLM calls | × full | wall | × full |')
  console.log('|---|---|---|---|---|---|')
  for (const [name, r] of rows) console.log(`| ${name} | ${r.level} | ${r.calls} | ${(r.calls / full.calls).toFixed(2)} | ${(r.ms / 1000).toFixed(1)} s | ${(r.ms / full.ms).toFixed(2)} |`)
  console.log('\nOne run each on a copy of examples/support-bot against its scripted fake model (cache off); wall time includes starting vitest.')
}
finally {
  rmSync(dir, { recursive: true, force: true })
}
