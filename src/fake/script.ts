import type { FakeHandler, FakeReply, FakeRequest, FakeRule, FakeScript, FakeScriptOptions } from './types.js'

/** Normalises the three script forms into options. */
export function toOptions(script: FakeScript): FakeScriptOptions {
  if (typeof script === 'function') return { reply: script }
  if (Array.isArray(script)) return { rules: script }
  return script
}

function matches(rule: FakeRule, request: FakeRequest): boolean {
  if (typeof rule.match === 'string') return request.lastUserMessage.includes(rule.match)
  if (rule.match instanceof RegExp) {
    rule.match.lastIndex = 0
    return rule.match.test(request.lastUserMessage)
  }
  return rule.match(request)
}

/**
 * Chooses and produces the reply for a request. Rules with `times` are consumed, so a script
 * can say "429 once, then answer". Returns a 400 naming the message when nothing matches, so a
 * missing rule is loud rather than an empty answer.
 */
export function createReplier(options: FakeScriptOptions) {
  const uses = new Map<FakeRule, number>()
  return async (request: FakeRequest): Promise<FakeReply> => {
    for (const rule of options.rules ?? []) {
      if (!matches(rule, request)) continue
      const used = uses.get(rule) ?? 0
      if (rule.times !== undefined && used >= rule.times) continue
      uses.set(rule, used + 1)
      return produce(rule.reply, request)
    }
    if (options.reply !== undefined) return produce(options.reply, request)
    return {
      status: 400,
      message: `vitest-llm/fake: no rule matched the request (last user message: ${JSON.stringify(request.lastUserMessage.slice(0, 200))})`,
      code: 'fake_no_rule',
    }
  }
}

async function produce(reply: FakeReply | FakeHandler, request: FakeRequest): Promise<FakeReply> {
  return typeof reply === 'function' ? reply(request) : reply
}
