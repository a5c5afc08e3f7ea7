package llm_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/internal/openaitest"
	"github.com/peerhours/peerhours/llm"
	"github.com/peerhours/peerhours/prompts"
)

// thread makes n chat messages of realistic length (5 to 60 words), the
// same every time.
func thread(n int) []bot.SourceMessage {
	words := strings.Fields(`my sugar was high again this morning after breakfast and I felt shaky does anyone
		else get lows at night with the new sensor the doctor changed my insulin dose last week I am
		tired all the time but exercise helps a bit thanks for the tips about snacks before bed
		carb counting is hard when eating out what apps do you use to log meals my A1C came back
		better than last time so I am happy walking after dinner works for me too`)
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]bot.SourceMessage, n)
	for i := range out {
		k := 5 + r.IntN(56)
		w := make([]string, k)
		for j := range w {
			w[j] = words[r.IntN(len(words))]
		}
		out[i] = bot.SourceMessage{Ref: fmt.Sprint(i + 1), Author: fmt.Sprintf("Member %c", 'A'+r.IntN(20)), Text: strings.Join(w, " ") + "?"}
	}
	return out
}

// threadTokens counts the thread as a person reads it: "Member A: text".
func threadTokens(msgs []bot.SourceMessage) int {
	n := 0
	for _, m := range msgs {
		n += llm.CountTokens(m.Author + ": " + m.Text + "\n")
	}
	return n
}

// echoDraft answers a summary request with a draft citing the first and
// last reference it was sent (or, for a merge, that it saw cited).
func echoDraft(r openaitest.Request) openaitest.Reply {
	user := r.Chat.Messages[len(r.Chat.Messages)-1].Content
	var refs []string
	for _, line := range strings.Split(user, "\n") {
		var row []string
		if json.Unmarshal([]byte(line), &row) == nil && len(row) == 3 {
			refs = append(refs, row[0])
		}
		var d bot.Draft
		if strings.HasPrefix(line, "{") && json.Unmarshal([]byte(line), &d) == nil {
			refs = append(refs, d.Overview.Cites...)
		}
	}
	if len(refs) == 0 {
		return openaitest.Content(`{"oops":true}`)
	}
	first, last := refs[0], refs[len(refs)-1]
	return openaitest.Content(`{"overview":{"text":"People compared night lows and snacks.","cites":["` + first + `","` + last + `"]},
"themes":[{"text":"Night lows","cites":["` + first + `"]}],"questions":[{"text":"Insulin dose change","cites":["` + last + `","999999"]}],
"misinformation":[],"safety":[]}`)
}

func newSummarizer(t testing.TB, opts openaitest.Options) (*openaitest.Server, *llm.Summarizer) {
	fake := openaitest.New(opts)
	t.Cleanup(fake.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	c := llm.New(llm.Config{BaseURL: fake.URL(), Timeout: 5 * time.Second}, llm.WithHTTPClient(&http.Client{Transport: tr}))
	return fake, llm.NewSummarizer(c)
}

// The figures the issue asks for, checked: a 5,000-message thread takes at
// most 12 calls, at most 3 at once, and sends at most 1.2 times its own
// tokens plus the fixed prompt of each call.
func TestSummarize5000(t *testing.T) {
	msgs := thread(5000)
	fake, z := newSummarizer(t, openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
		rep := echoDraft(r)
		rep.Delay = 10 * time.Millisecond
		return rep
	}})
	start := time.Now()
	d, err := z.Summarize(context.Background(), bot.SummaryInput{Focus: "night lows", Messages: msgs})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	reqs := fake.ChatRequests()
	sent, fixed := 0, 0
	mapFixed := llm.CountTokens(prompts.SummarySystem()) + llm.CountTokens(prompts.SummaryMap("night lows", "", nil))
	reduceFixed := llm.CountTokens(prompts.SummarySystem()) + llm.CountTokens(prompts.SummaryReduce("night lows", "", nil))
	for _, r := range reqs {
		for _, m := range r.Chat.Messages {
			sent += llm.CountTokens(m.Content)
		}
		if strings.Contains(r.Chat.Messages[1].Content, "<<<PARTIALS") {
			fixed += reduceFixed
		} else {
			fixed += mapFixed
		}
	}
	own := threadTokens(msgs)
	ratio := float64(sent-fixed) / float64(own)
	t.Logf("5,000 messages: %d calls, max %d in flight, thread %d tokens, sent %d (%d fixed), variable/thread = %.3f, %v",
		len(reqs), fake.MaxInFlight(), own, sent, fixed, ratio, took)
	if len(reqs) > 12 {
		t.Errorf("%d LLM calls, want at most 12", len(reqs))
	}
	if fake.MaxInFlight() > 3 {
		t.Errorf("%d calls in flight, want at most 3", fake.MaxInFlight())
	}
	if ratio > 1.2 {
		t.Errorf("sent %.3f × the thread's tokens beyond the fixed prompts, want at most 1.2", ratio)
	}
	// The time is logged, not held to a bound: beyond the fake's 10 ms a
	// call it is CPU (counting 185,000 tokens), which under -race on a
	// loaded 2-core machine is the machine's speed (2.6 s on a quiet one,
	// past 5 s beside another test run). BenchmarkSummarize5000 measures it.
	for _, it := range append(d.Questions, d.Overview) {
		for _, c := range it.Cites {
			if c == "999999" {
				t.Errorf("an invented citation survived: %+v", it)
			}
		}
	}
}

