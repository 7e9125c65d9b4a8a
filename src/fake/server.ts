import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import seedrandom from 'seedrandom'
import { countTokens } from '../tokens/count-tokens.js'
import { hashEmbedding, toBase64Floats } from './embed.js'
import { chatCompletion, chatCompletionChunks, embeddingList, errorBody, usageFor, type ChoiceSpec } from './responses.js'
import { createReplier, toOptions } from './script.js'
import type { FakeErrorReply, FakeLlm, FakeReply, FakeRequest, FakeScript, RecordedRequest } from './types.js'

/**
 * Starts a local OpenAI-compatible server on 127.0.0.1 (a random free port). The script decides
 * each reply; latency, rate limits, server errors, hangs and cut-off bodies can be injected.
 *
 * @example
 * const fake = await startFakeLlm([{ match: 'capital of France', reply: 'Paris' }])
 * const openai = new OpenAI({ baseURL: fake.url, apiKey: 'test' })
 * await fake.close()
 */
export async function startFakeLlm(script: FakeScript = {}): Promise<FakeLlm> {
  const options = toOptions(script)
  const reply = createReplier(options)
  const random = seedrandom('vitest-llm/fake')
  const requests: RecordedRequest[] = []
  const stats = { inFlight: 0, peakInFlight: 0 }
  let index = 0

  const delay = (override: number | undefined): number => {
    if (override !== undefined) return override
    const latency = options.latencyMs ?? 0
    return Array.isArray(latency) ? latency[0] + random() * (latency[1] - latency[0]) : latency
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!.replace(/^\/v1(?=\/)/, '')
    const raw = await readBody(req)
    let body: Record<string, unknown> = {}
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>
      }
      catch {
        return sendError(res, { status: 400, message: 'We could not parse the JSON body of your request.' })
      }
    }
    requests.push({ method: req.method ?? 'GET', path: `/v1${path}`, headers: { ...req.headers }, body })

    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendError(res, { status: 401 })
    }
    if (req.method === 'GET' && path === '/models') {
      return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'vitest-llm' }] })
    }
    if (req.method !== 'POST' || (path !== '/chat/completions' && path !== '/embeddings')) {
      return sendError(res, { status: 404, message: `vitest-llm/fake: unknown route ${req.method} /v1${path}`, code: 'unknown_url' })
    }
    const request = toFakeRequest(path, body, req.headers, index++)
    if (path === '/embeddings') return embeddings(request, res)

    const n = typeof body.n === 'number' && body.n > 1 ? body.n : 1
    const replies: FakeReply[] = []
    for (let choiceIndex = 0; choiceIndex < n; choiceIndex++) replies.push(await reply({ ...request, choiceIndex }))
    const first = replies[0]!
    const latency = typeof first === 'object' && 'latencyMs' in first ? first.latencyMs : undefined
    await sleep(delay(latency), res)
    if (res.destroyed) return

    if (typeof first === 'object' && 'hang' in first) return // the client's timeout or abort ends it
    if (typeof first === 'object' && 'raw' in first) return sendRaw(res, first, request.index)
    if (typeof first === 'object' && 'status' in first) return sendError(res, first)

    const choices = replies.map(toChoice)
    const override = typeof first === 'object' && 'usage' in first ? first.usage : undefined
    const usage = usageFor(request, choices, override)
    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': `req_${request.index}` })
      for (const event of chatCompletionChunks(request, choices, usage)) res.write(event)
      return void res.end()
    }
    const completion = JSON.stringify(chatCompletion(request, choices, usage))
    if (typeof first === 'object' && 'truncate' in first) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) })
      res.write(completion.slice(0, Math.floor(completion.length / 2)))
      return void res.destroy()
    }
    sendJson(res, 200, completion, request.index)
  }

  async function embeddings(request: FakeRequest, res: ServerResponse): Promise<void> {
    const input = request.body.input
    const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')]
    const dimensions = typeof request.body.dimensions === 'number' ? request.body.dimensions : 64
    const vectors = texts.map(text => (options.embed ?? hashEmbedding)(text, dimensions))
    const encoded = request.body.encoding_format === 'base64' ? vectors.map(toBase64Floats) : vectors
    const tokens = texts.reduce((sum, text) => sum + countTokens(text), 0)
    await sleep(delay(undefined), res)
    if (!res.destroyed) sendJson(res, 200, embeddingList(request.model, encoded, tokens), request.index)
  }

  const server = createServer((req, res) => {
    stats.inFlight++
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight)
    let done = false
    const finish = () => {
      if (!done) stats.inFlight--
      done = true
    }
    res.on('finish', finish)
    res.on('close', finish)
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, { status: 500, message: `vitest-llm/fake: the script threw: ${(error as Error)?.message ?? String(error)}` })
      else res.destroy()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    stats,
    reset() {
      requests.length = 0
      stats.peakInFlight = stats.inFlight
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

function toFakeRequest(path: string, body: Record<string, unknown>, headers: IncomingMessage['headers'], index: number): FakeRequest {
  const messages = Array.isArray(body.messages) ? body.messages as FakeRequest['messages'] : []
  const textOf = (role: string) => {
    const found = messages.findLast(m => m.role === role)
    if (!found) return ''
    if (typeof found.content === 'string') return found.content
    return Array.isArray(found.content) ? found.content.map(part => (part as { text?: string }).text ?? '').join('') : ''
  }
  return {
    path: `/v1${path}`,
    body,
    headers: { ...headers },
    model: typeof body.model === 'string' ? body.model : 'fake-model',
    messages,
    lastUserMessage: textOf('user'),
    systemMessage: textOf('system') || textOf('developer'),
    index,
    choiceIndex: 0,
  }
}

function toChoice(reply: FakeReply): ChoiceSpec {
  if (typeof reply === 'string') return { content: reply }
  if ('hang' in reply || 'status' in reply || 'raw' in reply) return { content: '' }
  if ('truncate' in reply) return { content: reply.content ?? '' }
  if (reply.json !== undefined) return { content: JSON.stringify(reply.json), finishReason: reply.finishReason }
  return { content: reply.toolCalls?.length && reply.content === undefined ? null : reply.content ?? '', toolCalls: reply.toolCalls, finishReason: reply.finishReason }
}

function sendJson(res: ServerResponse, status: number, body: unknown, requestIndex?: number): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(requestIndex !== undefined ? { 'x-request-id': `req_${requestIndex}` } : {}),
  })
  res.end(text)
}

function sendRaw(res: ServerResponse, reply: { raw: unknown, status?: number }, requestIndex: number): void {
  sendJson(res, reply.status ?? 200, typeof reply.raw === 'string' ? reply.raw : JSON.stringify(reply.raw), requestIndex)
}

function sendError(res: ServerResponse, reply: FakeErrorReply): void {
  const headers: Record<string, string> = {}
  if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter)
  if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs)
  const text = JSON.stringify(errorBody(reply))
  res.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** Waits, returning early if the client goes away. */
function sleep(ms: number, res: ServerResponse): Promise<void> {
  if (ms <= 0) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    res.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}
