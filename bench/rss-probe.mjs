// Preloaded (NODE_OPTIONS=--import) into every process of a benchmarked `vitest run`: on exit,
// writes the process's peak RSS and the vitest-llm timings (performance.measure entries) to
// $BENCH_PROBE_DIR/<pid>.json, so the benchmark can tell the main process from the workers.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PerformanceObserver } from 'node:perf_hooks'

const dir = process.env.BENCH_PROBE_DIR
if (dir) {
  const measures = {}
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name.startsWith('vitest-llm:')) measures[entry.name] = (measures[entry.name] ?? 0) + entry.duration
    }
  }).observe({ entryTypes: ['measure'] })
  const main = process.argv.some(arg => arg.endsWith('vitest.mjs'))
  const write = () => writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ main, maxRssMb: process.resourceUsage().maxRSS / 1024, measures }))
  process.on('exit', write)
  // Vitest ends its fork workers with SIGTERM, which skips 'exit' (as it does for --cpu-prof).
  if (!main) process.on('SIGTERM', () => process.exit())
}