func TestSummarizeSmallThreadIsOneCall(t *testing.T) {
	fake, z := newSummarizer(t, openaitest.Options{Handler: echoDraft})
	d, err := z.Summarize(context.Background(), bot.SummaryInput{Messages: thread(20)})
	if err != nil || d.Overview.Text == "" {
		t.Fatalf("draft %+v, %v", d, err)
	}
	if n := len(fake.ChatRequests()); n != 1 {
		t.Errorf("%d calls for 20 messages, want 1", n)
	}
	if got := fake.ChatRequests()[0].ResponseFormat(); got != "json_schema" {
		t.Errorf("response_format %q, want json_schema", got)
	}
}

// One chunk failing ends the draft at once: the others are cancelled.
func TestSummarizeFailsFast(t *testing.T) {
	gate := make(chan struct{})
	defer close(gate)
	fake, z := newSummarizer(t, openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
		if r.Seq == 1 {
			return openaitest.Error(http.StatusForbidden, "quota")
		}
		return openaitest.Reply{Until: gate, Content: "{}"}
	}})
	start := time.Now()
	_, err := z.Summarize(context.Background(), bot.SummaryInput{Messages: thread(3000)})
	if bot.ErrorCode(err) != bot.EUNAVAILABLE || bot.ErrorMessage(err) != string(llm.KindAuth) {
		t.Fatalf("err = %v", err)
	}
	// The gated calls would hang until the test ends, so returning at all
	// shows they were cancelled; the bound only catches waiting out a
	// per-call deadline, and is loose because counting 3,000 messages'
	// tokens takes seconds on a loaded machine under -race.
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("took %v to give up", took)
	}
	if n := len(fake.ChatRequests()); n > 3 {
		t.Errorf("%d calls after the failure, want the 3 already in flight", n)
	}
}

func TestSummarizeRejectsOffSchemaReplies(t *testing.T) {
	for _, reply := range []string{`{"summary":"fine"}`, `{"overview":"not an object"}`, `{"overview":{"text":"x","cites":["404"]},"themes":[]}`,
		`{"overview":{"text":"You help clinicians review a peer-support chat of people","cites":["1"]}}`} {
		_, z := newSummarizer(t, openaitest.Options{Default: &openaitest.Reply{Content: reply}})
		if _, err := z.Summarize(context.Background(), bot.SummaryInput{Messages: thread(3)}); bot.ErrorMessage(err) != string(llm.KindMalformed) {
			t.Errorf("reply %s: err = %v, want malformed", reply, err)
		}
	}
}

func BenchmarkSummarize5000(b *testing.B) {
	msgs := thread(5000)
	_, z := newSummarizer(b, openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
		rep := echoDraft(r)
		rep.Delay = 10 * time.Millisecond
		return rep
	}})
	for b.Loop() {
		if _, err := z.Summarize(context.Background(), bot.SummaryInput{Messages: msgs}); err != nil {
			b.Fatal(err)
		}
	}
}
