import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, normalize } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { root, runCli } from '../helpers/run-vitest.js'
import { generateLog, START, toJsonl } from '../deploy/generate-log.js'

const CONFIG = readFileSync(join(root, 'test/fixtures/docs/canary.yaml'), 'utf8')
const healthy = { errorRate: () => 0.01, latencyMs: () => 800, quality: () => 4.3, negativeRate: () => 0.05 }
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString()

async function canaryProject(state?: string) {
  const dir = await mkdtemp(join(tmpdir(), 'vitest-llm-cli-hardening-'))
  await writeFile(join(dir, 'canary.yaml'), CONFIG)
  await writeFile(join(dir, 'requests.jsonl'), toJsonl(generateLog(40, 100, 0.3, healthy, healthy)))
  if (state !== undefined) await writeFile(join(dir, 'canary-state.json'), state)
  return dir
}

describe('the built CLI', () => {
  it('--version prints the package version; a command\'s --help its usage', async () => {
    const version = await runCli(['--version'], root)
    expect(version.code).toBe(0)
    expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}\n`)
    const help = await runCli(['canary', 'analyze', '--help'], root)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: vitest-llm canary analyze --config canary.yaml/)
  })

  it('an unknown option is named, with exit 3 for a deployment command (never 2, "hold")', async () => {
    const run = await runCli(['shadow', '--log', 'x.jsonl', '--baseline', 'v1', '--candiate', 'v2'], root)
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('vitest-llm shadow: unknown option `--candiate` (did you mean `--candidate`?)')
  })

  it('a corrupt canary state exits 3 naming the file; a rolled-back rollout keeps exiting 1', async () => {
    const corrupt = await canaryProject('<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> theirs\n')
    const bad = await runCli(['canary', 'step', '--config', 'canary.yaml', '--now', at(35)], corrupt)
    expect(bad.code).toBe(3)
    expect(bad.stderr).toContain(`${join(corrupt, 'canary-state.json')}: the canary state is not valid JSON (it holds merge-conflict markers)`)
    const rolledBack = await canaryProject(JSON.stringify({ version: 1, baseline: 'v1', canary: 'v2', status: 'rolled-back', stepIndex: 0, percent: 0, stepStartedAt: at(0), lastGoodVersion: 'v1', history: [] }))
    const step = await runCli(['canary', 'step', '--config', 'canary.yaml', '--now', at(35)], rolledBack)
    expect(step.code).toBe(1)
    expect(step.stdout).toContain('percent=0')
  })

  it('shadow with a candidate the log does not have exits 3, naming the versions it has', async () => {
    const dir = await canaryProject()
    const run = await runCli(['shadow', '--log', 'requests.jsonl', '--baseline', 'v1', '--candidate', 'v3'], dir)
    expect(run.code).toBe(3)
    expect(run.stderr).toBe('vitest-llm: requests.jsonl: no request of candidate version "v3"; the log has v1 (2819 requests), v2 (1181 requests)\n')
  })
})

describe('the package as packed', () => {
  it('every source map points at a file that is in the package', async () => {
    // --ignore-scripts: the prepack build would clean dist/ under the other e2e tests.
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
    const [pack] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>
    const files = new Set(pack!.files.map(f => normalize(f.path)))
    const maps = [...files].filter(f => f.endsWith('.js.map') || f.endsWith('.d.ts.map'))
    expect(maps.length).toBeGreaterThan(50)
    const missing: string[] = []
    for (const map of maps) {
      const { sources } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] }
      for (const source of sources) {
        const packed = normalize(join(dirname(map), source))
        if (!files.has(packed) || !existsSync(join(root, packed))) missing.push(`${map} → ${source}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('npm pack builds first', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(manifest.scripts.prepack).toBe('npm run build')
  })
})
