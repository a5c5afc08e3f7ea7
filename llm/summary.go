package llm

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/prompts"
)

// Summarizer drafts summaries (bot.Summarizer) on a Client: messages are
// chunked by token count, each chunk summarised (map, at most MaxInFlight
// calls at once through the Client), and the partial summaries merged in one
// more call (reduce). A thread that fits one chunk takes one call. Replies
// are parsed against the schema and checked here — citations must name
// messages that were sent, items without one are dropped, and anything that
// repeats the system prompt is dropped — and the bot checks them again.
// Any failure (after the Client's retries) ends the whole draft at once, so
// the caller can fall back to its extractive summary without waiting for
// the other chunks.
type Summarizer struct {
	c *Client
	// MaxMapCalls bounds the map calls: chunks grow to fit. With the
	// reduce call, a draft makes at most MaxMapCalls+1 calls.
	MaxMapCalls int
	// MinChunk and MaxChunk bound a chunk's tokens of message data.
	MinChunk, MaxChunk int
	// MaxReplyTokens caps each reply.
	MaxReplyTokens int

	leak *leakCheck
}

// Defaults of a Summarizer.
const (
	DefaultMaxMapCalls = 10
	DefaultMinChunk    = 4000
	DefaultMaxChunk    = 60000
	defaultReplyTokens = 1500
)

// NewSummarizer returns a Summarizer on c.
func NewSummarizer(c *Client) *Summarizer {
	return &Summarizer{c: c, MaxMapCalls: DefaultMaxMapCalls, MinChunk: DefaultMinChunk, MaxChunk: DefaultMaxChunk,
		MaxReplyTokens: defaultReplyTokens, leak: newLeakCheck(prompts.SummarySystem())}
}

var _ bot.Summarizer = (*Summarizer)(nil)

// summarySchema is the strict JSON schema of a draft.
var summarySchema = &Schema{
	Name:        "summary",
	Description: "A cited summary of a chat for clinicians",
	JSON: json.RawMessage(`{"type":"object","additionalProperties":false,
"required":["overview","themes","questions","misinformation","safety"],
"properties":{
"overview":{"$ref":"#/$defs/item"},
"themes":{"type":"array","items":{"$ref":"#/$defs/item"}},
"questions":{"type":"array","items":{"$ref":"#/$defs/item"}},
"misinformation":{"type":"array","items":{"$ref":"#/$defs/item"}},
"safety":{"type":"array","items":{"$ref":"#/$defs/item"}}},
"$defs":{"item":{"type":"object","additionalProperties":false,"required":["text","cites"],
"properties":{"text":{"type":"string"},"cites":{"type":"array","items":{"type":"string"}}}}}}`),
}

// Summarize drafts a summary of in.Messages, citing their Refs.
func (z *Summarizer) Summarize(ctx context.Context, in bot.SummaryInput) (bot.Draft, error) {
	if len(in.Messages) == 0 {
		return bot.Draft{}, unusable("no messages")
	}
	lines := make([]string, len(in.Messages))
	counts := make([]int, len(in.Messages))
	total, largest := 0, 0
	for i, m := range in.Messages {
		lines[i] = prompts.MessageLine(prompts.Message{Ref: m.Ref, Author: m.Author, Text: m.Text})
		counts[i] = CountTokens(lines[i])
		if counts[i] > z.MaxChunk {
			// One message larger than a chunk is cut, not dropped.
			m.Text = TruncateTokens(m.Text, z.MaxChunk/2)
			lines[i] = prompts.MessageLine(prompts.Message{Ref: m.Ref, Author: m.Author, Text: m.Text})
			counts[i] = CountTokens(lines[i])
		}
		total += counts[i]
		largest = max(largest, counts[i])
	}
	// Greedy chunks of budget B close above B-largest tokens each, so a
	// budget of total/MaxMapCalls+largest gives at most MaxMapCalls.
	budget := min(max(total/max(z.MaxMapCalls, 1)+largest, z.MinChunk), z.MaxChunk)
	chunks := chunkCounts(counts, budget)

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	partials := make([]bot.Draft, len(chunks))
	var wg sync.WaitGroup
	for i, chunk := range chunks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			known := make(map[string]bool, len(chunk))
			part := make([]string, len(chunk))
			for j, k := range chunk {
				known[in.Messages[k].Ref] = true
				part[j] = lines[k]
			}
			d, err := z.call(ctx, prompts.SummaryMap(in.Focus, in.Language, part), known)
			if err != nil {
				cancel(err) // the others stop at once
				return
			}
			partials[i] = d
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return bot.Draft{}, asBotError(err)
	}
	if len(partials) == 1 {
		return partials[0], nil
	}
	known := make(map[string]bool, len(in.Messages))
	for _, m := range in.Messages {
		known[m.Ref] = true
	}
	plines := make([]string, len(partials))
	for i, p := range partials {
		b, _ := json.Marshal(p) // a Draft always encodes
		plines[i] = string(b)
	}
	d, err := z.call(ctx, prompts.SummaryReduce(in.Focus, in.Language, plines), known)
	if err != nil {
		return bot.Draft{}, asBotError(err)
	}
	return d, nil
}

