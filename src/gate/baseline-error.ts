import { VitestLlmError } from '../errors.js'

/** A baseline file that cannot be read, parsed or used; the message names the file. */
export class BaselineError extends VitestLlmError {
  constructor(message: string, options?: ErrorOptions) {
    super('E_BASELINE', message, options)
    this.name = 'BaselineError'
  }
}
