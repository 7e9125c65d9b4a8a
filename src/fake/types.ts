/** The request a fake script sees. */
export interface FakeRequest {
  /** `/v1/chat/completions` or `/v1/embeddings`. */
  path: string
  /** The parsed JSON body as sent by the client. */
  body: Record<string, unknown>
  /** Lower-cased request headers. */
  headers: Record<string, string | string[] | undefined>
  /** The model named in the request. */
  model: string
  /** Chat messages (empty for embeddings). */
  messages: Array<{ role: string, content?: unknown, [key: string]: unknown }>
  /** Text of the last user message ('' when none); what string and RegExp rules match. */
  lastUserMessage: string
  /** The system message's text, '' when none. */
  systemMessage: string
  /** 0-based index of this request among all requests the server received. */
  index: number
  /** For `n > 1`: which choice is being generated. */
  choiceIndex: number
}

/** A tool call the fake model makes. */
export interface FakeToolCall {
  name: string
  /** An object (serialised to JSON) or a raw arguments string. */
  arguments: unknown
  id?: string
}

/** An error response in OpenAI's shape. */
export interface FakeErrorReply {
  status: number
  message?: string
  type?: string
  code?: string | null
  /** Sends a `retry-after` header, in seconds. */
  retryAfter?: number
  /** Sends a `retry-after-ms` header. */
  retryAfterMs?: number
  latencyMs?: number
}

/** What the fake model answers. A string is the assistant's text. */
export type FakeReply =
  | string
  | {
    /** Assistant text (null with tool calls). */
    content?: string | null
    /** A value sent as the assistant's JSON text (for `response_format` requests). */
    json?: unknown
    toolCalls?: FakeToolCall[]
    finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter'
    /** Overrides the token counts computed with tiktoken. */
    usage?: { prompt_tokens?: number, completion_tokens?: number }
    /** Delay before answering, overriding the script's. */
    latencyMs?: number
  }
  | FakeErrorReply
  /** Never answers: the client's timeout fires. */
  | { hang: true }
  /** Sends half of the HTTP body, then drops the connection. */
  | { truncate: true, content?: string }
  /**
   * A body sent exactly as given (a string as-is, anything else as JSON), with `status`
   * (default 200): for malformed "successful" replies such as `{}`, `{ choices: [] }` or an
   * error body. Inlined rather than named so the public type list stays as it is.
   */
  | { raw: unknown, status?: number, latencyMs?: number }

export type FakeHandler = (request: FakeRequest) => FakeReply | Promise<FakeReply>

/** A reply chosen by matching the request. */
export interface FakeRule {
  /** A substring of, or a RegExp on, the last user message; or a predicate on the request. */
  match: string | RegExp | ((request: FakeRequest) => boolean)
  reply: FakeReply | FakeHandler
  /** Use this rule only this many times, then fall through to the next match. */
  times?: number
}

export interface FakeScriptOptions {
  /** Tried in order; the first match answers. */
  rules?: FakeRule[]
  /** Answers when no rule matches. Without it, an unmatched request gets a 400 error naming it. */
  reply?: FakeReply | FakeHandler
  /** Embedding for a text; the default hashes words into a unit vector (similar texts are close). */
  embed?: (input: string, dimensions: number) => number[]
  /** Delay before each answer: milliseconds, or `[min, max]` drawn with a seeded generator. @default 0 */
  latencyMs?: number | [number, number]
  /** When set, a request without `Authorization: Bearer <apiKey>` gets a 401. */
  apiKey?: string
}

/** A handler, a list of rules, or the full options. */
export type FakeScript = FakeHandler | FakeRule[] | FakeScriptOptions

/** A request as recorded by the fake server. */
export interface RecordedRequest {
  method: string
  path: string
  headers: Record<string, string | string[] | undefined>
  body: Record<string, unknown>
}

/** A running fake server. */
export interface FakeLlm {
  /** Base URL for the openai SDK, e.g. `http://127.0.0.1:41234/v1`. */
  url: string
  /** Every request received, in order. */
  requests: RecordedRequest[]
  /** Requests being answered right now, and the most there ever were at once. */
  readonly stats: { inFlight: number, peakInFlight: number }
  /** Forgets the recorded requests and the peak. */
  reset(): void
  /** Stops the server, dropping open connections (hanging requests included). */
  close(): Promise<void>
}
