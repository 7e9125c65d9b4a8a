import { test, type RunnerTestCase } from 'vitest'
import { caseMeta } from '../context/case-meta.js'
import { errorMessage } from '../util/error-message.js'
import type { GoldenExample } from './example-schema.js'
import { loadGolden } from './load-golden.js'

/**
 * Loads a suite's golden files while Vitest collects it. A set that cannot load becomes one
 * failing test that the report counts as an error (with the file and line of the problem), not
 * a collection failure that would leave the gate judging the other sets alone. Returns
 * undefined in that case.
 */
export async function loadInSuite(files: string | string[], root: string): Promise<GoldenExample[] | undefined> {
  try {
    return await loadGolden(files, { cwd: root })
  }
  catch (error) {
    test(`load ${[files].flat().join(', ')}`, ({ task }) => {
      caseMeta(task as RunnerTestCase).failure = { kind: 'load', message: errorMessage(error) }
      throw error
    })
    return undefined
  }
}
