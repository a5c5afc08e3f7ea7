package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/internal/openaitest"
)

// sourcesOf returns the [ref, author, text] lines a summary request sent.
func sourcesOf(r openaitest.Request) [][]string {
	var out [][]string
	for _, m := range r.Chat.Messages {
		for _, line := range strings.Split(m.Content, "\n") {
			var row []string
			if strings.HasPrefix(line, `["`) && json.Unmarshal([]byte(line), &row) == nil && len(row) == 3 {
				out = append(out, row)
			}
		}
	}
	return out
}

// item is one statement of a scripted model reply.
func item(text string, cites ...string) map[string]any {
	if cites == nil {
		cites = []string{}
	}
	return map[string]any{"text": text, "cites": cites}
}

// echoingModel answers a summary request with a draft that repeats each
// redacted message as a theme (so what the clinician reads is what the
// model was sent), invents a name and a phone number, and slips into
// telling patients what to do; triage requests get "none".
func echoingModel(r openaitest.Request) openaitest.Reply {
	if !isSummaryRequest(r) {
		return triageReply("none")
	}
	src := sourcesOf(r)
	themes := []map[string]any{}
	var all []string
	for _, s := range src {
		themes = append(themes, item(s[1]+" wrote: "+s[2], s[0]))
		all = append(all, s[0])
	}
	themes = append(themes, item("Double your insulin tonight if the lows come back.", all[0]))
	return openaitest.JSON(map[string]any{
		"overview": item("Members talked about group meetings, an older relative's care and night lows; Alice Smith (415-555-0134) agreed with everyone.", all...),
		"themes":   themes, "questions": []any{}, "misinformation": []any{}, "safety": []any{},
	})
}

// Must show (issue 14): a thread that names a member who never posted in
// it, a non-member, a care home, a city, an age over 89, a plate and an IP.
// The emulator sends members in GUILD_CREATE only as Discord does (the bot
// alone here), the bot reads the member list with the Server Members
// intent, and none of these reaches the fake OpenAI server; the draft the
// clinician reviews still reads naturally, and what the model invented or
// told patients to do is redacted or set apart.
// discordMarkup matches what carries Discord's IDs in a message: mentions,
// channel and role links, timestamps and links.
var discordMarkup = regexp.MustCompile(`<(@[!&]?|#|t:)[0-9]+(:[a-zA-Z])?>|https?://\S+`)

