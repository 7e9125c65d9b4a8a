// `vitest-llm/fake`: a local OpenAI-compatible server for deterministic tests of LLM code.
export { startFakeLlm } from '../fake/server.js'
export { hashEmbedding } from '../fake/embed.js'
export type { FakeErrorReply, FakeHandler, FakeLlm, FakeReply, FakeRequest, FakeRule, FakeScript, FakeScriptOptions, FakeToolCall, RecordedRequest } from '../fake/types.js'
export { fakeJudge, isJudgeRequest } from '../fake/fake-judge.js'
export type { FakeJudgeOptions, FakeJudgeSubject, FakePairSubject, FakeScore } from '../fake/fake-judge.js'
