import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions'
import type { z } from 'zod'
import type { LlmClient } from '../client/llm-client.js'
import type { LlmRequestError } from '../client/llm-error.js'
import type { CallStats } from '../client/usage.js'
import { VitestLlmError } from '../errors.js'
import { formatIssues, type ParseError } from '../parse/parse-error.js'
import { parseJson } from '../parse/parse-json.js'
import { JudgeError } from './judge-error.js'
import { countSchemaMatches, toWireSchema } from './judge-schema.js'

/**
 * How the judge is asked for structured output. Endpoints that reject `json_schema` get a forced
 * tool call; those that reject tools get strict JSON in text. The mode that worked is kept.
 */
export type JudgeMode = 'json_schema' | 'tool' | 'text'
const FALLBACK: Record<JudgeMode, JudgeMode | undefined> = { json_schema: 'tool', tool: 'text', text: undefined }
const TOOL_NAME = 'submit_evaluation'

export interface StructuredCall<T> {
  client: LlmClient
  /** Builds the messages; `text` mode asks for JSON in the reply text. */
  messages: (mode: JudgeMode) => Array<{ role: 'system' | 'user' | 'assistant', content: string }>
  schema: z.ZodType<T>
  schemaName: string
  model?: string
  temperature: number
  trial?: number
  caseName?: string
  /** Shared, so that a mode an endpoint rejected is not tried again. */
  state: { mode: JudgeMode }
  onCall?: (stats: CallStats) => void
}

/**
 * Asks for a reply that validates against `schema`, re-asking once with the problems when the
 * reply is invalid. Throws `JudgeError` when the endpoint cannot be reached or the reply stays
 * invalid: the caller never sees a guessed or clamped value.
 */
export async function askStructured<T>(call: StructuredCall<T>): Promise<{ value: T, model: string }> {
  let mode = call.state.mode
  for (;;) {
    try {
      return await askInMode(call, mode)
    }
    catch (error) {
      const next = FALLBACK[mode]
      // 400/422: the endpoint does not support this way of asking; try the next one.
      const status = VitestLlmError.is(error) && error.code === 'E_LLM' ? (error as LlmRequestError).status : undefined
      if ((status === 400 || status === 422) && next) {
        mode = next
        call.state.mode = next
        continue
      }
      if (VitestLlmError.is(error) && error.code === 'E_JUDGE') throw error
      const reason = VitestLlmError.is(error) || error instanceof Error ? error.message : String(error)
      // A replay-mode cache problem is not the judge being unreachable: say what it is.
      const what = VitestLlmError.is(error) && error.code === 'E_CACHE' ? 'judge reply unavailable' : 'judge unreachable'
      throw new JudgeError(`${what}: ${reason}`, { cause: error })
    }
  }
}

async function askInMode<T>(call: StructuredCall<T>, mode: JudgeMode): Promise<{ value: T, model: string }> {
  const wire = toWireSchema(call.schema)
  const base = call.messages(mode)
  let messages = base
  let lastProblem = ''
  for (let ask = 0; ask < 2; ask++) {
    const body: Omit<ChatCompletionCreateParamsNonStreaming, 'model'> & { model?: string } = {
      model: call.model,
      messages,
      temperature: call.temperature,
      seed: 42,
    }
    if (mode === 'json_schema') body.response_format = { type: 'json_schema', json_schema: { name: call.schemaName, strict: true, schema: wire } }
    if (mode === 'tool') {
      body.tools = [{ type: 'function', function: { name: TOOL_NAME, description: 'Submit the evaluation.', parameters: wire, strict: true } }]
      body.tool_choice = { type: 'function', function: { name: TOOL_NAME } }
    }
    // The client records the reply only when it validates, so a glitch is never replayed.
    const validate = (reply: ChatCompletion) => {
      const checked = checkReply(replyText(reply, mode), call.schema)
      return checked.ok ? undefined : checked.problem
    }
    const { response, stats } = await call.client.chat(body, { role: 'judge', trial: call.trial, caseName: call.caseName, validate })
    call.onCall?.(stats)
    const raw = replyText(response, mode)
    const checked = checkReply(raw, call.schema)
    if (checked.ok) return { value: checked.value, model: response.model || stats.model }
    lastProblem = checked.problem
    messages = [
      ...base,
      { role: 'assistant', content: raw },
      { role: 'user', content: `Your reply was invalid:\n${lastProblem}\nReply again with only the JSON object in the required shape; every score an integer from 1 to 5.` },
    ]
  }
  throw new JudgeError(`the judge's reply was invalid twice (${mode} mode):\n${lastProblem}`)
}

/** The reply's value, or what is wrong with it: no valid JSON, or more than one verdict. */
function checkReply<T>(raw: string, schema: z.ZodType<T>): { ok: true, value: T } | { ok: false, problem: string } {
  let value: T
  try {
    value = parseJson(raw, schema)
  }
  catch (error) {
    if (!(VitestLlmError.is(error) && error.code === 'E_PARSE')) throw error
    const parseError = error as ParseError
    return { ok: false, problem: parseError.issues.length ? formatIssues(parseError.issues) : parseError.message.split('\n')[0]! }
  }
  const verdicts = countSchemaMatches(raw, schema)
  if (verdicts > 1) return { ok: false, problem: `the reply holds ${verdicts} objects in the required shape (a quoted one, perhaps); give exactly one, your own` }
  return { ok: true, value }
}

function replyText(response: ChatCompletion, mode: JudgeMode): string {
  const message = response.choices[0]?.message
  if (mode === 'tool') {
    const call = message?.tool_calls?.find(c => c.type === 'function')
    if (call?.type === 'function') return call.function.arguments
  }
  return message?.content ?? ''
}
