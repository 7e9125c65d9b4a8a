import { defineConfig } from 'vitest/config'
import llm from 'vitest-llm/plugin'

// `npm run example -- --compare`: the two prompt configs side by side. The gate refuses the
// draft when it is significantly worse than the current prompt by more than 2 points.
export default defineConfig({
  plugins: [llm({
    provider: { model: process.env.SUPPORT_BOT_MODEL ?? 'gpt-4o-mini' },
    judge: { model: process.env.SUPPORT_BOT_JUDGE ?? 'gpt-4o-mini' },
    gate: { compare: { candidate: 'support-worse', control: 'support', maxDrop: 0.02 } },
    report: { json: '.vitest/llm-compare-report.json', markdown: '.vitest/llm-compare-report.md' },
  })],
  test: { include: ['compare/**/*.llm.test.ts'] },
})
