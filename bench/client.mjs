// Benchmark of the client layer (issue: "The LLM client"). Run with `npm run bench`.
// 1) 1,000 requests to the fake server at 100 ms latency, concurrency 32: wall time vs the
//    ideal 1,000 × 0.1 s / 32. 2) The same 1,000 requests replayed from cassettes: overhead per
//    request. Ratios are measured in one run, so they hold across machines.
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fork } from 'node:child_process'
import { once } from 'node:events'
import OpenAI from 'openai'
import { LlmClient } from 'vitest-llm'

const REQUESTS = 1000
const LATENCY_MS = 100
const CONCURRENCY = 32

const server = fork(new URL('./fake-process.mjs', import.meta.url), [String(LATENCY_MS)])
const ask = async (message) => {
  server.send(message)
  return (await once(server, 'message'))[0]
}
const fake = { url: (await once(server, 'message'))[0].url }
const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-bench-'))
const config = mode => ({ provider: { model: 'gpt-4o-mini', baseURL: fake.url, apiKey: 'bench' }, cache: { mode, dir }, concurrency: CONCURRENCY, rateLimit: {}, retries: 0, timeoutMs: 30_000, pricing: {} })
const request = i => ({ messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: `Question number ${i}: what is ${i} + ${i}?` }] })

async function timed(client) {
  const start = performance.now()
  await Promise.all(Array.from({ length: REQUESTS }, (_, i) => client.chat(request(i))))
  return performance.now() - start
}

const ideal = (REQUESTS * LATENCY_MS) / CONCURRENCY
// Warm up the HTTP connection pool and JIT so the first measurement is not charged for them.
const warm = new LlmClient(config('off'))
await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => warm.chat(request(-1 - i))))

// Baseline: the bare openai SDK with the same concurrency (workers pulling from a shared index).
async function bare() {
  const openai = new OpenAI({ baseURL: fake.url, apiKey: 'bench', maxRetries: 0 })
  let next = 0
  const start = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) await openai.chat.completions.create({ model: 'gpt-4o-mini', ...request(next++) })
  }))
  return performance.now() - start
}
const sdk = await bare()

const off = await timed(new LlmClient(config('off')))
await ask('reset')
const recording = await timed(new LlmClient(config('auto')))
const peak = (await ask('stats')).stats.peakInFlight
await ask('reset')
const replay = await timed(new LlmClient(config('auto')))
const replayRequests = (await ask('stats')).stats.requests
server.send('close')
await rm(dir, { recursive: true, force: true })

const row = (name, ms, goal) => `| ${name} | ${(ms / 1000).toFixed(2)} s | ${(ms / ideal).toFixed(3)}× ideal | ${goal} |`
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}`)
console.log(`${REQUESTS} requests, fake latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}; ideal ${(ideal / 1000).toFixed(3)} s; peak in flight ${peak}`)
console.log('| run | wall | ratio | goal |')
console.log('|---|---|---|---|')
console.log(row('bare openai SDK (reference)', sdk, '—'))
console.log(row('live, cache off', off, '≤ 1.15×'))
console.log(row('live, recording cassettes (auto, all misses)', recording, '≤ 1.15×'))
console.log(`| replay from cassettes (auto, all hits) | ${(replay / 1000).toFixed(3)} s | ${(replay / REQUESTS).toFixed(3)} ms per request, ${replayRequests} HTTP requests | < 1 ms per request |`)
