package bot_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

// mentor has a member of c apply and a moderator approve them.
func (w *world) mentor(c bot.Condition, user string) {
	w.t.Helper()
	caller := w.joined(c, user)
	a, err := w.svc.ApplyMentor(w.ctx, caller, bot.MentorApply{Conditions: c.Name,
		Experience: "Twelve years with it, and I have helped friends through the first year.", Version: bot.MentorGuidelinesVersion})
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.svc.DecideMentor(w.ctx, w.mod, a.ID, true, ""); err != nil {
		w.t.Fatal(err)
	}
	w.run()
}

func welcomes(w *world) [][]string {
	var out [][]string
	for _, n := range bottest.Notices[bot.PeerWelcome](w.d) {
		out = append(out, n.MentorIDs)
	}
	return out
}

func TestMentorApplication(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.condition("Asthma")
	outsider := bot.Caller{UserID: "out", GuildID: guild}
	if _, err := w.svc.StartMentorApplication(w.ctx, outsider); bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), "/join") {
		t.Errorf("a non-member applied: %v", err)
	}
	m1 := w.joined(c, "m1")
	intro, err := w.svc.StartMentorApplication(w.ctx, m1)
	if err != nil || !slices.Equal(intro.Conditions, []string{"Diabetes"}) || intro.Version != bot.MentorGuidelinesVersion ||
		!strings.Contains(intro.Guidelines, "never medical advice") {
		t.Fatalf("intro = %+v, %v", intro, err)
	}
	ok := bot.MentorApply{Conditions: "diabetes", Experience: "Type 1 since 2010; I run a local support meetup.", Version: bot.MentorGuidelinesVersion}
	for _, tc := range []struct {
		name string
		f    bot.MentorApply
		code string
	}{
		{"old guidelines", bot.MentorApply{Conditions: "Diabetes", Experience: ok.Experience, Version: 0}, bot.ECONFLICT},
		{"a group they are not in", bot.MentorApply{Conditions: "Asthma", Experience: ok.Experience, Version: ok.Version}, bot.EINVALID},
		{"no group", bot.MentorApply{Conditions: " , ", Experience: ok.Experience, Version: ok.Version}, bot.EINVALID},
		{"too short", bot.MentorApply{Conditions: "Diabetes", Experience: "me", Version: ok.Version}, bot.EINVALID},
	} {
		if _, err := w.svc.ApplyMentor(w.ctx, m1, tc.f); bot.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	a, err := w.svc.ApplyMentor(w.ctx, m1, ok)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.ApplyMentor(w.ctx, m1, ok); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("a second pending application: %v", err)
	}
	cards := bottest.Notices[bot.MentorApplicationCard](w.d)
	if len(cards) != 1 || cards[0].ChannelID != "review" || cards[0].Application.Status != bot.ApplicationPending ||
		!slices.Equal(cards[0].Conditions, []string{"Diabetes"}) {
		t.Fatalf("cards = %+v", cards)
	}
	if _, err := w.svc.DecideMentor(w.ctx, m1, a.ID, true, ""); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("the applicant approved themselves: %v", err)
	}
	card, err := w.svc.DecideMentor(w.ctx, w.mod, a.ID, true, "")
	if err != nil || card.Application.Status != bot.ApplicationApproved || card.Application.DecidedBy != w.mod.UserID {
		t.Fatalf("approve: %+v, %v", card, err)
	}
	w.run()
	settings, _ := w.svc.Settings(w.ctx, guild)
	space, ok2 := w.d.Channels[settings.MentorChannelID]
	if !ok2 || space.Name != "peer-mentors" || memberLevel(space.Access, settings.MentorRoleID) != bot.ReadWrite ||
		memberLevel(space.Access, c.RoleID) != -1 {
		t.Errorf("mentor channel = %+v", space)
	}
	if !w.d.HasRole("m1", c.MentorRoleID) || !w.d.HasRole("m1", settings.MentorRoleID) {
		t.Error("the approved mentor lacks the mentor roles")
	}
	if dms := w.d.DMsTo("m1"); len(dms) != 1 || !dms[0].(bot.MentorDecisionNotice).Approved {
		t.Errorf("DMs to the new mentor = %+v", dms)
	}
	if wl := bottest.Notices[bot.MentorWelcome](w.d); len(wl) != 1 || wl[0].ChannelID != settings.MentorChannelID || wl[0].UserID != "m1" {
		t.Errorf("welcome = %+v", wl)
	}
	if edits := len(w.d.Edits); edits == 0 {
		t.Error("the card was not updated with the decision")
	}

	// A decline needs a reason, which the applicant is told.
	m2 := w.joined(c, "m2")
	b, err := w.svc.ApplyMentor(w.ctx, m2, ok)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.DecideMentor(w.ctx, w.mod, b.ID, false, ""); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("declined without a reason: %v", err)
	}
	if _, err := w.svc.DecideMentor(w.ctx, w.mod, b.ID, false, "Please take part for a few weeks first."); err != nil {
		t.Fatal(err)
	}
	w.run()
	if dms := w.d.DMsTo("m2"); len(dms) != 1 || dms[0].(bot.MentorDecisionNotice).Approved || dms[0].(bot.MentorDecisionNotice).Reason == "" {
		t.Errorf("DMs to the declined = %+v", dms)
	}
	if _, err := w.svc.DecideMentor(w.ctx, w.mod, b.ID, true, ""); err != nil {
		t.Errorf("a second decision is answered with the first: %v", err)
	}
	o, err := w.svc.MentorReview(w.ctx, w.mod)
	if err != nil || len(o.Pending) != 0 || len(o.Groups) != 1 || len(o.Groups[0].Mentors) != 1 || o.Groups[0].Mentors[0].UserID != "m1" {
		t.Errorf("review = %+v, %v", o, err)
	}
	if _, err := w.svc.MentorReview(w.ctx, m2); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("a member reviewed: %v", err)
	}
	actions := w.auditActions()
	for _, a := range []bot.AuditAction{bot.AuditMentorApplied, bot.AuditMentorApproved, bot.AuditMentorDeclined} {
		if !slices.Contains(actions, string(a)) {
			t.Errorf("audit lacks %s: %v", a, actions)
		}
	}
}

