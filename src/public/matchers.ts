// `vitest-llm/matchers`: registers the matchers when listed in `test.setupFiles`, for projects
// that do not use the plugin.
import { registerMatchers } from '../matchers/register.js'

registerMatchers()

export { matchers, registerMatchers } from '../matchers/register.js'
export type { ContainOptions, LlmMatchers, TokenLimitOptions } from '../matchers/types.js'
