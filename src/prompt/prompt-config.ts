import type { z } from 'zod'
import { lazyObject, loadZod, type Zod } from '../util/lazy-zod.js'

function buildPromptConfigSchema(z: Zod) {
  return z.strictObject({
    /** Stable identifier of the prompt, e.g. `support-answer`. */
    id: z.string().min(1),
    /** Free-form version label, e.g. `3` or `2026-11-01`. */
    version: z.union([z.string(), z.number()]).optional(),
    /** Model the prompt is written for; also picks the tokenizer for token limits. */
    model: z.string().min(1),
    /** Sampling parameters passed to the chat completion (temperature, top_p, max_tokens, ...). */
    params: z.record(z.string(), z.unknown()).optional(),
    /** The system message, a `{{variable}}` template. */
    system_prompt: z.string(),
    /** The user message, a `{{variable}}` template. */
    user_template: z.string(),
    /** Token budget of the system prompt. @default 4000 */
    max_tokens: z.int().positive().optional(),
    /** Optional declaration of the template variables; when present, uses are checked against it. */
    variables: z.array(z.string().min(1)).optional(),
  })
}

/**
 * The prompt config format (`*.prompt.yaml` / `*.prompt.json`). Unknown keys are rejected so a
 * typo such as `user_templte` is caught by `validate` instead of silently ignored. Built on first
 * use, so importing the prompt API does not load zod.
 */
export const promptConfigSchema = lazyObject(() => buildPromptConfigSchema(loadZod()))

/** A validated prompt config. */
export type PromptConfig = z.infer<ReturnType<typeof buildPromptConfigSchema>>

/** Default token budget for a system prompt when `max_tokens` is not set. */
export const DEFAULT_PROMPT_TOKEN_LIMIT = 4000
