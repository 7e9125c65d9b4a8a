import { VitestLlmError } from '../errors.js'

/** A `trials()` test whose pass rate did not reach the required rate (failed or inconclusive), or that was defined with options that can never decide. */
export class TrialsError extends VitestLlmError {
  constructor(message: string) {
    super('E_TRIALS', message)
    this.name = 'TrialsError'
  }
}
