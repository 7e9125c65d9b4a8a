import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeCanary, type CanaryConfig, loadCanaryConfig, prometheusBuckets } from 'vitest-llm/deploy'
import { bucketize } from '../../src/deploy/buckets.js'
import { parseRecords } from '../../src/deploy/request-log.js'
import { root, runCli } from '../helpers/run-vitest.js'
import { generateLog, START, toJsonl } from './generate-log.js'

const MINUTE = 60_000
// The canary.yaml shown in the README.
const CONFIG = readFileSync(join(root, 'test/fixtures/docs/canary.yaml'), 'utf8')

async function project(log: object[], config = CONFIG) {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-canary-'))
  await writeFile(join(dir, 'canary.yaml'), config)
  await writeFile(join(dir, 'requests.jsonl'), toJsonl(log))
  return dir
}

const healthy = { errorRate: () => 0.01, latencyMs: () => 800, quality: () => 4.3, negativeRate: () => 0.05 }

async function analyse(log: ReturnType<typeof generateLog>, from: number, to: number, config = CONFIG) {
  const dir = await project([], config)
  const parsed = await loadCanaryConfig(join(dir, 'canary.yaml'))
  const records = parseRecords(log.map((r, i) => ({ text: JSON.stringify(r), line: i + 1 })), 'requests.jsonl')
  return analyzeCanary(bucketize(records, parsed, from, to, parsed.bucketMs), parsed, from, to)
}

