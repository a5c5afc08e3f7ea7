package main

import (
	"github.com/peerhours/peerhours/llm"
)

// newTriageLLM is the LLM's second opinion for `triage --llm`, on the same
// client the bot uses.
func newTriageLLM(cfg Config, opts ...llm.Option) opinion {
	client := llm.New(llm.Config{APIKey: cfg.OpenAIKey, BaseURL: cfg.OpenAIBaseURL, Model: cfg.OpenAIModel, Timeout: cfg.LLMTimeout}, opts...)
	return llm.NewTriage(client).TriageOpinion
}
