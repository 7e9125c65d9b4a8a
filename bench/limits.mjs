// Benchmark of the run-wide limits (issue 13, item 5). Runs the `limits` fixture — four test
// files, half app and half judge calls at once — with 4 workers against the fake server
// (100 ms latency) and records the peak of requests in flight and the request rate against
// `concurrency` and `rateLimit.requestsPerMinute`. Run with `npm run bench` (needs the build).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { fakeJudge, startFakeLlm } from 'vitest-llm/fake'

const root = fileURLToPath(new URL('..', import.meta.url))
const fixture = fileURLToPath(new URL('../test/fixtures/limits/', import.meta.url))
const WORKERS = 4

function vitest(env) {
  return new Promise((resolve, reject) => {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|VITEST_.*|TEST|NODE_ENV)$/.test(key)))
    const child = spawn(process.execPath, [`${root}node_modules/vitest/vitest.mjs`, 'run', `--maxWorkers=${WORKERS}`], { cwd: fixture, env: { ...clean, NO_COLOR: '1', CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    child.on('error', reject)
    child.on('close', code => (code === 0 ? resolve(output) : reject(new Error(`vitest exited ${code}:\n${output}`))))
  })
}

async function scenario({ concurrency, rpm, calls }) {
  const sent = []
  const fake = await startFakeLlm({
    latencyMs: 100,
    rules: [
      { match: () => (sent.push(performance.now()), false), reply: 'never' },
      fakeJudge({ score: () => ({ relevance: 5 }) }),
      { match: () => true, reply: 'ok' },
    ],
  })
  try {
    await vitest({ OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'bench', FIXTURE_CONCURRENCY: String(concurrency), FIXTURE_RPM: rpm ? String(rpm) : '', FIXTURE_CALLS: String(calls) })
    const spanS = (sent.at(-1) - sent[0]) / 1000
    // A bucket of `rpm` that starts full allows rpm + rpm × elapsed / 60 s requests by any time.
    const allowed = rpm ? rpm + (rpm * spanS) / 60 : undefined
    return { requests: sent.length, peak: fake.stats.peakInFlight, spanS, allowed }
  }
  finally {
    await fake.close()
  }
}

const fmt = n => (n === undefined ? '—' : n.toFixed(1))
const rows = []
const a = await scenario({ concurrency: 4, calls: 32 })
rows.push(`| concurrency 4, no rate limit | ${a.requests} | ${a.peak} (limit 4; per-worker limits allowed ${4 * WORKERS}) | ${fmt(a.spanS)} s (ideal ${fmt((a.requests * 0.1) / 4)} s) | — |`)
const b = await scenario({ concurrency: 8, rpm: 120, calls: 35 })
// Ideal: 120 at once (the first minute's allowance), the other 20 at 2/s: about 10 s.
rows.push(`| concurrency 8, 120 requests/min | ${b.requests} | ${b.peak} (limit 8) | ${fmt(b.spanS)} s (ideal ≈ ${fmt((b.requests - 120) / 2)} s; per-worker buckets: < 1 s) | ${b.requests} sent; a run-wide 120/min bucket allows ${fmt(b.allowed)} in ${fmt(b.spanS)} s (per-worker buckets allowed ${120 * WORKERS} at once) |`)
console.log([
  `${WORKERS} workers (\`--maxWorkers=${WORKERS}\`), each file half \`complete()\` and half \`judge()\` calls at once, fake server at 100 ms:`,
  '',
  '| limits | requests | peak in flight | first to last request | requests vs what the limit allows in that time |',
  '|---|---|---|---|---|',
  ...rows,
].join('\n'))
