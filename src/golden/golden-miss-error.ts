import { VitestLlmError } from '../errors.js'

/** A golden example whose output failed its check: a quality miss, not an error of the run. */
export class GoldenMissError extends VitestLlmError {
  constructor(message: string) {
    super('E_GOLDEN_MISS', message)
    this.name = 'GoldenMiss'
  }
}
