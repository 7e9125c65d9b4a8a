/**
 * The request parameters a prompt config's `params` may set: those of the OpenAI chat completion
 * API, plus the sampling knobs common OpenAI-compatible servers (vLLM, llama.cpp, Ollama) accept.
 * Anything else is most likely a typo (`temprature`) that the API would reject or ignore.
 */
export const CHAT_COMPLETION_PARAMS: readonly string[] = [
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'n',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'seed',
  'response_format',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'user',
  'stream',
  'stream_options',
  'reasoning_effort',
  'verbosity',
  'service_tier',
  'store',
  'metadata',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
  'prompt_cache_key',
  'safety_identifier',
  // Accepted by common OpenAI-compatible servers.
  'top_k',
  'min_p',
  'repetition_penalty',
]

/** Request fields a prompt config sets itself, so `params` must not. */
export const RESERVED_PARAMS: Readonly<Record<string, string>> = {
  model: 'set `model` at the top level of the prompt config',
  messages: 'the messages are rendered from `system_prompt` and `user_template`',
}
