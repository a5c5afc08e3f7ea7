package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot/triage"
	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/internal/openaitest"
)

// chatThread is n messages of everyday diabetes chat by the given authors.
// Each is one triage leaves alone (category none): questions would queue
// receipts and peer threads, whose posts, 40 a second, would stand between
// the burst and the summary.
func chatThread(n int, channelID string, authors []string) []fakediscord.UserMessage {
	words := strings.Fields(`my sugar levels were steady this week and the new sensor is comfortable walking after
		dinner works for me too thanks for the tips about snacks before bed carb counting is easier with
		practice I log meals in a notebook the weather made everyone tired today my daughter came to visit
		we cooked lentil soup together the support group last month was lovely I tried swimming again
		and enjoyed it the clinic waiting room has new chairs my dog loves long walks in the park`)
	r := rand.New(rand.NewPCG(7, 8))
	out := make([]fakediscord.UserMessage, 0, n)
	for len(out) < n {
		w := make([]string, 5+r.IntN(40))
		for j := range w {
			w[j] = words[r.IntN(len(words))]
		}
		text := strings.Join(w, " ")
		if triage.Classify(text).Category != triage.None {
			continue
		}
		out = append(out, fakediscord.UserMessage{ChannelID: channelID, AuthorID: authors[r.IntN(len(authors))], Content: text})
	}
	return out
}

// settleJobs waits until no job is due or running.
func (h *harness) settleJobs() {
	h.t.Helper()
	db := h.rawDB()
	if err := waitUntil(h.ctx, func() bool {
		var busy int
		err := db.QueryRow(`SELECT count(*) FROM jobs WHERE done_at = 0 AND (claimed_until != 0 OR due_at <= ?)`,
			time.Now().UnixMilli()).Scan(&busy)
		return err == nil && busy == 0
	}); err != nil {
		h.t.Fatalf("the bot's jobs did not settle: %v", err)
	}
}

// summarizeCost runs /summarize and reports how long it took from the
// command to its reply, and the history pages and member lookups it made.
func (h *harness) summarizeCost(channelID, focus string) (time.Duration, int, int, string) {
	h.t.Helper()
	seen := len(h.dc.Calls())
	start := time.Now()
	reply := text(h.command(h.doc, channelID, "summarize", "", opt("focus", focus)))
	took := time.Since(start)
	pages, lookups := 0, 0
	for _, c := range h.dc.CallsSince(seen) {
		switch c.Route {
		case "GET /channels/{id}/messages":
			pages++
		case "GET /guilds/{g}/members/{u}":
			lookups++
		}
	}
	return took, pages, lookups, reply
}

// summaryRuns is how many times the warm /summarize is timed (each with a
// focus of its own, so that none is answered from the stored summary of
// the one before).
const summaryRuns = 5

// /summarize of 5,000 captured messages, by 300 members who agreed to
// summaries, without and with an LLM (a fake answering in 10 ms, the bot
// restarted with it configured), warm and as the first command after a
// restart. It reads what live capture
// stored: no history page beyond the one that finds nothing is missing
// since the last captured message, and no member looked up over REST (the
// names come from the authors of messages and, after a restart, from the
// gateway's member chunks, 100 a request). Issue 16's budget, end to end
// from the command to its reply, is 300 ms for the extractive summary and
// 1 s with the LLM, warm and after a restart; before, it was 1.8 s and
// 8.2 s (extractive) and 2.0 s and 14.8 s (LLM) on a quiet machine.
//
// The times are held to the budget times a margin (summaryMargin): the
// race detector slows Go code 2-20 times, and this test shares a 2-core
// machine with the emulator, the fake LLM and other test binaries. The
// REST calls counted do not move with load and are held exactly. The
// warm figure is the median of summaryRuns commands; the log line gives
// the best and the median, the measurement for a quiet machine without
// -race (go test -run TestSummarize5000EndToEnd -v ./cmd/peerhours/).
func TestSummarize5000EndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("posts 5,000 messages")
	}
	h := newWorld(t)
	// 5,000 messages through the pipeline under -race, and three starts:
	// more than the world's usual budget.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	h.ctx = ctx
	h.start()
	h.setup()
	_, peer, _, roleID := h.createCondition("Diabetes")
	authors := h.patients(300, roleID)
	for _, u := range authors {
		h.join(u, "Diabetes")
	}
	msgs := chatThread(5000, peer.ID, authors)
	var ids []string
	for b := 0; b < len(msgs); b += 500 {
		posted, err := h.dc.PostMessages(msgs[b:min(b+500, len(msgs))])
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range posted {
			ids = append(ids, m.ID)
		}
	}
	if err := waitUntil(h.ctx, func() bool { _, c := decidedAmong(h, ids); return c == len(ids) }); err != nil {
		t.Fatalf("the messages were not all stored: %v", err)
	}

	restart := func() {
		done := strings.Count(h.logs.String(), `"catch-up done"`)
		if err := h.stop(); err != nil {
			t.Fatal(err)
		}
		h.start()
		// The start's own reading (the catch-up) is done first.
		if err := waitUntil(h.ctx, func() bool { return strings.Count(h.logs.String(), `"catch-up done"`) > done }); err != nil {
			t.Fatal("no catch-up after the restart")
		}
	}
	// measure times n commands (each with a focus of its own) and holds
	// their median to budget times summaryMargin.
	measure := func(what, want string, budget time.Duration, n int) {
		t.Helper()
		// The outbox (welcomes, the setup's posts) is sent, so the REST
		// calls counted are the summary's.
		h.settleJobs()
		limit := budget * summaryMargin
		var times []time.Duration
		for i := range n {
			took, pages, lookups, reply := h.summarizeCost(peer.ID, fmt.Sprintf("walks %s %d", what, i))
			if !strings.Contains(reply, want) || !strings.Contains(reply, "5000 messages") {
				t.Fatalf("/summarize %s: %s", what, reply)
			}
			if pages > 1 || lookups > 0 {
				t.Errorf("%s: %d history pages and %d member lookups, want at most one page and none", what, pages, lookups)
			}
			times = append(times, took)
		}
		slices.Sort(times)
		median := times[len(times)/2]
		t.Logf("%s: best %v, median %v of %d (budget %v; held to %v here)", what,
			times[0].Round(time.Millisecond), median.Round(time.Millisecond), n, budget, limit)
		if median > limit {
			t.Errorf("/summarize %s took %v, over %v (the budget %v times %d)", what, median, limit, budget, summaryMargin)
		}
	}

	// Extractive (no LLM configured): warm, then the first command after
	// a restart.
	measure("extractive, warm", "extractive", 300*time.Millisecond, summaryRuns)
	restart()
	measure("extractive, first after a restart", "extractive", 300*time.Millisecond, 1)

	// With an LLM answering in 10 ms: started with it, the first command,
	// then warm.
	h.withLLM(openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
		var rep openaitest.Reply
		if isSummaryRequest(r) {
			refs := refsOf(r)
			first := "1"
			if len(refs) > 0 {
				first = refs[0]
			}
			rep = openaitest.Content(`{"overview":{"text":"Members talked about walks and meals.","cites":["` + first + `"]},
"themes":[{"text":"Walking after dinner","cites":["` + first + `"]}],"questions":[],"misinformation":[],"safety":[]}`)
		} else {
			rep = triageReply("none")
		}
		rep.Delay = 10 * time.Millisecond
		return rep
	}}, "30s")
	restart()
	measure("LLM, first after a restart", "LLM draft", time.Second, 1)
	measure("LLM, warm", "LLM draft", time.Second, summaryRuns)
}