// Pings rotate: each peer question pings the two mentors whose turn it is,
// never the role, never the asker, never a paused mentor, never one who
// left the group.
func TestMentorRotation(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	for _, m := range []string{"m1", "m2", "m3"} {
		w.mentor(c, m)
	}
	w.joined(c, "pat")
	ask := func() {
		w.clock.Advance(time.Minute)
		w.post(c, "pat", "how do you all deal with needle fatigue?")
		w.run()
	}
	ask()
	ask()
	ask()
	want := [][]string{{"m1", "m2"}, {"m3", "m1"}, {"m2", "m3"}}
	if got := welcomes(w); !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("pings = %v, want %v", got, want)
	}
	// A mentor asking is not pinged for their own question.
	w.clock.Advance(time.Minute)
	w.post(c, "m1", "how do you all deal with needle fatigue?")
	w.run()
	if got := welcomes(w)[3]; slices.Contains(got, "m1") || len(got) != 2 {
		t.Errorf("the asking mentor's question pinged %v", got)
	}
	if _, err := w.svc.PauseMentoring(w.ctx, bot.Caller{UserID: "m2", GuildID: guild}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.PauseMentoring(w.ctx, bot.Caller{UserID: "m2", GuildID: guild}, true); bot.ErrorCode(err) != bot.ECONFLICT {
		t.Errorf("paused twice: %v", err)
	}
	if _, err := w.svc.PauseMentoring(w.ctx, bot.Caller{UserID: "pat", GuildID: guild}, true); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("a non-mentor paused: %v", err)
	}
	if _, err := w.svc.Leave(w.ctx, bot.Caller{UserID: "m3", GuildID: guild, RoleIDs: []string{c.RoleID}}, "Diabetes"); err != nil {
		t.Fatal(err)
	}
	ask()
	if got := welcomes(w)[4]; !slices.Equal(got, []string{"m1"}) {
		t.Errorf("with m2 paused and m3 gone, pinged %v", got)
	}
	if _, err := w.svc.PauseMentoring(w.ctx, bot.Caller{UserID: "m2", GuildID: guild}, false); err != nil {
		t.Fatal(err)
	}
	ask()
	if got := welcomes(w)[5]; !slices.Equal(got, []string{"m2", "m1"}) {
		t.Errorf("after m2 resumed, pinged %v", got)
	}
}

