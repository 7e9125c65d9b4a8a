// Which prompt config is better? Both run on the same golden examples (paired), and the report
// shows the matrix: pass rate with its interval, the paired difference with McNemar's mid-p,
// cost, latency, and a verdict. Run it with `npm run example -- --compare`.
import { compare, complete, type CompleteInput, fromPrompts } from 'vitest-llm'
import { answerWithPrompt } from '../src/support-bot.js'

compare('support prompts', {
  files: 'golden/support.jsonl',
  control: 'support',
  variants: fromPrompts(
    ['prompts/support.prompt.yaml', 'prompts/support-worse.prompt.yaml'],
    async (example, { prompt }) => (await answerWithPrompt(prompt!, String(example.input), request => complete(request as CompleteInput))).answer,
  ),
})
