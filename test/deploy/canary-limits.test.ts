import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadCanaryConfig } from 'vitest-llm/deploy'
import { bucketize, bucketStarts, MAX_WINDOW_BUCKETS } from '../../src/deploy/buckets.js'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { DeployDataError } from '../../src/deploy/deploy-error.js'
import { root } from '../helpers/run-vitest.js'
import { generateLog, START, toJsonl } from './generate-log.js'

const CONFIG = readFileSync(join(root, 'test/fixtures/docs/canary.yaml'), 'utf8')
const healthy = { errorRate: () => 0.01, latencyMs: () => 800, quality: () => 4.3, negativeRate: () => 0.05 }

async function project(config: string, log: object[] = generateLog(40, 100, 0.3, healthy, healthy)) {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-canary-limits-'))
  await writeFile(join(dir, 'canary.yaml'), config)
  await writeFile(join(dir, 'requests.jsonl'), toJsonl(log))
  const out: string[] = []
  const io: CliIo = { cwd: dir, stdout: l => out.push(l), stderr: l => out.push(l), resolve: p => resolve(dir, p) }
  return { dir, file: join(dir, 'canary.yaml'), out, cli: (...args: string[]) => main(args, io) }
}

describe('canary config: bucket limits', () => {
  it('bucket: 0s is a located config error, not a hang', async () => {
    const p = await project(CONFIG.replace('bucket: 1m', 'bucket: 0s'))
    await expect(loadCanaryConfig(p.file)).rejects.toThrow(new DeployDataError(`${p.file}:6:9: bucket: expected a bucket of at least 1s (such as 30s or 1m)`))
    await expect(p.cli('canary', 'analyze', '--config', 'canary.yaml', '--now', '2026-11-28T10:35:00Z')).rejects.toThrow(DeployDataError)
  })

  it('too many buckets per bake is a located config error with a workable bucket', async () => {
    const tiny = await project(CONFIG.replace('bucket: 1m', 'bucket: 1ms'))
    await expect(loadCanaryConfig(tiny.file)).rejects.toThrow(new DeployDataError(`${tiny.file}:6:9: bucket: expected a bucket of at least 1s (such as 30s or 1m)`))
    const long = await project(CONFIG.replace('bake: 30m', 'bake: 7d').replace('bucket: 1m', 'bucket: 30s'))
    await expect(loadCanaryConfig(long.file)).rejects.toThrow(new DeployDataError(`${long.file}:6:9: bucket: a bake of 7d in buckets of 30s is 20160 buckets; expected at most 10000 per window (use a larger bucket, e.g. 5m)`))
    const fine = await project(CONFIG.replace('bake: 30m', 'bake: 2h').replace('bucket: 1m', 'bucket: 1s'))
    expect((await loadCanaryConfig(fine.file)).bucketMs).toBe(1000)
  })

  it('an unknown config field suggests the nearest one', async () => {
    const p = await project(CONFIG.replace('minSamples: 20', 'minSample: 20').replace('errorRate:    { max: 0.05, for: 5 }', 'errorRate:    { max: 0.05, fro: 5 }'))
    await expect(loadCanaryConfig(p.file)).rejects.toThrow(new DeployDataError([
      `${p.file}:7:1: minSample: unknown field (did you mean \`minSamples\`?); expected baseline, canary, source, steps, bake, bucket, minSamples, rules, confidence`,
      `${p.file}:9:30: fro: unknown field (did you mean \`for\`?); expected max, for`,
    ].join('\n')))
  })

  it('bucketize refuses a size under 1s or a window of more than MAX_WINDOW_BUCKETS buckets', () => {
    expect(() => bucketize([], { baseline: 'v1', canary: 'v2' }, START, START + 60_000, 0)).toThrow(new DeployDataError('bucket: expected at least 1000 ms, received 0 ms'))
    expect(() => bucketStarts(START, START + (MAX_WINDOW_BUCKETS + 1) * 1000, 1000)).toThrow(new DeployDataError('the window from 2026-11-28T10:00:00.000Z to 2026-11-29T13:46:41.000Z spans 100001 buckets of 1000 ms, more than 100000; check --now and the step\'s start in the state file, or use a larger bucket'))
    expect(bucketStarts(START, START + 2500, 1000)).toEqual([START, START + 1000, START + 2000])
  })
})

describe('canary: unknown versions and times', () => {
  it('a canary version absent from the log is bad data naming the versions it has', async () => {
    const p = await project(CONFIG.replace('canary: v2', 'canary: v3'))
    await expect(p.cli('canary', 'analyze', '--config', 'canary.yaml', '--now', '2026-11-28T10:35:00Z'))
      .rejects.toThrow(new DeployDataError(`${join(p.dir, 'requests.jsonl')}: no request of canary version "v3"; the log has v1 (2819 requests), v2 (1181 requests)`))
  })

  it('--now before the step started is bad data, not a hold', async () => {
    const p = await project(CONFIG)
    await expect(p.cli('canary', 'analyze', '--config', 'canary.yaml', '--now', '2026-11-28T09:00:00Z'))
      .rejects.toThrow(new DeployDataError(`--now 2026-11-28T09:00:00.000Z is before the current step started (2026-11-28T10:00:00.600Z, the first request of canary "v2" in ${join(p.dir, 'requests.jsonl')}); expected a time at or after it`))
  })
})
