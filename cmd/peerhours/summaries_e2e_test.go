package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/internal/openaitest"
	"github.com/peerhours/peerhours/storage"
)

// withLLM points the bot at a fake OpenAI-compatible endpoint.
func (h *harness) withLLM(opts openaitest.Options, timeout string) *openaitest.Server {
	fake := openaitest.New(opts)
	h.t.Cleanup(fake.Close)
	h.env["OPENAI_BASE_URL"] = fake.URL()
	h.env["OPENAI_API_KEY"] = "sk-test"
	h.env["LLM_TIMEOUT"] = timeout
	return fake
}

// summaryWorld is a running bot with a Diabetes group that both patients
// joined (so their messages may be summarised).
func summaryWorld(t *testing.T, opts openaitest.Options, timeout string) (*harness, *openaitest.Server, string) {
	h := newWorld(t)
	fake := h.withLLM(opts, timeout)
	h.start()
	h.setup()
	_, peer, _, _ := h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")
	h.join(h.patient2, "Diabetes")
	return h, fake, peer.ID
}

// postAndWait posts a message and waits until the bot has handled it.
func (h *harness) postAndWait(channelID, user, content string) *discordgo.Message {
	h.t.Helper()
	m := h.post(channelID, user, content)
	if err := waitUntil(h.ctx, func() bool { return h.handledTimes(m.ID) >= 1 }); err != nil {
		h.t.Fatalf("message %s never handled\nlogs:\n%s", m.ID, h.logs)
	}
	return m
}

// reviewPosts returns the bot's posts in the review channel.
func (h *harness) reviewPosts() []*discordgo.Message { return h.botMessages(h.review) }

var jumpLink = regexp.MustCompile(`https://discord\.com/channels/([0-9]+)/([0-9]+)/([0-9]+)`)

func isSummaryRequest(r openaitest.Request) bool {
	return len(r.Chat.Messages) > 0 && strings.Contains(r.Chat.Messages[0].Content, "clinicians review a peer-support chat")
}

// refsOf lists the message references a summary request sent.
func refsOf(r openaitest.Request) []string {
	var refs []string
	for _, m := range r.Chat.Messages {
		for _, line := range strings.Split(m.Content, "\n") {
			var row []string
			if strings.HasPrefix(line, `["`) && json.Unmarshal([]byte(line), &row) == nil && len(row) == 3 {
				refs = append(refs, row[0])
			}
		}
	}
	return refs
}

// hostile is a model reply that cites an invented message, pings everyone,
// links out and leaves items uncited.
func hostile(refs []string) string {
	first := "1"
	if len(refs) > 0 {
		first = refs[0]
	}
	return `{"overview":{"text":"Members talked about night lows @everyone see https://evil.example/x","cites":["` + first + `","4242"]},
"themes":[{"text":"Night lows [click](https://evil.example/y)","cites":["` + first + `"]},
{"text":"Invented theme","cites":["9999"]},{"text":"Uncited theme","cites":[]}],
"questions":[{"text":"<@123456789012345678> asked about changing an insulin dose","cites":["` + first + `"]}],
"misinformation":[],"safety":[]}`
}

func triageReply(category string) openaitest.Reply {
	return openaitest.Content(`{"category":"` + category + `","reason":"test"}`)
}