// The lifecycle of a peer thread: one nudge at 6 h to mentors not pinged
// yet, the office-hours offer at 24 h, archived after 72 quiet hours
// (counted from the last message), closed when resolved or when the asker
// left.
func TestPeerThreadLifecycle(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	for _, m := range []string{"m1", "m2", "m3"} {
		w.mentor(c, m)
	}
	w.joined(c, "pat")
	start := w.clock.Now()
	quiet := w.post(c, "pat", "how do you all deal with needle fatigue?")
	w.run()
	thread := w.d.Threads[quiet.ID]
	w.until(start.Add(6*time.Hour - time.Second))
	if n := len(bottest.Notices[bot.PeerNudge](w.d)); n != 0 {
		t.Fatal("nudged before 6 h")
	}
	w.until(start.Add(6 * time.Hour))
	nudges := bottest.Notices[bot.PeerNudge](w.d)
	if len(nudges) != 1 || nudges[0].ThreadID != thread || !slices.Equal(nudges[0].MentorIDs, []string{"m3", "m1"}) {
		t.Fatalf("nudges = %+v", nudges)
	}
	w.until(start.Add(24 * time.Hour))
	if len(bottest.Notices[bot.PeerNudge](w.d)) != 1 || len(bottest.Notices[bot.PeerFollowup](w.d)) != 1 {
		t.Fatal("want one nudge and one follow-up after 24 h")
	}
	// Someone writes at 30 h: the thread is quiet from then.
	w.d.SetThreadActivity(thread, start.Add(30*time.Hour))
	w.until(start.Add(101 * time.Hour))
	if len(bottest.Notices[bot.PeerClosed](w.d)) != 0 || w.d.Private.Archived[thread] {
		t.Fatal("archived before 72 quiet hours")
	}
	w.until(start.Add(102 * time.Hour))
	closed := bottest.Notices[bot.PeerClosed](w.d)
	if len(closed) != 1 || closed[0].Reason != bot.PeerQuiet || !w.d.Private.Archived[thread] || w.d.Private.Locked[thread] {
		t.Fatalf("after 72 quiet hours: %+v, archived %v", closed, w.d.Private.Archived[thread])
	}

	// Resolved by the asker: closed at once, no nudge, no offer later.
	start = w.clock.Now()
	resolved := w.post(c, "pat", "any tips for keeping a sensor on while swimming?")
	w.run()
	if _, err := w.svc.ResolvePeerThread(w.ctx, bot.Caller{UserID: "m1", GuildID: guild}, resolved.ID); bot.ErrorCode(err) != bot.EFORBIDDEN {
		t.Errorf("someone else resolved it: %v", err)
	}
	if _, err := w.svc.ResolvePeerThread(w.ctx, bot.Caller{UserID: "pat", GuildID: guild}, resolved.ID); err != nil {
		t.Fatal(err)
	}
	w.run()
	rt := w.d.Threads[resolved.ID]
	closed = bottest.Notices[bot.PeerClosed](w.d)
	if len(closed) != 2 || closed[1].Reason != bot.PeerResolved || closed[1].ThreadID != rt || !w.d.Private.Archived[rt] {
		t.Fatalf("after Resolved: %+v", closed)
	}
	w.until(start.Add(25 * time.Hour))
	for _, n := range bottest.Notices[bot.PeerNudge](w.d) {
		if n.ThreadID == rt {
			t.Error("a resolved thread was nudged")
		}
	}
	for _, n := range bottest.Notices[bot.PeerFollowup](w.d) {
		if n.ThreadID == rt {
			t.Error("a resolved thread was offered the queue")
		}
	}

	// The asker leaves: the thread closes, locked.
	left := w.post(c, "pat", "what do you say to people who stare at your pump?")
	w.run()
	if err := w.svc.MemberLeft(w.ctx, guild, "pat"); err != nil {
		t.Fatal(err)
	}
	w.run()
	lt := w.d.Threads[left.ID]
	closed = bottest.Notices[bot.PeerClosed](w.d)
	if len(closed) != 3 || closed[2].Reason != bot.PeerAskerLeft || !w.d.Private.Locked[lt] {
		t.Fatalf("after the asker left: %+v", closed)
	}
}
