import { test as baseTest } from 'vitest'
import { bindLlm, type Llm } from './complete.js'
import { defaultClient } from './default-client.js'

/**
 * Vitest's `test` with an `llm` fixture: a client whose calls are attributed to this test,
 * even when tests run concurrently.
 *
 * @example
 * import { test } from 'vitest-llm'
 * test('greets', async ({ llm, expect }) => {
 *   expect((await llm.complete('Say hi')).text).toContainAny(['hi', 'hello'], { ignoreCase: true })
 * })
 */
export const test = baseTest.extend<{ llm: Llm }>({
  // eslint-disable-next-line no-empty-pattern
  llm: async ({ task }, use) => {
    await use(bindLlm(defaultClient, task))
  },
})

export const it = test
