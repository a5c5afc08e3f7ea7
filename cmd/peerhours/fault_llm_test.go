package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/internal/openaitest"
	"github.com/peerhours/peerhours/llm"
)

// hostileLLM is text an LLM might answer with that must never reach Discord
// as it came: pings, links, an invite, markdown links.
var hostileLLM = []string{"@everyone", "@here", "<@&1234567890>", "https://evil.example/x", "discord.gg/raid", "[click](http://x.y)"}

// fuzzReply makes the n-th fuzzed reply body (an assistant message's
// content): valid and invalid JSON of the shapes the bot asks for, wrong
// types, unknown citations, hostileLLM text, broken UTF-8, huge strings.
func fuzzReply(r *rand.Rand) string {
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	text := func() string {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			b.WriteString(pick("people said ", "dose ", "I took 30 pills ", "insulin ", hostileLLM[r.IntN(len(hostileLLM))]+" ", "\xff\xfe ", "\u202e ", strings.Repeat("a", r.IntN(3000)), "Member A "))
		}
		return b.String()
	}
	item := func() string {
		return fmt.Sprintf(`{"text":%q,"cites":[%q,%q]}`, text(), pick("1", "2", "99", "", "m1"), pick("1", "3"))
	}
	switch r.IntN(12) {
	case 0:
		return fmt.Sprintf(`{"category":%q,"reason":%q}`, pick("none", "peer", "clinical", "emergency", "EMERGENCY", "urgent", ""), text())
	case 1:
		return fmt.Sprintf(`{"category":%s}`, pick("1", "null", "[]", "{}", "true", `"none"`))
	case 2:
		return fmt.Sprintf(`{"overview":%s,"themes":[%s,%s],"questions":[%s],"misinformation":[],"safety":[%s]}`, item(), item(), item(), item(), item())
	case 3:
		return fmt.Sprintf(`{"overview":%q,"themes":%s}`, text(), pick("null", "3", `"x"`, "[1,2]"))
	case 4:
		full := fmt.Sprintf(`{"overview":%s,"themes":[%s]}`, item(), item())
		return full[:r.IntN(len(full))]
	case 5:
		b := make([]byte, r.IntN(200))
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return string(b)
	case 6:
		return "```json\n" + fmt.Sprintf(`{"category":"peer","reason":%q}`, text()) + "\n```"
	case 7:
		return strings.Repeat("[", 1+r.IntN(5000))
	case 8:
		return fmt.Sprintf(`{"overview":{"text":%q,"cites":["1"]},"overview":{"text":"dup","cites":["2"]}}`, text())
	case 9:
		return ""
	case 10:
		return fmt.Sprintf(`{"category":"clinical","reason":"x","extra":%q}`, text())
	}
	return text()
}

// fuzzTransport answers every chat completion in memory with the next
// fuzzed reply, wrapped (most of the time) in a well-formed completion.
type fuzzTransport struct {
	r      *rand.Rand
	served atomic.Int64
}

func (f *fuzzTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	io.Copy(io.Discard, req.Body)
	req.Body.Close()
	f.served.Add(1)
	content := fuzzReply(f.r)
	var body []byte
	switch f.r.IntN(20) {
	case 0:
		body = []byte(`{"choices":[{"message":{"role":"assistant","content":` + content) // broken envelope
	case 1:
		body = []byte(`{"choices":[]}`)
	default:
		body, _ = json.Marshal(map[string]any{
			"id": "x", "object": "chat.completion", "model": "m",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": content}}},
		})
	}
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(bytes.NewReader(body)), Request: req}, nil
}

