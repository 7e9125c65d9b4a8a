import OpenAI from 'openai'
import { afterEach, describe, expect, it } from 'vitest'
import { type FakeLlm, type FakeScript, startFakeLlm } from 'vitest-llm/fake'

let fake: FakeLlm | undefined
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

async function setup(script: FakeScript, options: ConstructorParameters<typeof OpenAI>[0] = {}) {
  fake = await startFakeLlm(script)
  return { fake, openai: new OpenAI({ baseURL: fake.url, apiKey: 'sk-test-key', maxRetries: 0, ...options }) }
}

describe('startFakeLlm with the real openai SDK', () => {
  it('answers chat completions by rule, with usage counted by tiktoken', async () => {
    const { openai, fake } = await setup([{ match: 'capital of France', reply: 'Paris.' }, { match: /weather/i, reply: 'Sunny.' }])
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the capital of France?' }],
    })
    expect(completion.object).toBe('chat.completion')
    expect(completion.choices[0]!.message).toMatchObject({ role: 'assistant', content: 'Paris.' })
    expect(completion.choices[0]!.finish_reason).toBe('stop')
    // o200k_base: "Paris." is 2 tokens; the prompt is 3 + (3 + 1 + 3) + (3 + 1 + 7) = 21 by the cookbook formula.
    expect(completion.usage).toMatchObject({ completion_tokens: 2, prompt_tokens: 21, total_tokens: 23 })
    expect(fake.requests).toHaveLength(1)
    expect(fake.requests[0]!.body.model).toBe('gpt-4o-mini')

    const second = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'How is the WEATHER?' }] })
    expect(second.choices[0]!.message.content).toBe('Sunny.')
  })

  it('serves response_format json_schema replies that parse', async () => {
    const { openai } = await setup(request => ({ json: { city: 'Paris', asked: request.lastUserMessage } }))
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Where?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'place', strict: true, schema: { type: 'object', properties: { city: { type: 'string' } } } } },
    })
    expect(JSON.parse(completion.choices[0]!.message.content!)).toEqual({ city: 'Paris', asked: 'Where?' })
  })

  it('makes tool calls the SDK understands', async () => {
    const { openai } = await setup({ reply: { toolCalls: [{ name: 'get_order', arguments: { id: 'A-1' } }] } })
    const completion = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Where is order A-1?' }],
      tools: [{ type: 'function', function: { name: 'get_order', parameters: { type: 'object', properties: { id: { type: 'string' } } } } }],
    })
    const choice = completion.choices[0]!
    expect(choice.finish_reason).toBe('tool_calls')
    expect(choice.message.content).toBeNull()
    const call = choice.message.tool_calls![0]!
    expect(call.type).toBe('function')
    expect(call.id).toMatch(/^call_/)
    if (call.type === 'function') expect(JSON.parse(call.function.arguments)).toEqual({ id: 'A-1' })
  })

  it('answers n choices, asking the script once per choice', async () => {
    const { openai } = await setup(request => `answer ${request.choiceIndex}`)
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', n: 3, messages: [{ role: 'user', content: 'Hi' }] })
    expect(completion.choices.map(c => c.message.content)).toEqual(['answer 0', 'answer 1', 'answer 2'])
  })

  it('streams server-sent events, with usage when asked', async () => {
    const { openai } = await setup({ reply: 'Hello there.' })
    const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Hi' }] })
    let text = ''
    let usage: unknown
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? ''
      if (chunk.usage) usage = chunk.usage
    }
    expect(text).toBe('Hello there.')
    expect(usage).toMatchObject({ completion_tokens: 3 })
  })

  it('serves embeddings, in base64 (the SDK default) and as floats; similar texts are close', async () => {
    const { openai } = await setup({})
    const base64 = await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['refund my order', 'refund my order please', 'the sky is blue'] })
    const floats = await openai.embeddings.create({ model: 'text-embedding-3-small', input: 'refund my order', encoding_format: 'float' })
    const [a, b, c] = base64.data.map(d => d.embedding)
    const cosine = (x: number[], y: number[]) => x.reduce((sum, v, i) => sum + v * y[i]!, 0)
    expect(a).toHaveLength(64)
    expect(cosine(a!, b!)).toBeGreaterThan(0.8)
    expect(cosine(a!, c!)).toBeLessThan(0.5)
    floats.data[0]!.embedding.forEach((v, i) => expect(v).toBeCloseTo(a![i]!, 6))
    expect(base64.usage.prompt_tokens).toBeGreaterThan(0)
  })

  it('returns a 429 with retry-after in OpenAI\'s error shape, then answers (times: 1)', async () => {
    const { openai } = await setup([
      { match: 'hi', reply: { status: 429, retryAfter: 2, retryAfterMs: 1500 }, times: 1 },
      { match: 'hi', reply: 'hello' },
    ])
    const error = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.RateLimitError)
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>
    expect(rateLimit.status).toBe(429)
    expect(rateLimit.headers.get('retry-after')).toBe('2')
    expect(rateLimit.headers.get('retry-after-ms')).toBe('1500')
    expect(rateLimit.code).toBe('rate_limit_exceeded')
    expect(rateLimit.type).toBe('requests')
    const ok = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })
    expect(ok.choices[0]!.message.content).toBe('hello')
  })

  it('returns 500 as an InternalServerError', async () => {
    const { openai } = await setup({ reply: { status: 500 } })
    const error = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.InternalServerError)
    expect((error as Error).message).toContain('The server had an error while processing your request.')
  })

  it('hangs until the client times out', async () => {
    const { openai, fake } = await setup({ reply: { hang: true } }, { timeout: 300 })
    const started = Date.now()
    const error = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError)
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    await expect.poll(() => fake.stats.inFlight).toBe(0)
  })

  it('cuts a body in half and drops the connection', async () => {
    const { openai } = await setup({ reply: { truncate: true, content: 'a long answer that never arrives whole' } })
    const error = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toHaveProperty('choices')
  })

  it('sends a raw body as given, with status 200 unless set (malformed "successful" replies)', async () => {
    const { openai } = await setup([
      { match: 'empty', reply: { raw: {} } },
      { match: 'none', reply: { raw: { choices: [] } } },
      { match: 'text', reply: { raw: 'not json', status: 502 } },
    ])
    const ask = (content: string) => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] })
    expect(await ask('empty')).toEqual({})
    expect(await ask('none')).toEqual({ choices: [] })
    await expect(ask('text')).rejects.toMatchObject({ status: 502 })
  })

  it('rejects a wrong API key with 401 when the script sets one', async () => {
    const { openai } = await setup({ apiKey: 'sk-right', reply: 'ok' })
    const error = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError)
  })

  it('answers an unmatched request with a 400 that names the message', async () => {
    const { openai } = await setup([{ match: 'known', reply: 'yes' }])
    const error = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'something else' }] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OpenAI.BadRequestError)
    expect((error as Error).message).toContain('vitest-llm/fake: no rule matched the request (last user message: "something else")')
  })

  it('delays replies and records the peak number of requests in flight', async () => {
    const { openai, fake } = await setup({ reply: 'ok', latencyMs: 100 })
    const started = Date.now()
    await Promise.all(Array.from({ length: 5 }, () => openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })))
    expect(Date.now() - started).toBeGreaterThanOrEqual(95)
    expect(fake.stats.peakInFlight).toBe(5)
    expect(fake.stats.inFlight).toBe(0)
  })

  it('reports a script that throws as a 500 naming the error', async () => {
    const { openai } = await setup(() => {
      throw new Error('boom')
    })
    const error = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e)
    expect((error as Error).message).toContain('vitest-llm/fake: the script threw: boom')
  })
})
