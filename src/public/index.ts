// `vitest-llm`: what a test author uses. Statistics live in `vitest-llm/stats`, deployment in
// `vitest-llm/deploy`, and the production-safe prompt API in `vitest-llm/prompt`.

// Golden sets
export { golden } from '../golden/golden.js'
export type { GoldenOptions } from '../golden/golden.js'
export { loadGolden } from '../golden/load-golden.js'
export type { LoadGoldenOptions } from '../golden/load-golden.js'
export type { GoldenExample } from '../golden/example-schema.js'
export type { SampleOptions } from '../golden/sample.js'
export { GoldenError } from '../golden/golden-error.js'
export type { GoldenProblem } from '../golden/golden-error.js'
export { GoldenMissError } from '../golden/golden-miss-error.js'

// Comparing variants (prompts × models) on the same examples
export { compare } from '../compare/compare.js'
export type { CompareOptions } from '../compare/compare.js'
export { fromModels, fromPrompts } from '../compare/variants.js'
export type { Variant, VariantContext, VariantTask } from '../compare/variants.js'

// Pass rates over repeated runs
export { trials } from '../trials/trials.js'
export type { TrialContext, TrialsOptions } from '../trials/trials.js'
export { TrialsError } from '../trials/trials-error.js'

// The judge
export { judge, pairwise } from '../judge/judge.js'
export type { JudgeOptions, JudgeResult, PairwiseOptions } from '../judge/judge.js'
export type { PairwiseResult } from '../judge/pairwise.js'
export type { JudgeScores } from '../judge/judge-schema.js'
export type { CriteriaSpec } from '../judge/criteria.js'
export { BUILT_IN_CRITERIA } from '../judge/criteria.js'
export { JudgeError } from '../judge/judge-error.js'

// Calling the model
export { complete, createLlm, embed } from '../context/complete.js'
export type { CompleteInput, CompleteParams, Completion, CreateLlmOptions, EmbedParams, Llm } from '../context/complete.js'
export { llmFixture } from '../context/llm-fixture.js'
export { LlmClient } from '../client/llm-client.js'
export type { CallOptions, CallResult, LlmClientConfig } from '../client/llm-client.js'
export type { ConcurrencyLimit } from '../client/semaphore.js'
export type { CallRole, CallStats } from '../client/usage.js'
export type { ModelPrice } from '../client/pricing.js'
export { CacheError, LlmRequestError } from '../client/llm-error.js'
export type { CacheMode, LlmPluginOptions, ResolvedEndpoint } from '../config/options.js'
export type { ChangeType, DepthLevel } from '../config/depth-levels.js'
export type { Uses } from '../depth/policy.js'

// Prompt configs and output parsing (also in `vitest-llm/prompt`, without vitest)
export { definePrompt, loadPrompt } from '../prompt/define-prompt.js'
export type { Prompt, PromptMessage, PromptRequest } from '../prompt/define-prompt.js'
export type { PromptConfig } from '../prompt/prompt-config.js'
export type { TemplateVars } from '../prompt/template.js'
export { parseJson } from '../parse/parse-json.js'
export { ParseError } from '../parse/parse-error.js'

// Matchers' types, what tests record, the report
export type { ContainOptions, LlmMatchers, TokenLimitOptions } from '../matchers/types.js'
export type { JudgeMatcherOptions } from '../judge/to-pass-judge.js'
export type { EncodingName } from '../tokens/count-tokens.js'
export type { CaseDepth, GoldenCaseMeta, JudgementMeta, LlmCaseMeta, TrialsMeta } from '../context/case-meta.js'
export type { UsageTotals } from '../client/usage.js'
export { reportSchema } from '../report/report-schema.js'
export type { Comparison, ComparisonSuite, GateFailure, LlmReport, Regression, ReportCase, VariantComparison, VariantVerdict } from '../report/report-schema.js'
export { ReportError } from '../report/report-error.js'

// Errors
export { ConfigError, OptionsError, TemplateError, VitestLlmError } from '../errors.js'
export type { ErrorCode, SourceLocation } from '../errors.js'
