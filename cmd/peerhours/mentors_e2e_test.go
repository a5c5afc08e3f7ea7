package main

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

// applyMentor runs /mentor apply as user, agrees to the guidelines and
// submits the form, and returns the application's card in #review.
func (h *harness) applyMentor(user, conditions string) *discordgo.Message {
	h.t.Helper()
	intro := h.command(user, h.general, "mentor", "apply")
	if !strings.Contains(text(intro), "never medical advice") {
		h.t.Fatalf("/mentor apply: %s", text(intro))
	}
	i, err := h.dc.ClickButton(fakediscord.ComponentClick{ChannelID: intro.ChannelID, MessageID: intro.ID, UserID: user,
		CustomID: buttonID(h.t, intro, "I agree")})
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := i.WaitModal(h.ctx); err != nil {
		h.t.Fatalf("I agree did not open the form: %v\nlogs:\n%s", err, h.logs)
	}
	before := len(h.botMessages(h.review))
	sub, err := h.dc.SubmitModal(i, map[string]string{"conditions": conditions,
		"experience": "Type 1 for twelve years; I helped friends through their first year with it."})
	if err != nil {
		h.t.Fatal(err)
	}
	thanks, err := sub.WaitReply(h.ctx)
	if err != nil || !strings.Contains(thanks.Content, "with the moderators") {
		h.t.Fatalf("the form's answer: %v %v", thanks, err)
	}
	if err := h.dc.WaitFor(h.ctx, func() bool { return len(h.botMessages(h.review)) > before }); err != nil {
		h.t.Fatal("no application card in #review")
	}
	return h.botMessages(h.review)[before]
}

// firstPostCall waits for the bot's first post in a thread.
func (h *harness) firstPostCall(threadID string) fakediscord.Call {
	h.t.Helper()
	c, err := h.dc.WaitCall(h.ctx, func(c fakediscord.Call) bool {
		return c.Route == "POST /channels/{id}/messages" && c.Params["id"] == threadID && c.Status == 200
	})
	if err != nil {
		h.t.Fatalf("no post in the thread: %v", err)
	}
	return c
}

// threadOf waits for the thread started on a message: on Discord it has
// the message's ID.
func threadOf(h *harness, messageID string) *discordgo.Channel {
	h.t.Helper()
	var th *discordgo.Channel
	if err := h.dc.WaitFor(h.ctx, func() bool {
		c, ok := h.dc.Channel(messageID)
		if ok && c.IsThread() {
			th = c
		}
		return th != nil
	}); err != nil {
		h.t.Fatalf("no thread on %s", messageID)
	}
	return th
}