func TestRedactionEndToEnd(t *testing.T) {
	h := newWorld(t, withMembersIntent)
	// A member who never posts in the thread, with a name no rule would
	// take for one: only the member list can remove it.
	h.must(h.dc.AddMember(h.guild, fakediscord.MemberSpec{Username: "vexlyn_m", GlobalName: "Vexlyn Marrowgate", Nick: "Vexy"}))
	fake := h.withLLM(openaitest.Options{Handler: echoingModel}, "5s")
	h.start()
	if _, err := h.dc.WaitCall(h.ctx, func(c fakediscord.Call) bool {
		return c.Route == "GET /guilds/{g}/members" && c.Status == 200
	}); err != nil {
		t.Fatalf("the member list was never read: %v\nlogs:\n%s", err, h.logs)
	}
	// GUILD_CREATE carried only the bot, as Discord sends it without the
	// Guild Presences intent.
	for _, id := range h.dc.Identifies() {
		if id.Intents&discordgo.IntentGuildPresences != 0 || id.Intents&discordgo.IntentGuildMembers == 0 {
			t.Errorf("IDENTIFY intents %b", id.Intents)
		}
	}
	shown := text(h.command(h.owner, h.general, "setup", ""))
	if strings.Contains(shown, "Server Members intent is off") {
		t.Errorf("/setup warns about the intent although it is on:\n%s", shown)
	}
	h.setup()
	_, peerCh, _, _ := h.createCondition("Diabetes")
	peer := peerCh.ID
	h.join(h.patient, "Diabetes")
	h.join(h.patient2, "Diabetes")
	// A member who joins the server later is known too (GUILD_MEMBER_ADD).
	h.must(h.dc.AddMember(h.guild, fakediscord.MemberSpec{Username: "quillan", GlobalName: "Quillan Ashdown-Thorne"}))
	// Discord's clock (frozen for the tests) moves to now: the messages
	// are written after the members' consent.
	h.clock.Set(time.Now())

	th, err := h.dc.StartThread(fakediscord.UserThread{ChannelID: peer, UserID: h.patient, Name: "weekend"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []struct{ user, text string }{
		{h.patient, "I sat with Vexlyn Marrowgate at group last week and she shared her meter tips; Quillan Ashdown-Thorne came too."},
		{h.patient2, "My grandma is 94 and lives at Maple Grove Care Home in Tacoma; her night lows scare the staff."},
		{h.patient, "My nephew Rory drove me to the clinic, plate KX19 LMN, and the portal only opens from 192.168.14.77 for me."},
		{h.patient2, "Night lows are hard; a snack before bed helps me."},
	} {
		h.post(th.ID, m.user, m.text)
	}
	reply := text(h.command(h.doc, th.ID, "summarize", ""))
	if !strings.Contains(reply, "4 messages") || !strings.Contains(reply, "LLM draft") {
		t.Fatalf("/summarize replied %q\nlogs:\n%s", reply, h.logs)
	}

	var sent strings.Builder
	for _, r := range fake.ChatRequests() {
		sent.Write(r.Body)
	}
	identifiers := []string{"Vexlyn", "vexlyn", "Marrowgate", "Vexy", "Quillan", "Ashdown", "Rory", "Maple Grove", "Tacoma",
		"94", "KX19", "LMN", "192.168", "14.77", "Alice", "alice", "bob", "Bob"}
	for _, id := range identifiers {
		if i := strings.Index(sent.String(), id); i >= 0 {
			t.Errorf("an LLM request holds %q: …%s…", id, sent.String()[max(0, i-60):min(sent.Len(), i+40)])
		}
	}

	posts := h.reviewPosts()
	if len(posts) != 1 {
		t.Fatalf("%d review posts", len(posts))
	}
	review := text(posts[0])
	// Discord's own IDs (mentions, channel links, jump links, timestamps)
	// are digits too: "94" may well be in one of them
	visible := discordMarkup.ReplaceAllString(review, "")
	for _, id := range append(identifiers, "415", "555-0134", "Smith") {
		if strings.Contains(visible, id) {
			t.Errorf("the review post holds %q:\n%s", id, review)
		}
	}
	// It still reads naturally: pseudonyms and placeholders where the
	// identifiers were, the same ones throughout.
	for _, want := range []string{
		"Member A wrote: I sat with Person 1 at group last week and she shared her meter tips; Person 2 came too.",
		"Member B wrote: My grandma is [age 90+] and lives at Place 1 in Place 2; her night lows scare the staff.",
		"Member A wrote: My nephew Person 3 drove me to the clinic, plate [vehicle], and the portal only opens from [ip] for me.",
		"Person 4 ([phone]) agreed with everyone",
		"🚩", "“Double your insulin tonight if the lows come back.”",
	} {
		if !strings.Contains(review, want) {
			t.Errorf("the review post lacks %q:\n%s", want, review)
		}
	}
	h.checkNoPingByAccident()
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"Vexlyn", "Tacoma", "night lows"} {
		if strings.Contains(h.logs.String(), id) {
			t.Errorf("the logs hold %q", id)
		}
	}
}

// citingModel answers a summary request with one statement per message,
// each quoting it, and one that repeats the first message's words while
// citing another.
func citingModel(r openaitest.Request) openaitest.Reply {
	if !isSummaryRequest(r) {
		return triageReply("none")
	}
	src := sourcesOf(r)
	var themes []map[string]any
	var all []string
	for _, s := range src {
		themes = append(themes, item(s[1]+" said: "+s[2], s[0]))
		all = append(all, s[0])
	}
	themes = append(themes, item("Others liked the flumberwick routine too.", all[len(all)-1]))
	return openaitest.JSON(map[string]any{
		"overview": item("Members compared evening routines.", all...),
		"themes":   themes, "questions": []any{}, "misinformation": []any{}, "safety": []any{},
	})
}

// Must show (issue 14): a member opts out and another deletes a message
// after a draft cites them; the draft and its review post no longer hold
// either text within seconds, and neither does the database file or its
// WAL.
func TestOptOutAndDeletionReachTheDraftEndToEnd(t *testing.T) {
	h := newWorld(t)
	fake := h.withLLM(openaitest.Options{Handler: citingModel}, "5s")
	h.start()
	if shown := text(h.command(h.owner, h.general, "setup", "")); !strings.Contains(shown, "Server Members intent is off") {
		t.Errorf("/setup does not say what is lost without the Server Members intent:\n%s", shown)
	}
	h.setup()
	_, peerCh, _, _ := h.createCondition("Diabetes")
	peer := peerCh.ID
	h.join(h.patient, "Diabetes")
	h.join(h.patient2, "Diabetes")
	h.clock.Set(time.Now())

	h.post(peer, h.patient, "My flumberwick routine in the evening keeps my numbers steady.")
	deleted := h.post(peer, h.patient2, "I do the zephyrine stretch before bed and sleep better.")
	h.post(peer, h.patient2, "Evenings are the hardest part of my day.")
	h.command(h.doc, peer, "summarize", "")
	if len(fake.ChatRequests()) == 0 {
		t.Fatal("no summary request")
	}
	posts := h.reviewPosts()
	if len(posts) != 1 || !strings.Contains(text(posts[0]), "flumberwick") || !strings.Contains(text(posts[0]), "zephyrine") {
		t.Fatalf("the draft does not quote both to begin with:\n%v", posts)
	}

	// Alice leaves summaries; Bob deletes his message on Discord.
	out := text(h.command(h.patient, h.general, "privacy", "summaries", opt("include", false)))
	if !strings.Contains(out, "left out of clinician summaries") || strings.Contains(out, "Not quite done") {
		t.Errorf("/privacy summaries include:false replied %q", out)
	}
	if err := h.dc.DeleteMessage(peer, deleted.ID); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(h.ctx, 10*time.Second)
	defer cancel()
	post, err := h.dc.WaitMessage(ctx, h.review, func(m *discordgo.Message) bool {
		s := text(m)
		return m.ID == posts[0].ID && !strings.Contains(s, "flumberwick") && !strings.Contains(s, "zephyrine")
	})
	if err != nil {
		t.Fatalf("the review post still quotes them: %v\n%s\nlogs:\n%s", err, text(h.reviewPosts()[0]), h.logs)
	}
	got := text(post)
	if !strings.Contains(got, "removed because the messages") || strings.Contains(got, "[Approve]") || !strings.Contains(got, "[Reject]") ||
		!strings.Contains(got, "Evenings are the hardest part of my day.") {
		t.Errorf("the review post after the erasures:\n%s", got)
	}
	// On a busy machine a reader can hold back the WAL checkpoint that
	// follows an erasure; the bot then finishes it in a job due 5 s later
	// (this bot keeps real time), retried with backoff, so the files are
	// watched until clean rather than read once.
	if err := waitUntil(h.ctx, func() bool {
		return len(h.inFiles("flumberwick")) == 0 && len(h.inFiles("zephyrine")) == 0
	}); err != nil {
		t.Fatalf("the erased texts are still in %v %v\nlogs:\n%s", h.inFiles("flumberwick"), h.inFiles("zephyrine"), h.logs)
	}
	db := h.openDB()
	sums, err := db.SummariesIn(h.ctx, h.guild, []string{peer})
	if err != nil || len(sums) != 1 || sums[0].Erased == 0 {
		t.Fatalf("stored summaries: %+v, %v", sums, err)
	}
	h.checkNoPingByAccident()
}
