// Issue 13, item 4: a dead endpoint or a refused key fails the run fast — one endpoint found
// dead by any worker fails the rest of the run's calls to it at once — and every such case is
// an error in the report.
import { mkdtemp, readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { startFakeLlm } from 'vitest-llm/fake'
import { runVitest } from '../helpers/run-vitest.js'

async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

describe('fail fast on a dead endpoint', () => {
  it('10 cases against a dead URL end in seconds, not minutes, each an E_LLM error', async () => {
    const report = join(await mkdtemp(join(tmpdir(), 'vitest-llm-ff-')), 'report.json')
    const url = `http://127.0.0.1:${await deadPort()}/v1`
    const started = Date.now()
    const run = await runVitest('fail-fast', ['--maxWorkers=2'], { OPENAI_BASE_URL: url, OPENAI_API_KEY: 'k', FIXTURE_REPORT: report })
    // Before: 5 attempts with backoff per case, about 7.5 s each, 5 cases per file in a row.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/Tests\s+10 failed/)
    expect(run.output).toContain(`LLM request to POST ${url}/chat/completions (model \`gpt-4o-mini\`) not sent: the endpoint is down for the rest of this run: 3 consecutive connection failures`)
    expect(run.output).toContain('Check OPENAI_BASE_URL / `provider.baseURL`')
    const json = JSON.parse(await readFile(report, 'utf8'))
    expect(json.metrics.errors).toBe(10)
  }, 60_000)

  it('after a 401 no other case sends a request', async () => {
    const fake = await startFakeLlm({ apiKey: 'sk-right', reply: 'Paris' })
    onTestFinished(() => fake.close())
    const report = join(await mkdtemp(join(tmpdir(), 'vitest-llm-ff-')), 'report.json')
    const run = await runVitest('fail-fast', ['--maxWorkers=2'], { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-wrong-key-1234', FIXTURE_REPORT: report })
    expect(run.output).toMatch(/Tests\s+10 failed/)
    expect(run.output).toContain('it refused the credentials (HTTP 401')
    expect(run.output).not.toContain('sk-wrong-key-1234')
    // At most one per worker: the first 401 reaches the service before the next slot is given.
    expect(fake.requests.length).toBeLessThanOrEqual(2)
    expect(JSON.parse(await readFile(report, 'utf8')).metrics.errors).toBe(10)
  }, 60_000)
})
