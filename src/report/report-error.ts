import { VitestLlmError } from '../errors.js'

/** A report file that cannot be read or is not a vitest-llm report; the message names the file. */
export class ReportError extends VitestLlmError {
  constructor(message: string, options?: ErrorOptions) {
    super('E_REPORT', message, options)
    this.name = 'ReportError'
  }
}