// call makes one completion and parses its reply.
func (z *Summarizer) call(ctx context.Context, user string, known map[string]bool) (bot.Draft, error) {
	resp, err := z.c.CompleteJSON(ctx, Request{System: prompts.SummarySystem(), User: user, Schema: summarySchema, MaxTokens: z.MaxReplyTokens})
	if err != nil {
		return bot.Draft{}, err
	}
	return parseDraft(resp.Content, known, z.leak)
}

// replyItem is an item as a model writes it; cites may come as numbers.
type replyItem struct {
	Text  string    `json:"text"`
	Cites flexCites `json:"cites"`
}

type flexCites []string

func (f *flexCites) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for _, r := range raw {
		var s string
		if json.Unmarshal(r, &s) == nil {
			*f = append(*f, strings.TrimSpace(s))
			continue
		}
		var n json.Number
		if json.Unmarshal(r, &n) == nil {
			if _, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
				*f = append(*f, n.String())
			}
		}
	}
	return nil
}

type replyDraft struct {
	Overview       *replyItem   `json:"overview"`
	Themes         *[]replyItem `json:"themes"`
	Questions      *[]replyItem `json:"questions"`
	Misinformation *[]replyItem `json:"misinformation"`
	Safety         *[]replyItem `json:"safety"`
}

// parseDraft reads a reply against the schema. A reply that is not an
// object of that shape (no overview and none of the lists, or fields of the
// wrong type) is refused. Items citing nothing that was sent, and items that
// repeat the system prompt, are dropped; a reply left with nothing is
// refused.
func parseDraft(content string, known map[string]bool, leak *leakCheck) (bot.Draft, error) {
	var r replyDraft
	if err := json.Unmarshal([]byte(content), &r); err != nil {
		return bot.Draft{}, unusable("reply does not follow the schema")
	}
	if r.Overview == nil && r.Themes == nil && r.Questions == nil && r.Misinformation == nil && r.Safety == nil {
		return bot.Draft{}, unusable("reply does not follow the schema")
	}
	keep := func(it replyItem) (bot.SummaryItem, bool) {
		text := strings.TrimSpace(it.Text)
		if text == "" || leak.leaks(text) {
			return bot.SummaryItem{}, false
		}
		var cites []string
		for _, c := range it.Cites {
			if known[c] {
				cites = append(cites, c)
			}
		}
		if len(cites) == 0 {
			return bot.SummaryItem{}, false
		}
		return bot.SummaryItem{Text: text, Cites: cites}, true
	}
	list := func(items *[]replyItem) []bot.SummaryItem {
		if items == nil {
			return nil
		}
		var out []bot.SummaryItem
		for _, it := range *items {
			if k, ok := keep(it); ok {
				out = append(out, k)
			}
		}
		return out
	}
	var d bot.Draft
	if r.Overview != nil {
		d.Overview, _ = keep(*r.Overview)
	}
	d.Themes, d.Questions, d.Misinformation, d.Safety = list(r.Themes), list(r.Questions), list(r.Misinformation), list(r.Safety)
	if d.Empty() {
		return bot.Draft{}, unusable("nothing in the reply could be verified")
	}
	return d, nil
}

// errUnusable is a reply that came back but cannot be used.
type errUnusable string

func (e errUnusable) Error() string { return "llm: unusable reply: " + string(e) }

func unusable(reason string) error { return errUnusable(reason) }

// asBotError tells the bot why the LLM failed, by kind only.
func asBotError(err error) error {
	var u errUnusable
	if errors.As(err, &u) {
		return bot.Errorf(bot.EUNAVAILABLE, "%s", KindMalformed)
	}
	if k := KindOf(err); k != "" {
		return bot.Errorf(bot.EUNAVAILABLE, "%s", k)
	}
	if errors.Is(err, context.Canceled) {
		return bot.Errorf(bot.EUNAVAILABLE, "%s", KindCanceled)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return bot.Errorf(bot.EUNAVAILABLE, "%s", KindTimeout)
	}
	return bot.Errorf(bot.EUNAVAILABLE, "failed")
}

// leakCheck recognises text that repeats a system prompt: its canary, or
// any run of leakRun consecutive words of it.
type leakCheck struct {
	runs map[string]bool
}

const leakRun = 6

func newLeakCheck(prompt string) *leakCheck {
	l := &leakCheck{runs: map[string]bool{}}
	w := words(prompt)
	for i := 0; i+leakRun <= len(w); i++ {
		l.runs[strings.Join(w[i:i+leakRun], " ")] = true
	}
	return l
}

func (l *leakCheck) leaks(text string) bool {
	if strings.Contains(strings.ToLower(text), strings.ToLower(prompts.Canary)) {
		return true
	}
	w := words(text)
	for i := 0; i+leakRun <= len(w); i++ {
		if l.runs[strings.Join(w[i:i+leakRun], " ")] {
			return true
		}
	}
	return false
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
}
