import type { RunnerTestCase } from 'vitest'
import { bindLlm, type Llm } from './complete.js'
import { defaultClient } from './worker-clients.js'

/**
 * The `llm` fixture: a client whose calls are attributed to the running test, even when tests
 * run concurrently. A plain function (not a ready-made `test.extend`), so that importing
 * `vitest-llm` outside a test run — e.g. for `definePrompt` in app code — has no side effects.
 *
 * @example
 * import { test as base } from 'vitest'
 * import { llmFixture } from 'vitest-llm'
 * const test = base.extend({ llm: llmFixture })
 * test('greets', async ({ llm, expect }) => {
 *   expect((await llm.complete('Say hi')).text).toContainAny(['hi', 'hello'], { ignoreCase: true })
 * })
 */
export async function llmFixture({ task }: { task: RunnerTestCase }, use: (llm: Llm) => Promise<void>): Promise<void> {
  await use(bindLlm(defaultClient, task))
}
