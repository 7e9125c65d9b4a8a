// Issue 18: what vitest-llm adds to a golden run, as ratios against plain Vitest measured in
// the same run (alternated runs, medians). Every run is a real `vitest run` in its own process
// on a project written by overhead-project.mjs; the fake model server runs in another process
// (100 ms latency), so its CPU time is not charged to either side.
//   live:   golden() + complete() (cache off; recording cassettes) vs test.concurrent + raw SDK
//   replay: golden() with every answer from cassettes vs trivial test.concurrent tests, and
//           the same on Node 22–23 with Node 24's AsyncLocalStorage (--experimental-async-context-frame)
//   scale:  peak RSS of the main process and the worker, report build/write time and size
// Usage: node bench/overhead.mjs [--rounds 5] [--live 1000,5000] [--replay 1000,5000,10000] [--json]
import { spawn, fork } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { packPackage, writeProjects, CONCURRENCY } from './overhead-project.mjs'

// Vitest 5 needs Node 22.12 and still starts on older ones: a run there measures another Node.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) throw new Error(`bench/overhead.mjs measures Node >= 22.12 (what Vitest 5 needs), not ${process.version}: run it with \`npm run bench\` or \`npx node bench/overhead.mjs\`, which use the pinned Node 22`)

const args = process.argv.slice(2)
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const ROUNDS = Number(arg('rounds', 5))
const LIVE = arg('live', '1000,5000').split(',').filter(Boolean).map(Number)
const REPLAY = arg('replay', '1000,5000,10000').split(',').filter(Boolean).map(Number)
const LATENCY_MS = 100

const repo = fileURLToPath(new URL('..', import.meta.url))
const vitestBin = join(repo, 'node_modules/vitest/vitest.mjs')
const probe = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url))

async function startFake(latency) {
  const server = fork(new URL('./fake-process.mjs', import.meta.url), [String(latency)])
  const { url } = (await once(server, 'message'))[0]
  const ask = async (message) => {
    server.send(message)
    return (await once(server, 'message'))[0]
  }
  return { url, ask, close: () => server.send('close') }
}

/** One `vitest run` of `config` in `dir`: wall time, exit code, and what the probes wrote. */
async function vitestRun(dir, config, env, nodeOptions = '') {
  const probes = await mkdtemp(join(tmpdir(), 'vitest-llm-probe-'))
  const childEnv = { ...process.env, ...env, BENCH_PROBE_DIR: probes, NODE_OPTIONS: `--import=${probe} ${nodeOptions}`.trim() }
  // The local default (HTML report on): what a developer's replay loop pays.
  delete childEnv.CI
  delete childEnv.GITHUB_ACTIONS
  const start = performance.now()
  const child = spawn(process.execPath, [vitestBin, 'run', '--config', config], { cwd: dir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk) => { output += chunk })
  child.stderr.on('data', (chunk) => { output += chunk })
  const [code] = await once(child, 'exit')
  const ms = performance.now() - start
  const processes = await Promise.all((await readdir(probes)).map(async file => JSON.parse(await readFile(join(probes, file), 'utf8'))))
  await rm(probes, { recursive: true, force: true })
  if (code !== 0) throw new Error(`vitest run --config ${config} in ${dir} exited ${code}:\n${output.slice(-3000)}`)
  const main = processes.find(p => p.main)
  const workers = processes.filter(p => !p.main)
  return { ms, mainRssMb: main?.maxRssMb, workerRssMb: Math.max(0, ...workers.map(w => w.maxRssMb)), measures: main?.measures ?? {} }
}

// Node 24 made AsyncContextFrame the default: before it, the flag shows what the same run costs there.
const FRAME_FLAG = major < 24 ? '--experimental-async-context-frame' : undefined

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
// The median of each round's own ratio: the two runs of a round are seconds apart, so a floor
// that drifts during the benchmark (this VM's moved by up to 30% within an hour) cancels out.
const pairedRatio = (runs, floors) => median(runs.map((ms, i) => ms / floors[i]))
const fmt = ms => `${(ms / 1000).toFixed(2)} s`

