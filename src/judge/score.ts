import type { Criterion } from './criteria.js'
import { scoringMessages, type JudgeSubject } from './judge-prompt.js'
import { scoresSchema, type JudgeScores } from './judge-schema.js'
import { askStructured, type StructuredCall } from './run-judge.js'

/** Everything a judge call needs besides the prompt and schema: client, model, mode state. */
export type ScoreSettings = Omit<StructuredCall<unknown>, 'messages' | 'schema' | 'schemaName'>

/** One judge call that scores every criterion 1–5 with a reason. */
export async function scoreOutput(subject: JudgeSubject, criteria: readonly Criterion[], settings: ScoreSettings): Promise<{ scores: JudgeScores, model: string }> {
  const names = criteria.map(c => c.name)
  const { value, model } = await askStructured({
    ...settings,
    schema: scoresSchema(names),
    schemaName: 'evaluation',
    messages: mode => scoringMessages(subject, criteria, mode === 'text' ? 'text' : 'structured'),
  })
  // Keep the criteria's order, whatever order the judge wrote them in.
  const scores: JudgeScores = {}
  for (const name of names) scores[name] = value.scores[name]!
  return { scores, model }
}
