import { VitestLlmError } from '../errors.js'

/** Bad deployment data or config (request log, canary config, state, metrics source): the CLI exits 3. */
export class DeployDataError extends VitestLlmError {
  constructor(message: string, options?: ErrorOptions) {
    super('E_DEPLOY_DATA', message, options)
    this.name = 'DeployDataError'
  }
}