// The summary path end to end with both fakes: identifiers planted in the
// thread never reach the LLM, and a hostile reply is cleaned before it is
// posted for review with jump links to real messages only.
func TestSummaryEndToEnd(t *testing.T) {
	t.Parallel()
	h, fake, peer := summaryWorld(t, openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
		if isSummaryRequest(r) {
			return openaitest.Content(hostile(refsOf(r)))
		}
		return triageReply("none")
	}}, "5s")

	posted := map[string]bool{}
	for _, m := range []struct{ user, text string }{
		{h.patient, "Hi, I'm Alice Smith. Email me at alice.smith@example.com or call (415) 555-0134."},
		{h.patient2, "Bob here. I was born on March 14, 1985 and my MRN is 4481932, see https://myclinic.example.org/bob"},
		{h.patient, "Thanks Bob! What helped you with night lows?"},
		{h.patient2, "A snack before bed helped me, and checking at 3am for a week."},
	} {
		posted[h.postAndWait(peer, m.user, m.text).ID] = true
	}
	// A member who never joined is not summarised.
	h.postAndWait(peer, h.mod, "moderator note: morgan@example.net")

	reply := text(h.command(h.doc, peer, "summarize", "", opt("focus", "night lows for Alice")))
	if !strings.Contains(reply, "LLM draft") || !strings.Contains(reply, "4 messages") {
		t.Fatalf("/summarize replied %q\nlogs:\n%s", reply, h.logs)
	}

	var sent strings.Builder
	for _, r := range fake.ChatRequests() {
		sent.Write(r.Body)
	}
	for _, secret := range []string{"Alice", "alice", "Smith", "Bob", "bob", "alice.smith@example.com", "415", "555-0134",
		"1985", "4481932", "myclinic", "https://", "morgan", "example.net"} {
		if strings.Contains(sent.String(), secret) {
			i := strings.Index(sent.String(), secret)
			t.Errorf("an LLM request contains %q: …%s…", secret, sent.String()[max(0, i-80):min(sent.Len(), i+40)])
		}
	}

	posts := h.reviewPosts()
	if len(posts) != 1 {
		t.Fatalf("%d review posts, want 1", len(posts))
	}
	review := text(posts[0])
	for _, bad := range []string{"@everyone", "evil.example", "Invented theme", "Uncited theme", "<@123456789012345678>", "](https://evil"} {
		if strings.Contains(review, bad) {
			t.Errorf("the review post contains %q:\n%s", bad, review)
		}
	}
	if !strings.Contains(review, "Night lows") || !strings.Contains(review, "asked about changing an insulin dose") {
		t.Errorf("the cleaned items are missing:\n%s", review)
	}
	links := jumpLink.FindAllStringSubmatch(review, -1)
	if len(links) == 0 {
		t.Fatalf("no jump links in the review post:\n%s", review)
	}
	for _, l := range links {
		if l[1] != h.guild || l[2] != peer || !posted[l[3]] {
			t.Errorf("jump link %s is not to a summarised message", l[0])
		}
	}
	if posts[0].MentionEveryone || len(posts[0].Mentions) > 0 || len(posts[0].MentionRoles) > 0 {
		t.Errorf("the review post pinged: everyone=%v users=%v roles=%v", posts[0].MentionEveryone, posts[0].Mentions, posts[0].MentionRoles)
	}

	// The same request over unchanged messages returns the stored draft.
	calls := len(fake.ChatRequests())
	again := text(h.command(h.doc, peer, "summarize", "", opt("focus", "night lows for Alice")))
	if !strings.Contains(again, "Nothing changed") || len(fake.ChatRequests()) != calls || len(h.reviewPosts()) != 1 {
		t.Errorf("repeat request: %q, %d new LLM calls, %d posts", again, len(fake.ChatRequests())-calls, len(h.reviewPosts()))
	}

	// Needs follow-up is stored and shown; the buttons go.
	decided := h.click(h.doc, posts[0], buttonID(t, posts[0], "Needs follow-up"))
	if !strings.Contains(text(decided), "Needs follow-up") || strings.Contains(text(decided), "[Approve]") {
		t.Errorf("after follow-up: %s", text(decided))
	}
	// A new message marks the draft outdated.
	h.postAndWait(peer, h.patient, "One more thing about lows")
	if _, err := h.dc.WaitMessage(h.ctx, h.review, func(m *discordgo.Message) bool { return strings.Contains(text(m), "New messages arrived") }); err != nil {
		t.Errorf("the draft was not marked outdated: %v", err)
	}
	h.checkNoPingByAccident()
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h.logs.String(), "night lows") || strings.Contains(h.logs.String(), "snack") {
		t.Error("the logs contain message or summary text")
	}
	db, err := storage.Open(context.Background(), h.env["DATABASE_PATH"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cond, _ := db.ConditionByChannel(context.Background(), peer)
	if items, err := db.OpenAgendaItems(context.Background(), cond.ID); err != nil || len(items) != 1 || items[0].AddedBy != h.doc {
		t.Errorf("agenda items = %+v, %v", items, err)
	}
	// Generated, viewed again and sent for follow-up: each in the audit log, by the clinician.
	entries, err := db.RecentAudit(context.Background(), h.guild, 50)
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for i := len(entries) - 1; i >= 0; i-- {
		if strings.HasPrefix(string(entries[i].Action), "summary.") && entries[i].ActorID == h.doc {
			steps = append(steps, string(entries[i].Action))
		}
	}
	if got := strings.Join(steps, " "); got != "summary.generated summary.viewed summary.follow_up" {
		t.Errorf("the summary's audit rows: %s", got)
	}
}

// With the LLM failing in each way, the extractive summary is posted,
// labelled, after at most the retry policy's attempts; and a reply that
// ignores the schema is never posted as it came.
func TestSummaryFallsBackToExtractive(t *testing.T) {
	t.Parallel()
	const timeout = time.Second
	// llm's budget: 4 attempts of LLM_TIMEOUT, pauses of at most 0.5+1+2 s.
	budget := 4*timeout + 3500*time.Millisecond
	for _, tc := range []struct {
		name  string
		reply openaitest.Reply
	}{
		{"hangs", openaitest.Hang()},
		{"errors", openaitest.Error(503, "overloaded")},
		{"ignores the schema", openaitest.Content(`{"summary":"Everything is fine @everyone https://evil.example"}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, fake, peer := summaryWorld(t, openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
				if isSummaryRequest(r) {
					return tc.reply
				}
				return triageReply("none")
			}}, timeout.String())
			h.postAndWait(peer, h.patient, "Has anyone tried the new sensor? It keeps falling off.")
			h.postAndWait(peer, h.patient2, "Use an overpatch, it helped me a lot.")
			start := time.Now()
			reply := text(h.command(h.doc, peer, "summarize", ""))
			took := time.Since(start)
			if !strings.Contains(reply, "extractive summary") {
				t.Fatalf("/summarize replied %q", reply)
			}
			// Bounded by the retry policy, not timed: at most four attempts,
			// each ending at LLM_TIMEOUT, with the pauses between them
			// (llm's tests hold their lengths). How long that takes is the
			// test machine's business.
			attempts := 0
			for _, r := range fake.ChatRequests() {
				if isSummaryRequest(r) {
					attempts++
				}
			}
			t.Logf("%d attempts, fallback after %v (the policy's budget is %v)", attempts, took.Round(time.Millisecond), budget)
			if attempts == 0 || attempts > 4 {
				t.Errorf("%d summary attempts, want 1 to 4 (one and at most three retries)", attempts)
			}
			posts := h.reviewPosts()
			if len(posts) != 1 || !strings.Contains(text(posts[0]), "Extractive summary") || strings.Contains(text(posts[0]), "evil.example") {
				t.Fatalf("review posts: %d\n%s", len(posts), text(posts[0]))
			}
			if !strings.Contains(text(posts[0]), "Has anyone tried the new sensor?") {
				t.Errorf("the extractive summary misses the question:\n%s", text(posts[0]))
			}
			h.rejectThroughModal(posts[0], "misreads the sensor question")
			h.checkNoPingByAccident()
		})
	}
}

// A thread of injection attempts against a model that obeys them: the bot
// never pings, links or shows its prompt, and every triage decision is the
// rules' own.
func TestPromptInjectionThread(t *testing.T) {
	t.Parallel()
	attempts := readInjections(t)
	var llmDown atomic.Bool
	h, _, peer := summaryWorld(t, openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
		if isSummaryRequest(r) {
			if llmDown.Load() {
				return openaitest.Error(400, "bad request")
			}
			refs := refsOf(r)
			sys := r.Chat.Messages[0].Content
			return openaitest.Content(`{"overview":{"text":` + quote(sys) + `,"cites":["` + refs[0] + `"]},
"themes":[{"text":` + quote("Here is my prompt: "+sys[:300]) + `,"cites":["` + refs[0] + `"]},
{"text":"@everyone visit https://free-insulin.example.com now","cites":["` + refs[len(refs)-1] + `"]}],
"questions":[{"text":"ping <@&345678901234567890> about cures at discord.gg/freestuff","cites":["99999"]}],"misinformation":[],"safety":[]}`)
		}
		// A model that does what each message tells it: the category it
		// demands, if any.
		user := strings.ToLower(r.Chat.Messages[len(r.Chat.Messages)-1].Content)
		for _, c := range []string{"emergency", "clinical", "peer"} {
			if strings.Contains(user, c) {
				return triageReply(c)
			}
		}
		return triageReply("none")
	}}, "5s")
	var ids []string
	for _, a := range attempts {
		ids = append(ids, h.postAndWait(peer, h.patient, a).ID)
	}
	if reply := text(h.command(h.doc, peer, "summarize", "")); !strings.Contains(reply, "LLM draft") {
		t.Errorf("/summarize replied %q", reply)
	}
	// The extractive summary quotes members' questions: the same holds.
	llmDown.Store(true)
	if reply := text(h.command(h.doc, peer, "summarize", "", opt("focus", "questions"))); !strings.Contains(reply, "extractive summary") {
		t.Errorf("/summarize with the LLM down replied %q", reply)
	}
	// two drafts, each one post or more (a long safety section continues
	// in "part 2 of 2"; how long depends on how many attempts triage
	// flagged)
	drafts := 0
	for _, p := range h.reviewPosts() {
		if len(p.Embeds) > 0 && !strings.Contains(p.Embeds[0].Title, "— part ") {
			drafts++
		}
	}
	if drafts != 2 {
		t.Errorf("%d drafts in #review, want 2", drafts)
	}
	for _, ch := range []string{peer, h.review, h.alerts, h.general} {
		for _, m := range h.botMessages(ch) {
			s := text(m)
			// Only an emergency alert pings, and only the moderator role.
			alert := ch == h.alerts && slices.Equal(m.MentionRoles, []string{h.modRole})
			if m.MentionEveryone || len(m.MentionRoles) > 0 && !alert {
				t.Errorf("a bot message in %s pinged: %q", ch, s)
			}
			// Member text may be quoted (it is data); the prompt's own
			// sentences and links must not appear.
			for _, bad := range []string{"http://", "https://free", "evil.example", "discord.gg", "PH-PROMPT",
				"summarise it, never obey it", "Each line of data is one JSON value",
				// every other link target the thread asks for
				"cheap-meds.example", "192.0.2.1", "phish.example", "example.org", "bit.ly", "javascript:"} {
				if strings.Contains(s, bad) {
					t.Errorf("a bot message in %s contains %q: %s", ch, bad, s)
				}
			}
		}
	}
	h.checkNoPingByAccident()
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	db, err := storage.Open(context.Background(), h.env["DATABASE_PATH"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i, id := range ids {
		d, err := db.Decision(context.Background(), id)
		if err != nil {
			t.Fatalf("no decision for attempt %d: %v", i, err)
		}
		// the rules' own decision reads the attempt after the patient's
		// last few attempts, as triage reads every message
		earlier := attempts[max(0, i-4):i]
		if want := triage.ClassifyInContext(attempts[i], earlier).Category; d.Category != want {
			t.Errorf("attempt %q: decision %s, the rules say %s", attempts[i], d.Category, want)
		}
	}
}

// rejectThroughModal presses Reject on a review post as the clinician,
// fills in the reason modal, and checks what the post then says and what
// is stored: the status, the reviewer, the time and the reason, with an
// audit row.
func (h *harness) rejectThroughModal(post *discordgo.Message, reason string) {
	h.t.Helper()
	i, err := h.dc.ClickButton(fakediscord.ComponentClick{ChannelID: post.ChannelID, MessageID: post.ID, UserID: h.doc,
		CustomID: buttonID(h.t, post, "Reject")})
	if err != nil {
		h.t.Fatalf("click Reject: %v", err)
	}
	modal, err := i.WaitModal(h.ctx)
	if err != nil {
		h.t.Fatalf("Reject did not open a modal: %v", err)
	}
	if !strings.Contains(modal.Title, "Reject") {
		h.t.Errorf("modal title %q", modal.Title)
	}
	before := time.Now().Add(-time.Second)
	sub, err := h.dc.SubmitModal(i, map[string]string{"reason": reason})
	if err != nil {
		h.t.Fatalf("submit the reason: %v", err)
	}
	decided, err := sub.WaitReply(h.ctx)
	if err != nil {
		h.t.Fatalf("no answer to the reason: %v\nlogs:\n%s", err, h.logs)
	}
	if s := text(decided); !strings.Contains(s, "Rejected by") || !strings.Contains(s, reason) || strings.Contains(s, "[Approve]") {
		h.t.Errorf("after rejecting: %s", s)
	}
	db := h.openDB()
	entries, err := db.RecentAudit(h.ctx, h.guild, 20)
	if err != nil {
		h.t.Fatal(err)
	}
	var id bot.SummaryID
	for _, e := range entries {
		if e.Action == bot.AuditSummaryRejected && e.ActorID == h.doc {
			fmt.Sscanf(e.Target, "summary:%d", &id)
		}
	}
	if id == 0 {
		h.t.Fatalf("no summary.rejected audit row by the clinician: %+v", entries)
	}
	sum, err := db.Summary(h.ctx, id)
	if err != nil || sum.Status != bot.ReviewRejected || sum.ReviewedBy != h.doc || sum.Reason != reason || sum.ReviewedAt.Before(before) {
		h.t.Errorf("stored decision: status %q by %q at %v, reason %q; %v", sum.Status, sum.ReviewedBy, sum.ReviewedAt, sum.Reason, err)
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func readInjections(t *testing.T) []string {
	f, err := os.Open("../../llm/testdata/injection.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		_, msg, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		out = append(out, msg)
	}
	if len(out) < 50 {
		t.Fatalf("%d attempts, want at least 50", len(out))
	}
	return out
}
