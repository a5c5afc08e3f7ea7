package main

import (
	"strings"
	"testing"
)

// The reply matches the risk, through the real program: a medical
// emergency's reply leads with the emergency number and offers no suicide
// line; an overdose gets the crisis lines with the emergency number; the
// server's own texts from /setup replace the defaults, each in its place.
func TestCrisisReplyMatchesTheRiskEndToEnd(t *testing.T) {
	h := newWorld(t)
	h.start()
	h.setup()
	_, peer, _, roleID := h.createCondition("Diabetes")
	users := h.patients(3, roleID)

	medical := h.post(peer.ID, users[0], "chest pain and my left arm is numb")
	reply := h.botMessage(peer.ID, replyTo(medical.ID)).Content
	if strings.Contains(reply, "988") || strings.Contains(reply, "Samaritans") || !strings.Contains(reply, "911") || !strings.Contains(reply, "112") {
		t.Errorf("medical emergency reply:\n%s", reply)
	}
	overdose := h.post(peer.ID, users[1], "I took 30 pills")
	reply = h.botMessage(peer.ID, replyTo(overdose.ID)).Content
	if !strings.Contains(reply, "988") || !strings.Contains(reply, "911") {
		t.Errorf("overdose reply:\n%s", reply)
	}

	shown := text(h.command(h.owner, h.general, "setup", "",
		opt("emergency_number", "Ring 112 straight away."), opt("crisis_resources", "Telefonseelsorge: 0800 111 0 111.")))
	if !strings.Contains(shown, "Ring 112 straight away.") || !strings.Contains(shown, "Telefonseelsorge") {
		t.Errorf("/setup does not show the new texts:\n%s", shown)
	}
	medical = h.post(peer.ID, users[2], "my lips are blue and I can't breathe")
	reply = h.botMessage(peer.ID, replyTo(medical.ID)).Content
	if !strings.Contains(reply, "Ring 112 straight away.") || strings.Contains(reply, "Telefonseelsorge") || strings.Contains(reply, "911") {
		t.Errorf("medical reply with the server's texts:\n%s", reply)
	}
	h.checkNoPingByAccident()
}
