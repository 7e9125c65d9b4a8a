import { readFile } from 'node:fs/promises'
import { hashOf } from '../util/canonical.js'
import { validatePromptSource } from './validate.js'

/** What a prompt config is, as far as change detection cares. */
export interface PromptFingerprint {
  /** The config's `id`, when it parses. */
  id?: string
  model?: string
  /** A hash of the parsed config, so reformatting the file (quotes, block style, key order) is no change. */
  hash: string
}

/**
 * Fingerprints a prompt config file from its parsed content. A file that does not parse is
 * fingerprinted by its text, so editing it still shows as a change.
 */
export async function fingerprintPromptFile(file: string): Promise<PromptFingerprint> {
  const text = await readFile(file, 'utf8')
  const { config } = validatePromptSource(text, file)
  if (!config) return { hash: hashOf({ text }).slice(0, 16) }
  return { id: config.id, model: config.model, hash: hashOf(config).slice(0, 16) }
}
