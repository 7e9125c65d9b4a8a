import { VitestLlmError } from '../errors.js'

/**
 * The judge could not give a verdict: unreachable, or its reply stayed invalid after a re-ask.
 * An infrastructure error of the run — never a pass and never a low score.
 */
export class JudgeError extends VitestLlmError {
  constructor(message: string, options?: ErrorOptions) {
    super('E_JUDGE', message, options)
    this.name = 'JudgeError'
  }
}
