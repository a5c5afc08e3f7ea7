package main

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

// Reusable answers end to end: a verified clinician saves one; it waits in
// #review until a second verified clinician publishes it (its author
// cannot); /faq search finds it; a member's new question much like it is
// queued and its receipt shows the answer while they wait.
func TestFAQEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")
	patel := h.must(h.dc.AddMember(h.guild, fakediscord.MemberSpec{Username: "drpatel", GlobalName: "Dr. Patel"})).(*discordgo.Member).User.ID
	expires := h.clock.Now().AddDate(1, 0, 0)
	h.verify(h.doc, "Ontario", expires)
	h.verify(patel, "Quebec", expires)

	const question = "Can I take my insulin pen on a plane?"
	if got := text(h.command(h.patient, h.general, "faq", "save", opt("condition", "Diabetes"), opt("question", question),
		opt("answer", "Yes. Keep insulin in your hand luggage, never the hold."))); !strings.Contains(got, "Only") {
		t.Errorf("a patient saved an FAQ entry: %s", got)
	}
	if got := text(h.command(h.doc, h.general, "faq", "save", opt("condition", "Diabetes"), opt("question", question),
		opt("answer", "Yes. Keep insulin in your hand luggage, never the hold, and carry a letter from your clinic."))); !strings.Contains(got, "Saved as FAQ entry") {
		t.Fatalf("/faq save: %s", got)
	}
	card := h.botMessage(h.review, func(m *discordgo.Message) bool { return strings.Contains(text(m), "waiting for a second clinician") })
	if got := text(h.command(h.patient, h.general, "faq", "search", opt("condition", "Diabetes"), opt("query", "insulin plane"))); !strings.Contains(got, "No reviewed answer") {
		t.Errorf("a pending entry was found: %s", got)
	}
	if got := text(h.click(h.doc, card, buttonID(t, card, "Publish"))); !strings.Contains(got, "second clinician must review") {
		t.Errorf("the author published their own entry: %s", got)
	}
	if got := text(h.click(patel, card, buttonID(t, card, "Publish"))); !strings.Contains(got, "Published by <@"+patel+">") {
		t.Fatalf("publish: %s", got)
	}
	found := text(h.command(h.patient, h.general, "faq", "search", opt("condition", "Diabetes"), opt("query", "flying with insulin")))
	if !strings.Contains(found, question) || !strings.Contains(found, "hand luggage") {
		t.Errorf("/faq search: %s", found)
	}
	receipt := text(h.command(h.patient, h.general, "ask", "", opt("condition", "Diabetes"), opt("question", "Can I bring my insulin pens on the plane?")))
	if !strings.Contains(receipt, "office-hours queue") || !strings.Contains(receipt, "While you wait") || !strings.Contains(receipt, "hand luggage") {
		t.Errorf("/ask receipt: %s", receipt)
	}
	if got := text(h.command(h.doc, h.general, "queue", "show", opt("condition", "Diabetes"))); !strings.Contains(got, "insulin pens") {
		t.Errorf("the question is not in the queue: %s", got)
	}
	h.checkNoPingByAccident()
}
