// `vitest-llm/plugin`: the Vitest plugin.
import { llm } from '../plugin/plugin.js'

export { llm }
export type { LlmPluginOptions, ResolvedOptions } from '../config/options.js'
export type { ContainOptions, LlmMatchers, TokenLimitOptions } from '../matchers/types.js'
export default llm
