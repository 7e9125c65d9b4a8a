// Issue 13, item 4: a dead endpoint (nothing listening, or a refused key) fails the rest of the
// run's calls to it at once, with one clear error, instead of retrying every case.
import { createServer } from 'node:net'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LlmClient, type LlmClientConfig, LlmRequestError } from 'vitest-llm'
import { type FakeLlm, startFakeLlm } from 'vitest-llm/fake'
import { EndpointHealth, MAX_CONNECTION_FAILURES } from '../../src/client/endpoint-health.js'

let fake: FakeLlm | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function client(baseURL: string, config: Partial<LlmClientConfig> = {}) {
  return new LlmClient({
    provider: { model: 'gpt-4o-mini', baseURL, apiKey: 'sk-fail-fast-secret' },
    cache: { mode: 'off', dir: await mkdtemp(join(tmpdir(), 'vitest-llm-ff-')) },
    concurrency: 4,
    rateLimit: {},
    retries: 4,
    timeoutMs: 5_000,
    pricing: {},
    ...config,
  })
}

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] })

describe('fail fast on a dead endpoint', () => {
  it(`stops retrying after ${MAX_CONNECTION_FAILURES} connection failures; later calls fail at once, naming what to check`, async () => {
    const url = `http://127.0.0.1:${await deadPort()}/v1`
    const llm = await client(url)
    const first = await llm.chat(ask('a')).catch((e: unknown) => e) as LlmRequestError
    expect(first).toBeInstanceOf(LlmRequestError)
    expect(first.attempts).toBe(MAX_CONNECTION_FAILURES) // not retries + 1 = 5
    const started = performance.now()
    const rest = await Promise.all(Array.from({ length: 20 }, (_, i) => llm.chat(ask(`q${i}`)).then(() => undefined, (e: unknown) => e as LlmRequestError)))
    expect(performance.now() - started).toBeLessThan(200)
    for (const error of rest as LlmRequestError[]) {
      expect(error).toBeInstanceOf(LlmRequestError)
      expect(error.code).toBe('E_LLM')
      expect(error.down).toBe(true)
      expect(error.message).toContain(`LLM request to POST ${url}/chat/completions (model \`gpt-4o-mini\`) not sent: the endpoint is down for the rest of this run: 3 consecutive connection failures`)
      expect(error.message).toContain('Check OPENAI_BASE_URL / `provider.baseURL`')
    }
    // Another client of the same endpoint (e.g. the judge's) knows too.
    const judge = await client(url)
    expect((await judge.chat(ask('j')).catch((e: unknown) => e) as LlmRequestError).down).toBe(true)
  })

  it('after a 401, the rest of the calls with that key fail without a request; the key is never shown', async () => {
    fake = await startFakeLlm({ apiKey: 'sk-right', reply: 'ok' })
    const llm = await client(fake.url)
    const first = await llm.chat(ask('a')).catch((e: unknown) => e) as LlmRequestError
    expect(first.status).toBe(401)
    const second = await llm.chat(ask('b')).catch((e: unknown) => e) as LlmRequestError
    expect(second.down).toBe(true)
    expect(second.message).toContain('it refused the credentials (HTTP 401')
    expect(second.message).toContain('Check OPENAI_API_KEY / `provider.apiKey`')
    expect(second.message).not.toContain('sk-fail-fast-secret')
    expect(fake.requests).toHaveLength(1)
    // The right key on the same URL is another credential: it still works.
    const good = await client(fake.url, { provider: { model: 'gpt-4o-mini', baseURL: fake.url, apiKey: 'sk-right' } })
    expect((await good.chat(ask('c'))).response.choices[0]!.message.content).toBe('ok')
  })

  it('an answer in between resets the count of connection failures', () => {
    const health = new EndpointHealth()
    for (let i = 0; i < 10; i++) {
      health.record('connection', 'ECONNRESET')
      health.record('ok', '')
    }
    expect(health.down()).toBeUndefined()
    for (let i = 0; i < MAX_CONNECTION_FAILURES; i++) health.record('connection', 'ECONNREFUSED')
    expect(health.down()).toContain('consecutive connection failures (last: ECONNREFUSED)')
  })
})
