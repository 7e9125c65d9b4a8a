// Type tests, checked by `tsc --noEmit` in `npm test`: the matchers are typed on Vitest's `expect`
// for users who import the plugin (its types pull in the augmentation).
import { expect, expectTypeOf } from 'vitest'
import type {} from 'vitest-llm/plugin'
import { z } from 'zod'

expect('text').toContainAll(['a', 'b'], { ignoreCase: true })
expect('text').not.toContainAny(['a'])
expect('{}').toMatchSchema(z.object({}))
expect('text').toFitTokenLimit(10, { model: 'gpt-4o-mini' })
expect('text').toFitTokenLimit(10, { encoding: 'cl100k_base' })
expectTypeOf(expect('x').toContainAll).returns.toBeVoid()

// @ts-expect-error phrases must be a list
expect('text').toContainAll('a')
// @ts-expect-error an unknown encoding is rejected
expect('text').toFitTokenLimit(10, { encoding: 'latin1' })
// @ts-expect-error model and encoding are exclusive
expect('text').toFitTokenLimit(10, { model: 'gpt-4o', encoding: 'cl100k_base' })
