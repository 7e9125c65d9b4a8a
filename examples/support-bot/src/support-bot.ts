import { fileURLToPath } from 'node:url'
import { loadPrompt, parseJson, type Prompt, type PromptRequest } from 'vitest-llm/prompt'
import { z } from 'zod'
import { formatContext, loadDocs, retrieve } from './retrieve.js'

/** The answer the support bot returns, parsed and validated. */
export const Answer = z.object({
  answer: z.string().min(1),
  sources: z.array(z.string()),
  confidence: z.number().min(0).max(1),
})
export type Answer = z.infer<typeof Answer>

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Which prompt config to use: `SUPPORT_PROMPT=worse` swaps in the worse draft. */
export const promptFile = here(process.env.SUPPORT_PROMPT === 'worse' ? '../prompts/support-worse.prompt.yaml' : '../prompts/support.prompt.yaml')

const docs = loadDocs(here('../docs'))
const prompt = loadPrompt(promptFile)

/**
 * Answers a customer question: retrieve passages, render the prompt, call the model, parse the
 * JSON answer. `complete` is injected, so the same code runs in the app and in tests.
 */
export async function answerQuestion(question: string, complete: (request: PromptRequest) => Promise<{ text: string }>): Promise<Answer> {
  return answerWithPrompt(await prompt, question, complete)
}

/** The same, with a given prompt config: for comparing prompt configs side by side. */
export async function answerWithPrompt(config: Prompt, question: string, complete: (request: PromptRequest) => Promise<{ text: string }>): Promise<Answer> {
  const context = formatContext(retrieve(question, await docs))
  const reply = await complete(config.request({ company: 'Acme', context, question }))
  return parseJson(reply.text, Answer)
}