describe('canary analysis on generated logs', () => {
  it('a healthy canary promotes through every step (canary step, exit 0 each time)', async () => {
    const dir = await project(generateLog(160, 100, 0.3, healthy, healthy))
    const percents: string[] = []
    for (let k = 0; k < 5; k++) {
      const now = new Date(START + (k + 1) * 30 * MINUTE + 1000).toISOString()
      const run = await runCli(['canary', 'step', '--config', 'canary.yaml', '--now', now], dir)
      expect(run.stdout.split('\n')[0]).toMatch(/^promote: every rule healthy after the bake time/)
      expect(run.code).toBe(0)
      percents.push(/percent=(\d+)/.exec(run.stdout)![1]!)
    }
    expect(percents).toEqual(['15', '25', '50', '100', '100'])
    const state = JSON.parse(await readFile(join(dir, 'canary-state.json'), 'utf8'))
    expect(state).toMatchObject({ status: 'promoted', percent: 100, lastGoodVersion: 'v2' })
    expect(state.history.map((h: { decision: string }) => h.decision)).toEqual(['promote', 'promote', 'promote', 'promote', 'promote'])
  })

  it('holds while baking, with the time baked so far', async () => {
    const dir = await project(generateLog(40, 100, 0.3, healthy, healthy))
    const run = await runCli(['canary', 'analyze', '--config', 'canary.yaml', '--now', new Date(START + 12 * MINUTE).toISOString()], dir)
    expect(run.code).toBe(2)
    expect(run.stdout).toMatch(/^hold: baking: 1[12] of 30 minutes at this step/)
  })

  // The rule decides on the step's cumulative counts (anytime-valid); `for: 5` asks the evidence
  // to stand at 5 consecutive buckets. A 4-minute spike at 40% lifts the step's rate to 5.6% and
  // is now caught too (the per-bucket rule let it pass); a 3-minute one (3.8%) is not.
  it('rolls back on an error spike whose cumulative evidence stands for 5 consecutive buckets, not on a short one', async () => {
    const spike = (length: number) => generateLog(35, 100, 0.3, { ...healthy, errorRate: m => (m >= 10 && m < 10 + length ? 0.4 : 0.01) }, healthy)
    const five = await analyse(spike(5), START, START + 35 * MINUTE)
    expect(five.decision).toBe('rollback')
    expect(five.rules.find(r => r.rule === 'errorRate')).toMatchObject({ status: 'breach' })
    expect(five.rules.find(r => r.rule === 'errorRate')!.streak).toBeGreaterThanOrEqual(5)
    expect(five.reason).toMatch(/^errorRate: error rate [\d.]+%; \d+ consecutive breaching bucket\(s\) of 5 allowed before rollback/)
    const three = await analyse(spike(3), START, START + 35 * MINUTE)
    expect(three.rules.find(r => r.rule === 'errorRate')).toMatchObject({ status: 'ok', streak: 0 })
    expect(three.decision).toBe('promote')

    const dir = await project(spike(5))
    const run = await runCli(['canary', 'analyze', '--config', 'canary.yaml', '--now', new Date(START + 35 * MINUTE).toISOString(), '--markdown'], dir)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('## Canary v2 vs v1: **rollback**')
    expect(run.stdout).toContain('| errorRate | ❌ breach |')
  })

  it('rolls back when p99 latency stays over the SLA for 10 buckets, and compares latencies with Mann–Whitney', async () => {
    const slow = generateLog(35, 100, 0.3, { ...healthy, latencyMs: m => (m >= 5 && m < 20 ? 8000 : 800) }, healthy)
    const analysis = await analyse(slow, START, START + 35 * MINUTE)
    expect(analysis.decision).toBe('rollback')
    expect(analysis.rules.find(r => r.rule === 'p99LatencyMs')!.streak).toBeGreaterThanOrEqual(10)
    expect(analysis.latency.canarySlower).toBe(true)
    expect(analysis.latency.mannWhitneyP).toBeLessThan(0.001)
  })

  it('rolls back when the quality mean is confidently below 3.5, holds with too few samples', async () => {
    const poor = generateLog(35, 100, 0.3, { ...healthy, quality: () => 2.6 }, healthy)
    const confident = await analyse(poor, START, START + 35 * MINUTE)
    expect(confident.decision).toBe('rollback')
    const quality = confident.rules.find(r => r.rule === 'quality')!
    expect(quality.status).toBe('breach')
    expect(quality.interval![1]).toBeLessThan(3.5)

    const borderline = generateLog(35, 100, 0.3, { ...healthy, quality: () => 3.4 }, healthy)
    const early = await analyse(borderline, START, START + 1 * MINUTE, CONFIG.replace('bake: 30m', 'bake: 1m'))
    expect(early.rules.find(r => r.rule === 'quality')!.status).toBe('no-data')
    expect(early.decision).toBe('hold')
    expect(early.reason).toMatch(/^not enough evidence — /)
  })

  it('rolls back when negative feedback is at least twice the baseline\'s', async () => {
    // The rule's bounds are anytime-valid (it looks after every bucket), so it needs more feedback
    // than a one-look interval would: 300 requests a minute, a fifth of them with feedback.
    const angry = generateLog(35, 300, 0.3, { ...healthy, negativeRate: () => 0.35 }, healthy)
    const analysis = await analyse(angry, START, START + 35 * MINUTE)
    const feedback = analysis.rules.find(r => r.rule === 'feedback')!
    expect(feedback.status).toBe('breach')
    expect(feedback.value!).toBeGreaterThan(2)
    expect(analysis.decision).toBe('rollback')
  })

  it('counts a bucket with fewer than minSamples canary requests as no-data, never a pass', async () => {
    const sparse = generateLog(35, 20, 0.3, healthy, healthy) // ~6 canary requests a minute
    const analysis = await analyse(sparse, START, START + 35 * MINUTE)
    expect(analysis.window.noData).toBe(35)
    expect(analysis.rules.find(r => r.rule === 'errorRate')!.status).toBe('no-data')
    expect(analysis.decision).toBe('hold')
  })

  it('rollback through canary step sends traffic back to the last good version', async () => {
    const dir = await project(generateLog(35, 100, 0.3, { ...healthy, errorRate: m => (m >= 5 ? 0.5 : 0.01) }, healthy))
    const run = await runCli(['canary', 'step', '--config', 'canary.yaml', '--now', new Date(START + 35 * MINUTE).toISOString()], dir)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('rollback: send all traffic to v1')
    expect(run.stdout).toContain('percent=0')
  })
})