// Peer mentors end to end: a member applies through the guidelines and
// the form, a moderator approves in #review, the mentor is told privately,
// gets the roles and the private mentor channel; the next peer question
// pings that mentor by name and nobody else (not the mentor role). Then the
// thread's lifecycle on the test clock: a nudge at 6 h, the offer at 24 h,
// archived after 72 quiet hours; another thread resolved by its asker.
func TestMentorsAndPeerThreadsEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.withBotClock()
	h.start()
	h.setup()
	_, peer, _, _ := h.createCondition("Diabetes")
	mentorRole, _ := h.dc.RoleByName(h.guild, "Diabetes Peer Mentor")
	h.join(h.patient, "Diabetes")
	h.join(h.patient2, "Diabetes")

	if got := text(h.command(h.doc, h.general, "mentor", "apply")); !strings.Contains(got, "/join") {
		t.Errorf("a non-member applied: %s", got)
	}
	card := h.applyMentor(h.patient2, "Diabetes")
	if s := text(card); !strings.Contains(s, "Peer mentor application") || !strings.Contains(s, "twelve years") || !strings.Contains(s, "[Approve]") {
		t.Errorf("card: %s", s)
	}
	// Clinicians read #review too, but only moderators decide.
	if got := text(h.click(h.doc, card, buttonID(t, card, "Approve"))); !strings.Contains(got, "Only moderators") {
		t.Errorf("a clinician approved: %s", got)
	}
	review := text(h.command(h.mod, h.general, "mentor", "review"))
	if !strings.Contains(review, "<@"+h.patient2+"> for Diabetes") {
		t.Errorf("/mentor review: %s", review)
	}
	if got := text(h.click(h.mod, card, buttonID(t, card, "Approve"))); !strings.Contains(got, "Approved by <@"+h.mod+">") || strings.Contains(got, "[Approve]") {
		t.Errorf("after Approve: %s", got)
	}
	h.dm(h.patient2, "you're now a peer mentor for **Diabetes**")
	if err := h.dc.WaitFor(h.ctx, func() bool { return h.hasRole(h.patient2, mentorRole.ID) }); err != nil {
		t.Fatal("the mentor has no mentor role")
	}
	space, ok := h.dc.ChannelByName(h.guild, "peer-mentors")
	if !ok {
		t.Fatal("no #peer-mentors channel")
	}
	if !h.can(h.patient2, space.ID, discordgo.PermissionViewChannel) || h.can(h.patient, space.ID, discordgo.PermissionViewChannel) ||
		!h.can(h.mod, space.ID, discordgo.PermissionViewChannel) {
		t.Error("#peer-mentors is not private to mentors and moderators")
	}
	welcome := h.botMessage(space.ID, func(m *discordgo.Message) bool { return mentioned(m, h.patient2) })
	if !strings.Contains(welcome.Content, "Welcome") {
		t.Errorf("mentor welcome: %s", welcome.Content)
	}

	// A peer question: the thread pings Bob, the mentor, by name; the role
	// is not pinged and nobody else is notified.
	quiet := h.post(peer.ID, h.patient, "how do you all deal with needle fatigue?")
	thread := threadOf(h, quiet.ID)
	first := h.firstPostCall(thread.ID)
	if first.Notified == nil || !slices.Equal(first.Notified.Users, []string{h.patient2}) || len(first.Notified.Roles) != 0 {
		t.Errorf("the first post notified %+v; want Bob only", first.Notified)
	}
	var sent struct {
		AllowedMentions struct {
			Parse []string `json:"parse"`
			Users []string `json:"users"`
			Roles []string `json:"roles"`
		} `json:"allowed_mentions"`
	}
	if err := first.Decode(&sent); err != nil || !slices.Equal(sent.AllowedMentions.Users, []string{h.patient2}) ||
		len(sent.AllowedMentions.Roles) != 0 || len(sent.AllowedMentions.Parse) != 0 {
		t.Errorf("allowed_mentions = %+v (%v)", sent.AllowedMentions, err)
	}

	// A second question, resolved by its asker at once.
	resolvedQ := h.post(peer.ID, h.patient, "any tips for keeping a sensor on while swimming?")
	rthread := threadOf(h, resolvedQ.ID)
	rwelcome := h.botMessage(rthread.ID, func(m *discordgo.Message) bool { return strings.Contains(text(m), "[Resolved") })
	if got := text(h.click(h.patient2, rwelcome, buttonID(t, rwelcome, "Resolved"))); !strings.Contains(got, "Only the person who asked") {
		t.Errorf("someone else resolved it: %s", got)
	}
	if got := text(h.click(h.patient, rwelcome, buttonID(t, rwelcome, "Resolved"))); !strings.Contains(got, "✅ Resolved.") || strings.Contains(got, "[Resolved") {
		t.Errorf("after Resolved: %s", got)
	}
	h.botMessage(rthread.ID, func(m *discordgo.Message) bool {
		return strings.Contains(m.Content, "Marked resolved by the person who asked")
	})
	if err := h.dc.WaitFor(h.ctx, func() bool {
		c, _ := h.dc.Channel(rthread.ID)
		return c.ThreadMetadata != nil && c.ThreadMetadata.Archived
	}); err != nil {
		t.Error("the resolved thread was not archived")
	}

	// Six quiet hours: one nudge, pinging the mentor again (nobody else is
	// in the rotation).
	h.advance(6 * time.Hour)
	nudge := h.botMessage(thread.ID, func(m *discordgo.Message) bool {
		return strings.Contains(m.Content, "no reply from another member for 6 hours")
	})
	if !mentioned(nudge, h.patient2) || len(nudge.Mentions) != 1 {
		t.Errorf("nudge mentions %v", nudge.Mentions)
	}
	// 24 hours: the asker is offered the queue; the resolved thread is not.
	h.advance(18 * time.Hour)
	h.botMessage(thread.ID, func(m *discordgo.Message) bool { return strings.Contains(text(m), "[Send to office hours]") })
	for _, m := range h.botMessages(rthread.ID) {
		if strings.Contains(text(m), "Send to office hours") || strings.Contains(m.Content, "6 hours") {
			t.Errorf("the resolved thread got %q", m.Content)
		}
	}
	// 72 hours after the last message (the offer, at 24 h): archived with a
	// note, not locked.
	h.advance(71 * time.Hour)
	if c, _ := h.dc.Channel(thread.ID); c.ThreadMetadata != nil && c.ThreadMetadata.Archived {
		t.Fatal("archived before 72 quiet hours")
	}
	h.advance(time.Hour)
	h.botMessage(thread.ID, func(m *discordgo.Message) bool {
		return strings.Contains(m.Content, "Nobody has written here for 3 days")
	})
	if err := h.dc.WaitFor(h.ctx, func() bool {
		c, _ := h.dc.Channel(thread.ID)
		return c.ThreadMetadata != nil && c.ThreadMetadata.Archived && !c.ThreadMetadata.Locked
	}); err != nil {
		t.Error("the quiet thread was not archived")
	}
	h.checkNoPingByAccident()
}
