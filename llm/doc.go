// Package llm is the bot's adapter to any OpenAI-compatible chat endpoint
// (OpenAI, Ollama, vLLM, LiteLLM, …), built on github.com/sashabaranov/go-openai.
//
// go-openai is a thin client: it never retries and has no timeout of its own.
// This package adds what the bot's LLM features need to be reliable:
//
//   - [Client.CompleteJSON] asks for a JSON object, with a strict JSON schema
//     when the caller gives one. An endpoint that rejects json_schema with a
//     400 is asked again with json_object (the schema then goes into the
//     system message) and the client remembers to use json_object from then
//     on. A 422 counts like a 400 here.
//   - Every HTTP attempt gets its own deadline ([Config.Timeout]). 429, 5xx and
//     network errors are retried with exponential backoff and jitter, honouring
//     Retry-After; other 4xx are not retried. See [Client.CompleteJSON] for the
//     exact budget.
//   - At most [Config.MaxInFlight] requests run at once; others wait their
//     turn, and give up when their context ends.
//   - Failures are *[Error] values with a [Kind], so callers can fall back (to
//     rules-only triage, to extractive summaries) and metrics can count by kind.
//
// It also counts tokens offline ([CountTokens], o200k_base, the vocabulary is
// compiled into the binary) and groups texts into chunks within a token budget
// ([Chunk]) for map/reduce summaries.
//
// Privacy: this package logs nothing, and the text of its errors never holds
// prompt text, reply text or keys, only kinds, HTTP statuses, provider error
// codes and attempt counts. The cause an *Error wraps (go-openai's error) may
// hold text the server sent back; do not log it.
package llm