describe('bad config or data exits 3 naming the place', () => {
  it('names file, line and field of a bad config and of a bad log line', async () => {
    const dir = await project(generateLog(2, 10, 0.3, healthy), CONFIG.replace('bake: 30m', 'bake: soon').replace('minSamples: 20', 'minSample: 20'))
    const run = await runCli(['canary', 'analyze', '--config', 'canary.yaml'], dir)
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('canary.yaml:5:7: bake: expected a duration such as 30m, 1h or 90s')
    expect(run.stderr).toContain('canary.yaml:7:1: minSample: unknown field')

    const logDir = await project([])
    await writeFile(join(logDir, 'requests.jsonl'), '{"ts": "2026-11-28T10:00:00Z", "version": "v2", "latencyMs": 5}\n{"ts": "yesterday", "version": "v2", "latencyMs": -1}\nnot json\n')
    const bad = await runCli(['shadow', '--log', 'requests.jsonl', '--baseline', 'v1', '--candidate', 'v2'], logDir)
    expect(bad.code).toBe(3)
    expect(bad.stderr).toContain('requests.jsonl:2: ts: Invalid ISO datetime')
    expect(bad.stderr).toContain('requests.jsonl:2: latencyMs: Too small: expected number to be >=0')
    expect(bad.stderr).toContain('requests.jsonl:3: invalid JSON')
  })
})

describe('Prometheus source', () => {
  it('reads matrix, vector and scalar results from a loopback server; NaN and empty series are no-data', async () => {
    const t0 = START / 1000
    const responses: Record<string, object> = {
      'errors{version="v2"}': { status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[t0, '0.01'], [t0 + 60, 'NaN'], [t0 + 120, '0.02']] }] } },
      'errors{version="v1"}': { status: 'success', data: { resultType: 'matrix', result: [] } },
      'p99{version="v2"}': { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [t0 + 60, '1500'] }] } },
      'p99{version="v1"}': { status: 'success', data: { resultType: 'scalar', result: [t0, '300'] } },
    }
    const requests: string[] = []
    const server = createServer((req, res) => {
      const query = new URL(req.url!, 'http://x').searchParams.get('query')!
      requests.push(query)
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(responses[query] ?? { status: 'error', error: 'unknown query' }))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      const config = {
        baseline: 'v1', canary: 'v2', steps: [50, 100], bake: '2m', bakeMs: 120_000, bucket: '1m', bucketMs: 60_000, minSamples: 20, confidence: 0.95,
        source: { prometheus: { url, queries: { errorRate: 'errors{version="{{version}}"}', p99LatencyMs: 'p99{version="{{version}}"}' } } },
        rules: { errorRate: { max: 0.05, for: 2 }, p99LatencyMs: { max: 1000, for: 1 } },
      } as CanaryConfig
      const buckets = await prometheusBuckets(config, START, START + 3 * MINUTE)
      expect(buckets.map(b => b.canary.errorRate)).toEqual([0.01, undefined, 0.02])
      expect(buckets.map(b => b.canary.p99LatencyMs)).toEqual([undefined, 1500, undefined])
      expect(buckets[0]!.baseline.p99LatencyMs).toBe(300)
      expect(requests).toHaveLength(4)
      const analysis = analyzeCanary(buckets, config, START, START + 3 * MINUTE)
      expect(analysis.rules.map(r => [r.rule, r.status])).toEqual([['errorRate', 'ok'], ['p99LatencyMs', 'breach']])
      expect(analysis.decision).toBe('rollback')

      const broken = { ...config, source: { prometheus: { url, queries: { errorRate: 'no_such_metric' } } } } as CanaryConfig
      await expect(prometheusBuckets(broken, START, START + MINUTE)).rejects.toThrow('Prometheus query failed: unknown query (no_such_metric)')
    }
    finally {
      server.close()
    }
  })
})
