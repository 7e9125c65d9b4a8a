// `vitest-llm/prompt`: what application code runs in production — prompt configs, templates,
// output parsing and token counting. Imports neither vitest nor the openai SDK, and loads
// tiktoken only when tokens are counted.
export { definePrompt, loadPrompt } from '../prompt/define-prompt.js'
export type { Prompt, PromptMessage, PromptRequest } from '../prompt/define-prompt.js'
export { promptConfigSchema } from '../prompt/prompt-config.js'
export type { PromptConfig } from '../prompt/prompt-config.js'
export { validatePromptConfig, validatePromptFile, validatePromptSource } from '../prompt/validate.js'
export type { PromptProblem, PromptValidation } from '../prompt/validate.js'
export { parseTemplate, renderTemplate } from '../prompt/template.js'
export type { ParsedTemplate, TemplatePart, TemplateProblem, TemplateVars } from '../prompt/template.js'
export { parseJson } from '../parse/parse-json.js'
export { ParseError } from '../parse/parse-error.js'
export { countMessageTokens, countTokens } from '../tokens/count-tokens.js'
export type { CountableMessage, EncodingName, TokenCountOptions } from '../tokens/count-tokens.js'
export { ConfigError, TemplateError, VitestLlmError } from '../errors.js'
export type { ErrorCode, SourceLocation } from '../errors.js'