// 10,000 fuzzed LLM replies through the real client (go-openai, the retry
// policy, schema parsing), for triage opinions and for summaries: no panic,
// an opinion is a valid category or an error, and a draft cites only the
// messages it was given (cleaning what a draft says before it is posted is
// bot.cleanDraft's, fuzzed by FuzzCleanDraft, and end to end below).
func TestFaultLLMFuzzedReplies(t *testing.T) {
	t.Parallel()
	n := reps(10000, 100000)
	ft := &fuzzTransport{r: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 9))}
	c := llm.New(llm.Config{BaseURL: "http://127.0.0.1:1/v1", Timeout: 5 * time.Second, MaxRetries: -1},
		llm.WithHTTPClient(&http.Client{Transport: ft}))
	tri, sum := llm.NewTriage(c), llm.NewSummarizer(c)
	in := bot.SummaryInput{Messages: []bot.SourceMessage{{Ref: "1", Author: "Member A", Text: "cold air makes it worse"},
		{Ref: "2", Author: "Member B", Text: "same, I use a scarf"}, {Ref: "3", Author: "Member A", Text: "thanks"}}}
	ctx := context.Background()
	opinions, drafts := 0, 0
	for ft.served.Load() < int64(n) {
		if cat, err := tri.TriageOpinion(ctx, "how do you all deal with cold air?"); err == nil {
			opinions++
			if !cat.Valid() {
				t.Fatalf("invalid category %v without an error", cat)
			}
		}
		d, err := sum.Summarize(ctx, in)
		if err != nil {
			continue
		}
		drafts++
		for _, it := range append([]bot.SummaryItem{d.Overview}, append(append(d.Themes, d.Questions...), d.Safety...)...) {
			for _, cite := range it.Cites {
				if cite != "1" && cite != "2" && cite != "3" {
					t.Fatalf("a draft cites %q, which it was not given", cite)
				}
			}
		}
	}
	t.Logf("%d fuzzed replies: %d usable triage opinions, %d usable drafts, 0 panics", ft.served.Load(), opinions, drafts)
}

// The bot end to end with an LLM in chaos: timeouts, 429 with
// Retry-After, 500s, malformed bodies, dropped connections and hostileLLM
// drafts. Every message is still triaged (the rules decide when the LLM
// fails), the emergency gets its crisis reply without waiting for the LLM,
// /summarize answers (with the extractive fallback when it must), nothing
// panics, and no hostileLLM text the LLM wrote reaches Discord.
func TestFaultLLMChaosEndToEnd(t *testing.T) {
	t.Parallel()
	var served atomic.Int64
	chaos := func(req openaitest.Request) openaitest.Reply {
		i := served.Add(1)
		r := rand.New(rand.NewPCG(uint64(i), 7))
		switch i % 7 {
		case 0:
			return openaitest.Hang()
		case 1:
			return openaitest.RateLimited("1")
		case 2:
			return openaitest.Error(500, "boom")
		case 3:
			return openaitest.Malformed()
		case 4:
			return openaitest.Drop()
		}
		return openaitest.Content(fuzzReply(r))
	}
	h := newWorld(t)
	h.withLLM(openaitest.Options{Handler: chaos}, "1s")
	h.start()
	h.setup()
	_, peer, _, roleID := h.createCondition("Diabetes")
	users := h.patients(10, roleID)
	h.join(h.patient, "Diabetes")

	var ids []string
	for i := range reps(60, 300) {
		content := []string{textChat, textPeer, textClinical, "my sugar has been weird this week, anyone else?"}[i%4]
		ids = append(ids, h.post(peer.ID, users[i%len(users)], content).ID)
	}
	emergency := h.post(peer.ID, h.patient, textEmergency)
	h.botMessage(peer.ID, replyTo(emergency.ID))
	for range 3 {
		r := text(h.command(h.doc, h.general, "summarize", "", opt("channel", peer.ID)))
		if r == "" {
			t.Error("/summarize gave an empty answer")
		}
	}
	h.waitHandled(ids)
	if served.Load() == 0 {
		t.Fatal("the LLM was never asked")
	}
	logs := h.logs.String()
	if strings.Contains(logs, "panicked") {
		t.Error("a panic was logged")
	}
	for _, c := range h.dc.Calls() {
		if c.Method == "GET" || len(c.RawBody) == 0 {
			continue
		}
		body := strings.ToLower(string(c.RawBody))
		for _, bad := range hostileLLM {
			if strings.Contains(body, strings.ToLower(bad)) {
				t.Errorf("%s carries %q from the LLM", c.Route, bad)
			}
		}
	}
	h.checkNoPingByAccident()
	t.Logf("%d LLM requests in chaos, %d messages triaged, 0 panics", served.Load(), len(ids)+1)
}
