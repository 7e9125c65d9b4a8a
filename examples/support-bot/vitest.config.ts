import { defineConfig } from 'vitest/config'
import llm from 'vitest-llm/plugin'

// The seed's quality gate: golden ≥ 95%, relevance ≥ 4.0, accuracy ≥ 4.0, helpfulness ≥ 3.5,
// and no regression against the committed baseline.
export default defineConfig({
  plugins: [llm({
    provider: { model: process.env.SUPPORT_BOT_MODEL ?? 'gpt-4o-mini' },
    judge: { model: process.env.SUPPORT_BOT_JUDGE ?? 'gpt-4o-mini' },
    gate: {
      goldenPassRate: 0.95,
      scores: { relevance: 4.0, accuracy: 4.0, helpfulness: 3.5 },
      baseline: { file: 'llm-baseline.json', maxDrop: 0.02, alpha: 0.05 },
    },
    report: { json: '.vitest/llm-report.json', markdown: '.vitest/llm-report.md' },
    // Change-aware depth: the docs folder is the retrieval index. `full` unless asked for
    // (`VITEST_LLM_DEPTH=auto npm run example`); `npx vitest-llm plan` previews what `auto` would run.
    depth: { level: 'full', inputs: { rag: ['docs/**/*.md'] } },
  })],
  test: { include: ['tests/**/*.test.ts'] },
})
