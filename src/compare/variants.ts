import { basename, resolve } from 'node:path'
import type { GoldenExample } from '../golden/example-schema.js'
import { loadPrompt, type Prompt } from '../prompt/define-prompt.js'

/** What a variant's task receives besides the example. */
export interface VariantContext {
  /** The variant's name. */
  variant: string
  /** The variant's model, when it declares one (`fromModels`, or a prompt config's `model`). */
  model?: string
  /** The variant's prompt config, loaded, when it declares one (`fromPrompts`). */
  prompt?: Prompt
}

/** Produces a variant's output for an example: a string, a `complete()` reply, or any value (JSON). */
export type VariantTask<T = GoldenExample> = (example: T, context: VariantContext) => unknown | Promise<unknown>

/** One variant of a comparison. */
export interface Variant<T = GoldenExample> {
  name: string
  task: VariantTask<T>
  /** Passed to the task as `context.model`. */
  model?: string
  /** A prompt config file (relative to the project root), loaded once and passed as `context.prompt`. */
  prompt?: string
}

/** The variant name of a prompt config file: its file name without `.prompt.yaml` / `.prompt.json`. */
export function promptVariantName(file: string): string {
  return basename(file).replace(/\.prompt\.(ya?ml|json)$/, '')
}

/**
 * One variant per prompt config, named by its file (`prompts/support.prompt.yaml` → `support`),
 * each calling `task(example, { prompt, model })` with the loaded prompt and its model.
 *
 * @example
 * compare('support', { files: 'golden/support.jsonl', control: 'support',
 *   variants: fromPrompts(['prompts/support.prompt.yaml', 'prompts/terse.prompt.yaml'], (e, { prompt }) => complete(prompt!.request(e.input as object))) })
 */
export function fromPrompts<T = GoldenExample>(files: readonly string[], task: VariantTask<T>): Variant<T>[] {
  return files.map(file => ({ name: promptVariantName(file), prompt: file, task }))
}

/**
 * One variant per model, named by the model, each calling `task(example, { model })`.
 *
 * @example
 * compare('models', { files: 'golden/support.jsonl', control: 'gpt-4o-mini',
 *   variants: fromModels(['gpt-4o-mini', 'gpt-4.1-mini'], (e, { model }) => complete(String(e.input), { model })) })
 */
export function fromModels<T = GoldenExample>(models: readonly string[], task: VariantTask<T>): Variant<T>[] {
  return models.map(model => ({ name: model, model, task }))
}

/** The variants as a list, from either form `compare()` accepts. */
export function variantList<T>(variants: Record<string, VariantTask<T>> | readonly Variant<T>[]): Variant<T>[] {
  return Array.isArray(variants) ? [...variants] : Object.entries(variants as Record<string, VariantTask<T>>).map(([name, task]) => ({ name, task }))
}

/** The context of a variant's task, loading its prompt config once (relative to `root`). */
export function contextLoader<T>(variant: Variant<T>, root: string): () => Promise<VariantContext> {
  let loaded: Promise<VariantContext> | undefined
  return () => (loaded ??= (async () => {
    if (!variant.prompt) return { variant: variant.name, ...(variant.model ? { model: variant.model } : {}) }
    const prompt = await loadPrompt(resolve(root, variant.prompt))
    return { variant: variant.name, model: variant.model ?? prompt.config.model, prompt }
  })())
}
