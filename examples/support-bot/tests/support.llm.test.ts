// Stages 3–4: the golden set, a sampled quality evaluation, and a behaviour that must hold
// at least 90% of the time. The gate (vitest.config.ts) decides on the whole run.
import { complete, type CompleteInput, golden, trials } from 'vitest-llm'
import { answerQuestion } from '../src/support-bot.js'

const ask = async (question: unknown) => (await answerQuestion(String(question), request => complete(request as CompleteInput))).answer

golden('support golden set', { files: 'golden/support.jsonl', uses: { prompts: ['support-answer'], rag: true }, task: example => ask(example.input) })

golden('quality sample', {
  files: 'golden/quality.jsonl',
  sample: { rate: 0.5, seed: 'support-bot' },
  uses: { prompts: ['support-answer'], rag: true },
  task: example => ask(example.input),
})

trials('cites a source for a question the docs answer', { runs: 60, passRate: 0.9, uses: ['support-answer'] }, async ({ expect }) => {
  const reply = await answerQuestion('How many days do I have to return an item?', request => complete(request as CompleteInput))
  expect(reply.sources.length).toBeGreaterThan(0)
  expect(reply.answer).toContain('30 days')
})
