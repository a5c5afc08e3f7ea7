package llm

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
	"github.com/peerhours/peerhours/prompts"
)

// Triage is the LLM's second opinion on a message's triage category
// (bot.TriageLLM). The bot lets it only raise the rules' category. Any
// failure, a reply off the schema, or a message that addresses the model
// itself (a prompt-injection attempt) is an error, and the rules decide
// alone.
type Triage struct {
	c    *Client
	leak *leakCheck
}

// NewTriage returns the triage second opinion on c.
func NewTriage(c *Client) *Triage {
	return &Triage{c: c, leak: newLeakCheck(prompts.TriageSystem())}
}

var _ bot.TriageLLM = (*Triage)(nil)

var triageSchema = &Schema{
	Name: "triage",
	JSON: json.RawMessage(`{"type":"object","additionalProperties":false,"required":["category","reason"],
"properties":{"category":{"type":"string","enum":["none","peer","clinical","emergency"]},"reason":{"type":"string"}}}`),
}

// TriageOpinion asks the model for redactedText's category.
func (t *Triage) TriageOpinion(ctx context.Context, redactedText string) (triage.Category, error) {
	if LooksLikeInjection(redactedText) {
		return triage.None, bot.Errorf(bot.EUNAVAILABLE, "suspect_input")
	}
	resp, err := t.c.CompleteJSON(ctx, Request{System: prompts.TriageSystem(), User: prompts.TriageMessage(redactedText), Schema: triageSchema, MaxTokens: 80})
	if err != nil {
		return triage.None, asBotError(err)
	}
	var r struct {
		Category *string `json:"category"`
		Reason   string  `json:"reason"`
	}
	if json.Unmarshal([]byte(resp.Content), &r) != nil || r.Category == nil || t.leak.leaks(r.Reason) {
		return triage.None, bot.Errorf(bot.EUNAVAILABLE, "%s", KindMalformed)
	}
	c, err := triage.ParseCategory(*r.Category)
	if err != nil {
		return triage.None, bot.Errorf(bot.EUNAVAILABLE, "%s", KindMalformed)
	}
	return c, nil
}

// injectionCues are phrases by which a message talks to a model rather than
// to people. A peer-support message almost never needs them; when one does,
// the only cost is that the rules decide alone.
var injectionCues = []string{
	"ignore all", "ignore any", "ignore the above", "ignore previous", "ignore prior", "ignore your", "ignore the previous",
	"ignore the rules", "ignore these", "ignore those", "ignore everything", "disregard", "forget your", "forget all",
	"forget previous", "forget the above", "override", "system prompt", "system message", "your instructions",
	"your prompt", "your rules", "new instructions", "these instructions", "previous instructions", "you are now",
	"you are a", "act as", "pretend to be", "pretend you", "roleplay as", "developer mode", "jailbreak", "dan mode",
	"classify this", "classify me", "categorize this", "categorise this", "category:", "\"category\"", "label this",
	"triage this as", "mark this as", "respond with", "reply with", "reply only", "answer with", "output the",
	"output only", "print your", "print the", "repeat the", "repeat your", "reveal", "<<<", ">>>", "system:",
	"assistant:", "[system]", "[inst]", "</s>", "<|", "|>", "###", "as an ai", "language model", "llm",
	"chatgpt", "openai", "prompt injection", "the model", "the ai", "the bot", "ai assistant", "json",
	// Demands aimed at the summary written by the same model.
	"summar", "overview", "cite", "citation", "message id", "markdown", "your answer", "your output",
	"in every item", "every theme", "every sentence",
}

// LooksLikeInjection reports a message that addresses the model instead of
// people: instructions to ignore rules, role markers, prompt delimiters,
// demands for a category or an output.
func LooksLikeInjection(text string) bool {
	t := strings.ToLower(strings.Join(strings.Fields(text), " "))
	t = strings.NewReplacer("’", "'", "“", "\"", "”", "\"").Replace(t)
	for _, cue := range injectionCues {
		if strings.Contains(t, cue) {
			return true
		}
	}
	return false
}
