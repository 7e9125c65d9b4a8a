// The fake model server in its own process, so that its CPU time (JSON, tiktoken usage counts)
// is not charged to the client being measured — as with a real, remote endpoint.
import { startFakeLlm } from 'vitest-llm/fake'

const fake = await startFakeLlm({ reply: 'A short answer from the fake model.', latencyMs: Number(process.argv[2] ?? 100) })
process.send({ url: fake.url })
process.on('message', async (message) => {
  if (message === 'stats') process.send({ stats: { ...fake.stats, requests: fake.requests.length } })
  if (message === 'reset') {
    fake.reset()
    process.send({ reset: true })
  }
  if (message === 'close') {
    await fake.close()
    process.exit(0)
  }
})
