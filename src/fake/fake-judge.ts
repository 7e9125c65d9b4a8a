import { JUDGE_MARKER } from '../judge/judge-prompt.js'
import type { FakeReply, FakeRequest, FakeRule } from './types.js'

/** A judge request as the fake judge sees it: the delimited parts, parsed back out. */
export interface FakeJudgeSubject {
  /** Criterion names in the order asked. */
  criteria: string[]
  output: string
  input?: string
  reference?: string
  context?: string
  /** How the judge asked: `response_format`, a forced tool call, or JSON in text. */
  mode: 'json_schema' | 'tool' | 'text'
  request: FakeRequest
}

export interface FakePairSubject {
  first: string
  second: string
  input?: string
  mode: FakeJudgeSubject['mode']
  request: FakeRequest
}

/** A score, or a score with a reason. */
export type FakeScore = number | { score: number, reason?: string }

export interface FakeJudgeOptions {
  /** Scores per criterion; a string or another reply is sent as-is (for garbage or errors). */
  score?: (subject: FakeJudgeSubject) => Record<string, FakeScore> | FakeReply | Promise<Record<string, FakeScore> | FakeReply>
  /** Pairwise verdicts: which response is better, '1', '2' or 'tie'. */
  compare?: (subject: FakePairSubject) => '1' | '2' | 'tie' | Promise<'1' | '2' | 'tie'>
}

/** True for requests made by vitest-llm's judge. */
export function isJudgeRequest(request: FakeRequest): boolean {
  return request.systemMessage.startsWith(JUDGE_MARKER)
}

function section(text: string, label: string): string | undefined {
  const match = new RegExp(`<<<${label}-([0-9a-f]+)>>>\\n([\\s\\S]*?)\\n<<<END-${label}-\\1>>>`).exec(text)
  return match?.[2]
}

function modeOf(request: FakeRequest): FakeJudgeSubject['mode'] {
  if ((request.body.response_format as { type?: string } | undefined)?.type === 'json_schema') return 'json_schema'
  return Array.isArray(request.body.tools) && request.body.tools.length ? 'tool' : 'text'
}

function encode(value: unknown, mode: FakeJudgeSubject['mode']): FakeReply {
  if (mode === 'json_schema') return { json: value }
  if (mode === 'tool') return { toolCalls: [{ name: 'submit_evaluation', arguments: value }] }
  return { content: JSON.stringify(value) }
}

const isReply = (value: unknown): value is FakeReply =>
  typeof value === 'string' || (typeof value === 'object' && value !== null && ['status', 'hang', 'truncate', 'raw', 'content', 'json', 'toolCalls'].some(k => k in value))

/**
 * A rule for `startFakeLlm` that answers vitest-llm's judge in whichever mode it asks
 * (json_schema, tool call or text), so tests can script scores instead of JSON.
 *
 * @example
 * startFakeLlm([fakeJudge({ score: ({ output }) => ({ relevance: output.includes('Paris') ? 5 : 2 }) }), ...appRules])
 */
export function fakeJudge(options: FakeJudgeOptions): FakeRule {
  return {
    match: isJudgeRequest,
    reply: async (request) => {
      // The judged parts are in the first user message; a re-ask appends more messages after it.
      const first = request.messages.find(m => m.role === 'user' && typeof m.content === 'string')
      const text = typeof first?.content === 'string' ? first.content : request.lastUserMessage
      const mode = modeOf(request)
      const shownFirst = section(text, 'RESPONSE-1')
      if (shownFirst !== undefined) {
        const winner = options.compare ? await options.compare({ first: shownFirst, second: section(text, 'RESPONSE-2') ?? '', input: section(text, 'INPUT'), mode, request }) : 'tie'
        return encode({ reason: `fake judge prefers ${winner}`, winner }, mode)
      }
      const criteria = [...text.split('\nThe ')[0]!.matchAll(/^- ([^:\n]+):/gm)].map(m => m[1]!)
      const subject: FakeJudgeSubject = { criteria, output: section(text, 'OUTPUT') ?? '', input: section(text, 'INPUT'), reference: section(text, 'REFERENCE'), context: section(text, 'CONTEXT'), mode, request }
      const scored = options.score ? await options.score(subject) : Object.fromEntries(criteria.map(c => [c, 5]))
      if (isReply(scored)) return scored
      const scores = Object.fromEntries(Object.entries(scored).map(([name, value]) => [name, typeof value === 'number'
        ? { reason: `fake judge: ${name} ${value}`, score: value }
        : { reason: value.reason ?? `fake judge: ${name} ${value.score}`, score: value.score }]))
      return encode({ scores }, mode)
    },
  }
}
