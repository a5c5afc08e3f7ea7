package main

import (
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// An emergency posted while the bot was down still gets its crisis reply
// and alert when it comes back; what it had seen is not handled again.
func TestCatchUpAfterRestartEndToEnd(t *testing.T) {
	t.Parallel()
	h := newWorld(t)
	h.start()
	h.setup()
	_, peer, _, _ := h.createCondition("Diabetes")
	h.join(h.patient, "Diabetes")
	seen := h.post(peer.ID, h.patient, "how much insulin should I take before running?")
	h.botMessage(peer.ID, replyTo(seen.ID))
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}

	missed := h.post(peer.ID, h.patient, "I took 30 pills")
	before := len(h.botMessages(peer.ID))
	h.start()
	crisis := h.botMessage(peer.ID, replyTo(missed.ID))
	if !strings.Contains(crisis.Content, "988") {
		t.Errorf("crisis reply: %s", crisis.Content)
	}
	h.botMessage(h.alerts, func(m *discordgo.Message) bool { return strings.Contains(text(m), missed.ID) })
	if n := len(h.botMessages(peer.ID)) - before; n != 1 {
		t.Errorf("%d new replies after the restart, want only the crisis reply", n)
	}
}
