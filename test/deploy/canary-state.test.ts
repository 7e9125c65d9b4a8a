import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { DeployDataError } from '../../src/deploy/deploy-error.js'
import { root } from '../helpers/run-vitest.js'
import { generateLog, START, toJsonl } from './generate-log.js'

const MINUTE = 60_000
const CONFIG = readFileSync(join(root, 'test/fixtures/docs/canary.yaml'), 'utf8')
const healthy = { errorRate: () => 0.01, latencyMs: () => 800, quality: () => 4.3, negativeRate: () => 0.05 }

/** A canary project folder and an in-process `vitest-llm` that runs in it. */
async function project(state?: string, log = generateLog(40, 100, 0.3, healthy, healthy)) {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-canary-state-'))
  await writeFile(join(dir, 'canary.yaml'), CONFIG)
  await writeFile(join(dir, 'requests.jsonl'), toJsonl(log))
  if (state !== undefined) await writeFile(join(dir, 'canary-state.json'), state)
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = { cwd: dir, stdout: l => out.push(l), stderr: l => err.push(l), resolve: p => resolve(dir, p) }
  const at = (minutes: number) => new Date(START + minutes * MINUTE).toISOString()
  const cli = (...args: string[]) => main(args, io)
  return { dir, out, err, at, cli, stateFile: join(dir, 'canary-state.json') }
}

const running = (over: object = {}) => JSON.stringify({
  version: 1, baseline: 'v1', canary: 'v2', status: 'running', stepIndex: 0, percent: 5,
  stepStartedAt: '2026-11-28T10:00:00.000Z', lastGoodVersion: 'v1', history: [], ...over,
})
const KEEP_OR_DELETE = 'fix it, or delete it to restart the rollout from the first step'

describe('canary state is validated, never silently reset', () => {
  it('a merge-conflicted state file is bad data naming the file, not a fresh start', async () => {
    const p = await project(`<<<<<<< HEAD\n${running({ status: 'rolled-back', percent: 0 })}\n=======\n${running()}\n>>>>>>> other\n`)
    const error = await p.cli('canary', 'step', '--config', 'canary.yaml', '--now', p.at(35)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DeployDataError)
    expect((error as DeployDataError).code).toBe('E_DEPLOY_DATA')
    expect((error as Error).message).toMatch(new RegExp(`^${p.stateFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the canary state is not valid JSON \\(it holds merge-conflict markers\\): .*; ${KEEP_OR_DELETE}$`))
    expect(p.out).toEqual([])
  })

  it('a state that does not match the schema names each bad field', async () => {
    const p = await project(running({ status: 'paused', percent: 250, stepStartedAt: 'yesterday', histroy: [] }))
    await expect(p.cli('canary', 'analyze', '--config', 'canary.yaml', '--now', p.at(35))).rejects.toThrow(new DeployDataError([
      `${p.stateFile}: invalid canary state (${KEEP_OR_DELETE}):`,
      '  status: expected one of "running"|"promoted"|"rolled-back"',
      '  percent: Too big: expected number to be <=100',
      '  stepStartedAt: Invalid ISO datetime',
      '  histroy: unknown field (did you mean `history`?)',
    ].join('\n')))
  })

  it('a state of another rollout (other versions, or past the last step) is bad data', async () => {
    const other = await project(running({ canary: 'v9' }))
    await expect(other.cli('canary', 'step', '--config', 'canary.yaml', '--now', other.at(35))).rejects.toThrow(new DeployDataError(`${other.stateFile}: the canary state is for canary "v9" over baseline "v1", but the config has canary "v2" over baseline "v1"; use another --state file for a new rollout`))
    const past = await project(running({ stepIndex: 5 }))
    await expect(past.cli('canary', 'step', '--config', 'canary.yaml', '--now', past.at(35))).rejects.toThrow(new DeployDataError(`${past.stateFile}: stepIndex: 5 is past the last of the config's 5 steps`))
  })

  it('an empty state file is bad data too; a missing one starts the rollout', async () => {
    const empty = await project('')
    await expect(empty.cli('canary', 'step', '--config', 'canary.yaml', '--now', empty.at(35))).rejects.toThrow(`${empty.stateFile}: the canary state is not valid JSON: Unexpected end of JSON input; ${KEEP_OR_DELETE}`)
    const fresh = await project()
    expect(await fresh.cli('canary', 'step', '--config', 'canary.yaml', '--now', fresh.at(35))).toBe(0)
    expect(JSON.parse(await readFile(fresh.stateFile, 'utf8'))).toMatchObject({ status: 'running', stepIndex: 1, percent: 15 })
  })

  it('accepts a BOM before the state', async () => {
    const p = await project(`\uFEFF${running()}`)
    expect(await p.cli('canary', 'step', '--config', 'canary.yaml', '--now', p.at(35))).toBe(0)
  })
})

describe('after a rollback', () => {
  it('canary step exits 1 whatever the analysis says, and leaves the state alone', async () => {
    const state = running({ status: 'rolled-back', percent: 0, history: [{ at: '2026-11-28T10:20:00.000Z', decision: 'rollback', percent: 5, reason: 'errorRate: too many errors' }] })
    const p = await project(state)
    // The data is healthy now: analyze says promote, but the rolled-back rollout stays rolled back.
    expect(await p.cli('canary', 'analyze', '--config', 'canary.yaml', '--now', p.at(35))).toBe(0)
    p.out.length = 0
    expect(await p.cli('canary', 'step', '--config', 'canary.yaml', '--now', p.at(35))).toBe(1)
    expect(p.out).toEqual(['rollback: canary v2 was rolled back (2026-11-28T10:20:00.000Z); traffic stays on v1. Start a new rollout with a new state file.\npercent=0'])
    expect(await readFile(p.stateFile, 'utf8')).toBe(state)
  })
})
