import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { shadow } from 'vitest-llm/deploy'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { DeployDataError } from '../../src/deploy/deploy-error.js'
import { parseRecords, readRequestLog } from '../../src/deploy/request-log.js'

const line = (version: string, i: number, extra: object = {}) => JSON.stringify({ ts: '2026-11-28T10:00:00Z', version, latencyMs: 100, inputId: `q${i}`, output: `answer ${i}`, ...extra })
const LOG = [...Array.from({ length: 3 }, (_, i) => line('v1', i)), ...Array.from({ length: 2 }, (_, i) => line('v2', i))].join('\n')

async function project(log: string) {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-shadow-versions-'))
  await writeFile(join(dir, 'requests.jsonl'), log)
  const out: string[] = []
  const io: CliIo = { cwd: dir, stdout: l => out.push(l), stderr: l => out.push(l), resolve: p => resolve(dir, p) }
  return { dir, out, cli: (...args: string[]) => main(args, io) }
}

describe('shadow: versions the log does not have', () => {
  it('a candidate absent from the log is bad data naming the versions it has, not a hold', async () => {
    const p = await project(LOG)
    await expect(p.cli('shadow', '--log', 'requests.jsonl', '--baseline', 'v1', '--candidate', 'v3'))
      .rejects.toThrow(new DeployDataError('requests.jsonl: no request of candidate version "v3"; the log has v1 (3 requests), v2 (2 requests)'))
    await expect(p.cli('shadow', '--log', 'requests.jsonl', '--baseline', 'v0', '--candidate', 'v3'))
      .rejects.toThrow(new DeployDataError('requests.jsonl: no request of baseline version "v0" and candidate version "v3"; the log has v1 (3 requests), v2 (2 requests)'))
    expect(await p.cli('shadow', '--log', 'requests.jsonl', '--baseline', 'v1', '--candidate', 'v2')).toBe(2)
  })

  it('a version whose records cannot be paired (no inputId or output) is bad data too', async () => {
    const records = parseRecords([{ text: line('v1', 0), line: 1 }, { text: JSON.stringify({ ts: '2026-11-28T10:00:00Z', version: 'v2', latencyMs: 1 }), line: 2 }], 'log.jsonl')
    await expect(shadow(records, { baseline: 'v1', candidate: 'v2' })).rejects.toThrow(new DeployDataError('the request log: candidate version "v2" has 1 request but none with both inputId and output, so nothing can be paired; log inputId and output for shadow traffic'))
    await expect(shadow([], { baseline: 'v1', candidate: 'v2' })).rejects.toThrow(new DeployDataError('the request log: no request of baseline version "v1" and candidate version "v2"; the log has no requests at all'))
  })
})

describe('request log', () => {
  it('accepts a UTF-8 BOM and names unknown fields with the nearest one', async () => {
    const p = await project(`\uFEFF${LOG}`)
    expect(await readRequestLog(join(p.dir, 'requests.jsonl'))).toHaveLength(5)
    const bad = await project(`\uFEFF${line('v1', 0, { latency: 3 })}\n`)
    await expect(readRequestLog(join(bad.dir, 'requests.jsonl'))).rejects.toThrow(new DeployDataError(`1 bad record in ${join(bad.dir, 'requests.jsonl')}:\n${join(bad.dir, 'requests.jsonl')}:1: latency: unknown field (did you mean \`latencyMs\`?); expected ts, version, latencyMs, error, quality, feedback, inputId, output`))
  })
})
