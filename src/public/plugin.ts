// `vitest-llm/plugin`: the Vitest plugin.
import { llm } from '../plugin/plugin.js'

export { llm }
export type { GateEnforce, LlmPluginOptions, ResolvedOptions } from '../config/options.js'
export type { ResolvedDepthOptions } from '../config/depth-options.js'
export type { ChangeType, DepthLevel } from '../config/depth-levels.js'
export type { ContainOptions, LlmMatchers, TokenLimitOptions } from '../matchers/types.js'
export default llm