const fake = await startFake(LATENCY_MS)
const tarball = await packPackage()
const results = { machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}`, rounds: ROUNDS, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, live: [], replay: [] }

for (const cases of LIVE) {
  const dir = join(repo, 'bench', `.tmp-overhead-live-${cases}`)
  await writeProjects(dir, cases, tarball)
  const env = { FAKE_URL: fake.url }
  const times = { sdk: [], off: [], recording: [] }
  // A first, unmeasured run of each warms the disk cache and Vite's transform cache.
  await vitestRun(dir, 'vitest.sdk.config.mjs', env)
  await vitestRun(dir, 'vitest.llm.config.mjs', { ...env, BENCH_CACHE_MODE: 'off', BENCH_CACHE_DIR: '.cache' })
  for (let round = 0; round < ROUNDS; round++) {
    times.sdk.push((await vitestRun(dir, 'vitest.sdk.config.mjs', env)).ms)
    times.off.push((await vitestRun(dir, 'vitest.llm.config.mjs', { ...env, BENCH_CACHE_MODE: 'off', BENCH_CACHE_DIR: '.cache' })).ms)
    await rm(join(dir, '.cache'), { recursive: true, force: true })
    times.recording.push((await vitestRun(dir, 'vitest.llm.config.mjs', { ...env, BENCH_CACHE_MODE: 'auto', BENCH_CACHE_DIR: '.cache' })).ms)
  }
  const sdk = median(times.sdk)
  results.live.push({ cases, sdkMs: sdk, offMs: median(times.off), recordingMs: median(times.recording), off: median(times.off) / sdk, recording: median(times.recording) / sdk, offPaired: pairedRatio(times.off, times.sdk), recordingPaired: pairedRatio(times.recording, times.sdk), times })
  await rm(dir, { recursive: true, force: true })
}

for (const cases of REPLAY) {
  const dir = join(repo, 'bench', `.tmp-overhead-replay-${cases}`)
  await writeProjects(dir, cases, tarball)
  const env = { FAKE_URL: fake.url, BENCH_CACHE_DIR: '.cache' }
  // Record every answer once; replay runs must then make no request at all.
  await vitestRun(dir, 'vitest.llm.config.mjs', { ...env, BENCH_CACHE_MODE: 'auto' })
  await vitestRun(dir, 'vitest.trivial.config.mjs', env)
  await fake.ask('reset')
  const runs = { trivial: [], replay: [], frame: [] }
  for (let round = 0; round < ROUNDS; round++) {
    runs.trivial.push(await vitestRun(dir, 'vitest.trivial.config.mjs', env))
    runs.replay.push(await vitestRun(dir, 'vitest.llm.config.mjs', { ...env, BENCH_CACHE_MODE: 'replay' }))
    if (FRAME_FLAG) runs.frame.push(await vitestRun(dir, 'vitest.llm.config.mjs', { ...env, BENCH_CACHE_MODE: 'replay' }, FRAME_FLAG))
  }
  const requests = (await fake.ask('stats')).stats.requests
  if (requests !== 0) throw new Error(`replay made ${requests} requests`)
  const report = join(dir, '.vitest/llm-report.json')
  const html = join(dir, '.vitest/llm-report.html')
  const pick = (list, key) => median(list.map(r => r[key]))
  const measure = name => median(runs.replay.map(r => r.measures[`vitest-llm:${name}`] ?? Number.NaN))
  results.replay.push({
    cases,
    trivialMs: pick(runs.trivial, 'ms'),
    replayMs: pick(runs.replay, 'ms'),
    ratio: pick(runs.replay, 'ms') / pick(runs.trivial, 'ms'),
    paired: pairedRatio(runs.replay.map(r => r.ms), runs.trivial.map(r => r.ms)),
    frameMs: FRAME_FLAG ? pick(runs.frame, 'ms') : undefined,
    framePaired: FRAME_FLAG ? pairedRatio(runs.frame.map(r => r.ms), runs.trivial.map(r => r.ms)) : undefined,
    mainRssMb: pick(runs.replay, 'mainRssMb'),
    workerRssMb: pick(runs.replay, 'workerRssMb'),
    trivialMainRssMb: pick(runs.trivial, 'mainRssMb'),
    trivialWorkerRssMb: pick(runs.trivial, 'workerRssMb'),
    reportBuildMs: measure('report-build'),
    reportWriteMs: measure('report-write'),
    reportBytes: (await stat(report)).size,
    htmlBytes: (await stat(html).catch(() => ({ size: 0 }))).size,
  })
  await rm(dir, { recursive: true, force: true })
}
fake.close()
await rm(join(tarball, '..'), { recursive: true, force: true })

if (args.includes('--json')) {
  console.log(JSON.stringify(results, null, 2))
}
else {
  console.log(`machine: ${results.machine}; medians of ${ROUNDS} alternated runs; fake latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}`)
  console.log('\n| live golden run | plain Vitest + raw SDK | vitest-llm, cache off | ratio (goal ≤ 1.03×) | vitest-llm, recording | ratio (goal ≤ 1.03×) | paired ratios, off / recording |')
  console.log('|---|---|---|---|---|---|---|')
  for (const r of results.live) console.log(`| ${r.cases} cases | ${fmt(r.sdkMs)} | ${fmt(r.offMs)} | ${r.off.toFixed(3)}× | ${fmt(r.recordingMs)} | ${r.recording.toFixed(3)}× | ${r.offPaired.toFixed(3)}× / ${r.recordingPaired.toFixed(3)}× |`)
  console.log('\n| replay | plain Vitest, trivial tests | vitest-llm, all from cassettes | ratio (goal ≤ 1.25×) | paired ratio | with Node 24\'s AsyncLocalStorage: ratio, paired |')
  console.log('|---|---|---|---|---|---|')
  const frame = r => r.frameMs === undefined ? 'the default on this Node' : `${(r.frameMs / r.trivialMs).toFixed(3)}×, ${r.framePaired.toFixed(3)}×`
  for (const r of results.replay) console.log(`| ${r.cases} cases | ${fmt(r.trivialMs)} | ${fmt(r.replayMs)} | ${r.ratio.toFixed(3)}× | ${r.paired.toFixed(3)}× | ${frame(r)} |`)
  console.log('\n| scale (replay run) | main peak RSS | worker peak RSS | plain Vitest main / worker | report + gate built | reports written | JSON report | HTML report |')
  console.log('|---|---|---|---|---|---|---|---|')
  for (const r of results.replay) console.log(`| ${r.cases} cases | ${r.mainRssMb.toFixed(0)} MB | ${r.workerRssMb.toFixed(0)} MB | ${r.trivialMainRssMb.toFixed(0)} / ${r.trivialWorkerRssMb.toFixed(0)} MB | ${r.reportBuildMs.toFixed(0)} ms | ${r.reportWriteMs.toFixed(0)} ms | ${(r.reportBytes / 2 ** 20).toFixed(2)} MB | ${(r.htmlBytes / 2 ** 20).toFixed(2)} MB |`)
}
