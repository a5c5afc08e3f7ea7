package main

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

func mentioned(m *discordgo.Message, userID string) bool {
	return slices.ContainsFunc(m.Mentions, func(u *discordgo.User) bool { return u.ID == userID })
}

// Office hours end to end: schedule creates Discord events; start opens the
// channel, posts the queue and mentions the askers (anonymous ones not);
// Take opens a thread and pings the asker (a private thread for an
// anonymous question), Answered and Move update the post; end locks the
// channel, moves what is left on, tells the askers and posts the report
// for review.
func TestOfficeHoursEndToEnd(t *testing.T) {
	t.Parallel()
	// Private threads for anonymous questions need Create Private Threads,
	// which the invite link in docs/operations.md asks for.
	h := newWorld(t, withBotPermissions(invitePermissions|discordgo.PermissionCreatePrivateThreads))
	h.start()
	h.setup()
	// Only a verified clinician takes questions.
	h.verify(h.doc, "Ontario", time.Now().AddDate(1, 0, 0))
	_, peer, office, roleID := h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")
	h.join(h.patient2, "Diabetes")

	// Schedule: a weekly session three days from now, 18:00 Berlin time
	// (the server's zone), run by the clinician.
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().In(berlin).AddDate(0, 0, 3)
	start := time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, berlin)
	reply := text(h.command(h.mod, h.general, "officehours", "schedule", opt("condition", "Diabetes"),
		opt("start", start.Format("2006-01-02")+" 18:00"), opt("duration", 60), opt("repeat", "weekly"), opt("clinician", h.doc)))
	if !strings.Contains(reply, "Office hours scheduled") || !strings.Contains(reply, "<t:"+itoa(start.Unix())+":F>") ||
		!strings.Contains(reply, "Europe/Berlin") {
		t.Fatalf("/officehours schedule replied:\n%s", reply)
	}
	if err := h.dc.WaitFor(h.ctx, func() bool { return len(h.dc.ScheduledEvents(h.guild)) >= 4 }); err != nil {
		t.Fatalf("scheduled events: %d", len(h.dc.ScheduledEvents(h.guild)))
	}
	ev := h.dc.ScheduledEvents(h.guild)[0]
	if ev.EntityType != discordgo.GuildScheduledEventEntityTypeExternal || !strings.HasSuffix(ev.EntityMetadata.Location, "/"+office.ID) ||
		!ev.ScheduledStartTime.Equal(start) || ev.ScheduledEndTime == nil || !ev.ScheduledEndTime.Equal(start.Add(time.Hour)) {
		t.Errorf("first event = %+v", ev)
	}
	// Refusals change nothing.
	for _, tc := range []struct {
		opts []fakediscord.Option
		says string
	}{
		{[]fakediscord.Option{opt("start", "banana")}, `couldn't read "banana" as a date and time`},
		{[]fakediscord.Option{opt("start", "next tuesday")}, "time of day"},
		{[]fakediscord.Option{opt("start", start.Format("2006-01-02")+" 18:30")}, "overlaps"},
		{[]fakediscord.Option{opt("start", "next tuesday 18:00"), opt("clinician", h.patient)}, "clinician role"},
		{[]fakediscord.Option{opt("start", "2020-01-01 18:00")}, "in the past"},
		{[]fakediscord.Option{opt("start", "next tuesday 18:00"), opt("timezone", "Mars/Olympus")}, "time zone"},
	} {
		before := len(h.dc.ScheduledEvents(h.guild))
		got := text(h.command(h.mod, h.general, "officehours", "schedule", append([]fakediscord.Option{opt("condition", "Diabetes")}, tc.opts...)...))
		if !strings.Contains(got, tc.says) || len(h.dc.ScheduledEvents(h.guild)) != before {
			t.Errorf("refusal %v: %s", tc.opts, got)
		}
	}
	list := text(h.command(h.mod, h.general, "officehours", "list"))
	if !strings.Contains(list, "Diabetes") || !strings.Contains(list, "every week") ||
		!strings.Contains(list, "<t:"+itoa(start.Unix())+":F> (<t:"+itoa(start.Unix())+":R>)") {
		t.Errorf("/officehours list:\n%s", list)
	}
	// Patients may not schedule.
	if got := text(h.command(h.patient, h.general, "officehours", "schedule", opt("condition", "Diabetes"), opt("start", "next tuesday 18:00"))); !strings.Contains(got, "Only moderators") {
		t.Errorf("a patient scheduled: %s", got)
	}

	// A clinical question in the peer channel is queued, and the reply
	// names the session it waits for; its asker withdraws it again.
	clinical := h.post(peer.ID, h.patient2, "should I change my insulin dose after a hypo?")
	receipt := h.botMessage(peer.ID, replyTo(clinical.ID))
	if !strings.Contains(receipt.Content, "office-hours queue") || !strings.Contains(receipt.Content, "<t:"+itoa(start.Unix())+":F>") {
		t.Errorf("receipt does not name the next session %s:\n%s", start, receipt.Content)
	}
	if got := h.click(h.patient2, receipt, buttonID(t, receipt, "Withdraw")); !strings.Contains(got.Content, "withdrawn") {
		t.Errorf("after Withdraw: %s", got.Content)
	}

	// Questions: two from Alice, one anonymous from Bob.
	for _, q := range []struct {
		user, text string
		anon       bool
	}{
		{h.patient, "What should I ask my doctor about my HbA1c result?", false},
		{h.patient2, "Is it normal to feel dizzy after a dose change?", true},
		{h.patient, "Does metformin interact with alcohol?", false},
	} {
		got := text(h.command(q.user, h.general, "ask", "", opt("condition", "Diabetes"), opt("question", q.text), opt("anonymous", q.anon)))
		if !strings.Contains(got, "office-hours queue") {
			t.Fatalf("/ask: %s", got)
		}
	}
	if h.can(h.patient, office.ID, discordgo.PermissionSendMessages) {
		t.Fatal("members can post in the office-hours channel before the session")
	}
	shown := text(h.command(h.patient2, h.general, "queue", "show", opt("condition", "Diabetes")))
	if !strings.Contains(shown, "#2") || strings.Contains(shown, "HbA1c") {
		t.Errorf("/queue show for a patient:\n%s", shown)
	}

	// Start by hand: the channel opens, the queue is posted, askers mentioned.
	got := text(h.command(h.doc, h.general, "officehours", "start", opt("condition", "Diabetes")))
	if !strings.Contains(got, "are open") {
		t.Fatalf("/officehours start: %s", got)
	}
	opening := h.botMessage(office.ID, func(m *discordgo.Message) bool { return strings.Contains(m.Content, "office hours are open") })
	if !mentioned(opening, h.patient) || mentioned(opening, h.patient2) {
		t.Errorf("opening mentions %v; want Alice and not the anonymous Bob", opening.Mentions)
	}
	if !h.can(h.patient, office.ID, discordgo.PermissionSendMessages) {
		t.Error("members cannot post while the session is open")
	}
	if err := h.dc.WaitFor(h.ctx, func() bool { return len(h.items(office.ID)) == 3 }); err != nil {
		t.Fatalf("%d queue items posted", len(h.items(office.ID)))
	}
	items := h.items(office.ID)
	for i, it := range items {
		if !strings.Contains(text(it), "Question "+itoa(int64(i+1))) || len(it.Mentions) != 0 {
			t.Errorf("item %d: %s (mentions %v)", i, text(it), it.Mentions)
		}
	}
	anon := items[findItem(t, items, "dizzy")]
	if strings.Contains(text(anon), h.patient2) {
		t.Errorf("the anonymous question shows its asker: %s", text(anon))
	}

	// Take Alice's first question: a thread on it, Alice pinged there.
	first := items[findItem(t, items, "HbA1c")]
	took := text(h.click(h.doc, first, buttonID(t, first, "Take")))
	if !strings.Contains(took, "You took question") {
		t.Fatalf("take: %s", took)
	}
	thread := h.botMessage(first.ID, func(m *discordgo.Message) bool { return mentioned(m, h.patient) })
	if mentioned(thread, h.doc) {
		t.Errorf("the thread ping mentions the clinician too: %v", thread.Mentions)
	}
	// Bob's anonymous question: a private thread with Bob and the clinician.
	h.click(h.doc, anon, buttonID(t, anon, "Take"))
	var private *discordgo.Channel
	if err := h.dc.WaitFor(h.ctx, func() bool {
		for _, th := range h.dc.Threads(office.ID) {
			if th.Type == discordgo.ChannelTypeGuildPrivateThread {
				private = th
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatal("no private thread for the anonymous question")
	}
	h.botMessage(private.ID, func(m *discordgo.Message) bool { return mentioned(m, h.patient2) })
	if members := h.dc.ThreadMembers(private.ID); !slices.Contains(members, h.patient2) || !slices.Contains(members, h.doc) || slices.Contains(members, h.patient) {
		t.Errorf("private thread members = %v", members)
	}
	// Answered, and Move to next session.
	if got := text(h.click(h.doc, first, buttonID(t, first, "Answered"))); !strings.Contains(got, "answered") {
		t.Errorf("answered: %s", got)
	}
	if got := text(h.click(h.doc, anon, buttonID(t, anon, "Move"))); !strings.Contains(got, "next session") {
		t.Errorf("move: %s", got)
	}
	if err := h.dc.WaitFor(h.ctx, func() bool {
		a, _ := h.dc.Message(office.ID, first.ID)
		b, _ := h.dc.Message(office.ID, anon.ID)
		return strings.Contains(text(a), "✅ Answered") && strings.Contains(text(b), "Moved to the next session")
	}); err != nil {
		t.Error("the posts do not show the outcomes")
	}
	// A patient cannot press the clinicians' buttons.
	third := items[findItem(t, items, "alcohol")]
	if got := text(h.click(h.patient, third, buttonID(t, third, "Take"))); !strings.Contains(got, "Only clinicians") {
		t.Errorf("a patient took a question: %s", got)
	}

	// End: locked, the rest moves on, the askers told, the report posted.
	got = text(h.command(h.doc, h.general, "officehours", "end", opt("condition", "Diabetes")))
	if !strings.Contains(got, "closed") || !strings.Contains(got, "1 question answered") {
		t.Errorf("/officehours end: %s", got)
	}
	closing := h.botMessage(office.ID, func(m *discordgo.Message) bool { return strings.Contains(m.Content, "are closed") })
	if !mentioned(closing, h.patient) || mentioned(closing, h.patient2) || !strings.Contains(closing.Content, "2 questions move to the next session, <t:"+itoa(start.Unix())) {
		t.Errorf("closing notice: %q, mentions %v", closing.Content, closing.Mentions)
	}
	if err := h.dc.WaitFor(h.ctx, func() bool { return !h.can(h.patient, office.ID, discordgo.PermissionSendMessages) }); err != nil {
		t.Error("the channel is still open to members")
	}
	if !h.can(h.patient, office.ID, discordgo.PermissionViewChannel) {
		t.Error("members can no longer read the channel")
	}
	report := h.botMessage(h.review, func(m *discordgo.Message) bool {
		return len(m.Embeds) > 0 && strings.Contains(m.Embeds[0].Title, "Session report")
	})
	r := text(report)
	for _, want := range []string{"1 answered", "1 moved", "1 not reached", "<@" + h.doc + ">"} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q:\n%s", want, r)
		}
	}
	if strings.Contains(r, h.patient) || strings.Contains(r, h.patient2) {
		t.Errorf("the report names an asker:\n%s", r)
	}
	_ = roleID
	h.checkNoPingByAccident()
	if logs := h.logs.String(); strings.Contains(logs, "HbA1c") || strings.Contains(logs, "dizzy") {
		t.Error("question text in the logs")
	}
}

// items are the queue posts in a channel, oldest first.
func (h *harness) items(channelID string) []*discordgo.Message {
	var out []*discordgo.Message
	for _, m := range h.botMessages(channelID) {
		if len(m.Embeds) > 0 && strings.HasPrefix(m.Embeds[0].Title, "Question ") {
			out = append(out, m)
		}
	}
	return out
}

func findItem(t *testing.T, items []*discordgo.Message, containing string) int {
	t.Helper()
	for i, m := range items {
		if strings.Contains(text(m), containing) {
			return i
		}
	}
	t.Fatalf("no queue item with %q", containing)
	return -1
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
