// A scripted stand-in for a real model, so the example runs offline with no API key. It is NOT
// a language model: it answers from the context passages in the prompt by word overlap, follows
// (or, with the worse prompt, ignores) the instruction to stay grounded, and grades answers as
// a judge by simple overlap rules. Deterministic, plausible, and imperfect on purpose.
import { createHash } from 'node:crypto'
import { fakeJudge } from 'vitest-llm/fake'

const STOP = new Set('a an and are as at be by can do does for from how i if in is it my of on or the to we what when where which who why will with you your our me am was there this that'.split(' '))
const words = text => (text.toLowerCase().match(/[a-z0-9@.+-]+/g) ?? [])
  .map(w => w.replace(/[.]+$/, ''))
  .filter(w => w && !STOP.has(w))
  .map(w => (w.length > 4 ? w.replace(/(ing|ed|es|s)$/, '') : w))
const overlap = (a, b) => {
  const set = new Set(words(b))
  return words(a).filter(w => set.has(w)).length
}
const hash = text => createHash('sha1').update(text).digest()[0]

/** Splits the prompt's context block into sentences with their source file. */
function sentences(system) {
  const out = []
  for (const block of system.split(/\n\n(?=\[source: )/)) {
    const match = /\[source: ([^\]]+)\]\n([\s\S]*)/.exec(block)
    if (!match) continue
    for (const sentence of match[2].split(/(?<=\.)\s+/)) out.push({ source: match[1], text: sentence.trim() })
  }
  return out
}

function supportAnswer(request) {
  const system = request.systemMessage
  const question = request.lastUserMessage.replace(/^Customer question:\s*/, '')
  const grounded = system.includes('Answer only from the context')
  const ranked = sentences(system.split('Context:').pop() ?? '')
    .map(s => ({ ...s, score: overlap(question, s.text) }))
    .filter(s => s.score > 0)
    .sort((a, b) => b.score - a.score)
  const best = ranked[0]
  let answer
  if (!best) {
    answer = grounded ? { answer: 'I do not know. Please email support@acme.example.', sources: [], confidence: 0.2 } : { answer: 'Great question! Our team is always happy to help you.', sources: [], confidence: 0.9 }
  }
  else if (!grounded && hash(question) % 3 === 0) {
    // The ungrounded draft sometimes makes things up.
    answer = { answer: 'Great news: that is completely free and happens instantly!', sources: [], confidence: 0.95 }
  }
  else {
    const second = ranked[1] && ranked[1].score >= best.score ? ` ${ranked[1].text}` : ''
    answer = { answer: `${grounded ? '' : 'Great question! '}${best.text}${second}`, sources: grounded ? [best.source] : [], confidence: grounded ? 0.9 : 0.95 }
  }
  return { json: answer, usage: { prompt_tokens: 350 + system.length / 4, completion_tokens: 40 } }
}

/** The judge: relevance, accuracy and helpfulness by overlap, with some spread. */
const judge = fakeJudge({
  score: ({ output, input = '', reference, criteria }) => {
    const scores = {}
    for (const criterion of criteria) {
      if (criterion === 'relevance') scores[criterion] = overlap(input, output) >= 2 ? 5 : overlap(input, output) === 1 ? 4 : 2
      else if (criterion === 'accuracy') {
        if (!reference) scores[criterion] = 4
        else {
          const share = overlap(reference, output) / Math.max(1, words(reference).length)
          scores[criterion] = share >= 0.6 ? 5 : share >= 0.35 ? 4 : share > 0 ? 3 : 1
        }
      }
      else if (criterion === 'helpfulness') scores[criterion] = /\d|@|Settings|Orders/.test(output) ? 4 + (hash(output) % 2) : 3
      else scores[criterion] = 4
    }
    return scores
  },
})

/** The script for `startFakeLlm`: the judge's rule first, then the support model. */
export const supportModelScript = { rules: [judge], reply: supportAnswer, latencyMs: [5, 25] }
