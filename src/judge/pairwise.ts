import type { Criterion } from './criteria.js'
import { pairwiseMessages, pairwiseSchema } from './pairwise-prompt.js'
import { askStructured } from './run-judge.js'
import type { ScoreSettings } from './score.js'

/** The outcome of a pairwise comparison. */
export interface PairwiseResult {
  /** `tie` when the judge said so, or when the two orders disagreed (position bias). */
  winner: 'a' | 'b' | 'tie'
  /** The verdict of each order: first with `a` shown first, then with `b` first. */
  votes: ['a' | 'b' | 'tie', 'a' | 'b' | 'tie']
  reasons: [string, string]
  /** True when the two orders disagreed. */
  inconsistent: boolean
  model: string
}

/** Compares `a` and `b` twice, positions swapped; a disagreement between orders is a tie. */
export async function comparePair(a: string, b: string, input: string | undefined, criteria: readonly Criterion[], settings: ScoreSettings): Promise<PairwiseResult> {
  const ask = (first: string, second: string) => askStructured({
    ...settings,
    schema: pairwiseSchema(),
    schemaName: 'comparison',
    messages: mode => pairwiseMessages(input, first, second, criteria, mode === 'text' ? 'text' : 'structured'),
  })
  const [ab, ba] = await Promise.all([ask(a, b), ask(b, a)])
  const first = ab.value.winner === '1' ? 'a' : ab.value.winner === '2' ? 'b' : 'tie'
  const second = ba.value.winner === '1' ? 'b' : ba.value.winner === '2' ? 'a' : 'tie'
  const agree = first === second
  return {
    winner: agree ? first : 'tie',
    votes: [first, second],
    reasons: [ab.value.reason, ba.value.reason],
    inconsistent: !agree,
    model: ab.model,
  }
}
