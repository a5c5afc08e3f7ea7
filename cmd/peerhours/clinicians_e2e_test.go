package main

import (
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

// dm waits for the bot's direct message to a user that contains want.
func (h *harness) dm(userID, want string) *discordgo.Message {
	h.t.Helper()
	ch, err := h.dc.DMChannel(userID)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.botMessage(ch.ID, func(m *discordgo.Message) bool { return strings.Contains(m.Content, want) })
}

// verify runs /clinician verify as the moderator and checks the reply.
func (h *harness) verify(userID, jurisdiction string, expires time.Time) {
	h.t.Helper()
	got := text(h.command(h.mod, h.general, "clinician", "verify", opt("member", userID), opt("licence", "CPSO 98765"),
		opt("jurisdiction", jurisdiction), opt("expires", expires.Format("2006-01-02"))))
	if !strings.Contains(got, "verified clinician ("+jurisdiction+")") {
		h.t.Fatalf("/clinician verify: %s", got)
	}
}

// licenceNowhere fails if the licence number reached any message the bot
// sent (or anything else the emulator holds).
func (h *harness) licenceNowhere(licence string) {
	h.t.Helper()
	for _, c := range h.dc.Calls() {
		if strings.Contains(string(c.RawBody), licence) && !strings.Contains(c.Route, "/interactions/") {
			h.t.Errorf("%s sent the licence number", c.Route)
		}
	}
}

// Verified clinicians end to end: only moderators verify; verification
// grants the clinician role, and its expiry (on the test clock) removes it
// after private reminders; a clinician holding the role without a current
// verification is refused /queue next, a verified one takes the question
// and the thread says "verified clinician (Ontario)"; the licence number
// goes nowhere but the verifier's masked reply.
func TestClinicianVerificationEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.withBotClock()
	h.start()
	h.setup()
	_, _, office, _ := h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")
	patel := h.must(h.dc.AddMember(h.guild, fakediscord.MemberSpec{Username: "drpatel", GlobalName: "Dr. Patel"})).(*discordgo.Member).User.ID

	berlin, _ := time.LoadLocation("Europe/Berlin")
	expires := h.clock.Now().In(berlin).AddDate(0, 0, 40)
	if got := text(h.command(h.patient, h.general, "clinician", "verify", opt("member", h.patient), opt("licence", "X-1"),
		opt("jurisdiction", "Ontario"), opt("expires", expires.Format("2006-01-02")))); !strings.Contains(got, "Only moderators") {
		t.Errorf("a patient verified: %s", got)
	}
	if got := text(h.command(h.mod, h.general, "clinician", "verify", opt("member", patel), opt("licence", "X-1"),
		opt("jurisdiction", "Ontario"), opt("expires", "31/12/2030"))); !strings.Contains(got, "not a date like 2027-03-31") {
		t.Errorf("a bad date: %s", got)
	}
	if h.hasRole(patel, h.docRole) {
		t.Fatal("Dr. Patel has the clinician role before verification")
	}
	reply := text(h.command(h.mod, h.general, "clinician", "verify", opt("member", patel), opt("licence", "CPSO 98765"),
		opt("jurisdiction", "Ontario"), opt("expires", expires.Format("2006-01-02"))))
	if !strings.Contains(reply, "verified clinician (Ontario)") || !strings.Contains(reply, "•••765") || strings.Contains(reply, "98765") {
		t.Errorf("/clinician verify replied:\n%s", reply)
	}
	if !h.hasRole(patel, h.docRole) {
		t.Fatal("verification did not grant the clinician role")
	}
	if list := text(h.command(h.mod, h.general, "clinician", "list")); !strings.Contains(list, "<@"+patel+"> — Ontario") || strings.Contains(list, "98765") {
		t.Errorf("/clinician list:\n%s", list)
	}

	// Dr. Lee holds the clinician role, given by hand, without a
	// verification: she may open office hours but not take questions.
	if got := text(h.command(h.patient, h.general, "ask", "", opt("condition", "Diabetes"), opt("question", "What should I ask about my HbA1c result?"))); !strings.Contains(got, "office-hours queue") {
		t.Fatalf("/ask: %s", got)
	}
	if got := text(h.command(h.doc, h.general, "officehours", "start", opt("condition", "Diabetes"))); !strings.Contains(got, "are open") {
		t.Fatalf("/officehours start: %s", got)
	}
	if got := text(h.command(h.doc, h.general, "queue", "next", opt("condition", "Diabetes"))); !strings.Contains(got, "Only a verified clinician") {
		t.Errorf("an unverified clinician took a question: %s", got)
	}
	if got := text(h.command(h.owner, h.general, "queue", "next", opt("condition", "Diabetes"))); !strings.Contains(got, "Only a verified clinician") {
		t.Errorf("an unverified moderator took a question: %s", got)
	}
	if got := text(h.command(patel, h.general, "queue", "next", opt("condition", "Diabetes"))); !strings.Contains(got, "You took question") {
		t.Fatalf("the verified clinician could not take the question: %s", got)
	}
	var thread *discordgo.Channel
	if err := h.dc.WaitFor(h.ctx, func() bool {
		ths := h.dc.Threads(office.ID)
		if len(ths) > 0 {
			thread = ths[0]
		}
		return thread != nil
	}); err != nil {
		t.Fatal("no thread for the question")
	}
	ping := h.botMessage(thread.ID, func(m *discordgo.Message) bool { return mentioned(m, h.patient) })
	if !strings.Contains(ping.Content, "<@"+patel+">, ✅ verified clinician (Ontario),") || mentioned(ping, patel) {
		t.Errorf("the thread ping: %q (mentions %v)", ping.Content, ping.Mentions)
	}

	// Reminders 30 and 7 days before the end, then the end: the role goes
	// and Dr. Patel is told privately.
	end := time.Date(expires.Year(), expires.Month(), expires.Day()+1, 0, 0, 0, 0, berlin)
	h.advance(end.Add(-30*24*time.Hour).Sub(h.clock.Now()) + time.Minute)
	h.dm(patel, "ends <t:")
	h.advance(23 * 24 * time.Hour)
	if err := h.dc.WaitFor(h.ctx, func() bool { return len(h.botDMs(patel)) == 2 }); err != nil {
		t.Fatalf("DMs to Dr. Patel after the 7-day mark: %d", len(h.botDMs(patel)))
	}
	if !h.hasRole(patel, h.docRole) {
		t.Fatal("the role went before the verification expired")
	}
	h.advance(end.Sub(h.clock.Now()))
	expired := h.dm(patel, "expired")
	if !strings.Contains(expired.Content, "clinician role was removed") {
		t.Errorf("expiry DM: %s", expired.Content)
	}
	if err := h.dc.WaitFor(h.ctx, func() bool { return !h.hasRole(patel, h.docRole) }); err != nil {
		t.Fatal("the clinician role stayed after the verification expired")
	}
	if got := text(h.command(patel, h.general, "queue", "next", opt("condition", "Diabetes"))); strings.Contains(got, "You took question") {
		t.Errorf("an expired clinician took a question: %s", got)
	}
	h.licenceNowhere("98765")
	h.checkNoPingByAccident()
}

// botDMs lists the bot's direct messages to a user.
func (h *harness) botDMs(userID string) []*discordgo.Message {
	ch, err := h.dc.DMChannel(userID)
	if err != nil {
		h.t.Fatal(err)
	}
	return h.botMessages(ch.ID)
}
