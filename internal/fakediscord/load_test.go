package fakediscord

import (
	"encoding/json"
	"testing"

	"github.com/bwmarrin/discordgo"
)

func TestPostMessagesAndCallsSince(t *testing.T) {
	w := newWorld(t, Options{PrivilegedIntents: discordgo.IntentMessageContent}, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages)
	seen := len(w.srv.Calls())
	var batch []UserMessage
	for range 50 {
		batch = append(batch, UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "hi"})
	}
	ms, err := w.srv.PostMessages(batch)
	if err != nil || len(ms) != 50 {
		t.Fatalf("posted %d, %v", len(ms), err)
	}
	if n := len(w.srv.Messages(w.general.ID)); n != 50 {
		t.Errorf("%d messages in the channel", n)
	}
	if _, err := w.srv.PostMessages([]UserMessage{{ChannelID: "1", AuthorID: w.patient.User.ID, Content: "x"}}); err == nil {
		t.Error("a post to an unknown channel was accepted")
	}
	if got := w.srv.CallsSince(seen); len(got) != 0 {
		t.Errorf("%d calls after user posts", len(got))
	}
}

// enforce_nonce: the same nonce from the bot within the window returns the
// first message instead of posting another.
func TestEnforceNonce(t *testing.T) {
	w := newWorld(t, Options{}, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages)
	s, _ := connect(t, w.srv)
	post := func(nonce string, enforce bool) *discordgo.Message {
		t.Helper()
		body := map[string]any{"content": "hello", "allowed_mentions": map[string]any{"parse": []string{}}, "nonce": nonce, "enforce_nonce": enforce}
		var m discordgo.Message
		raw, err := s.RequestWithBucketID("POST", discordgo.EndpointChannelMessages(w.general.ID), body, "x")
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		return &m
	}
	a := post("abc", true)
	b := post("abc", true)
	if a.ID != b.ID {
		t.Errorf("second post with the same enforced nonce made %s, want %s again", b.ID, a.ID)
	}
	c := post("abc", false)
	d := post("other", true)
	if c.ID == a.ID || d.ID == a.ID {
		t.Error("an unenforced or different nonce was deduplicated")
	}
	if n := len(w.srv.Messages(w.general.ID)); n != 3 {
		t.Errorf("%d messages, want 3", n)
	}
	if _, err := s.RequestWithBucketID("POST", discordgo.EndpointChannelMessages(w.general.ID),
		map[string]any{"content": "x", "nonce": "12345678901234567890123456", "enforce_nonce": true}, "x"); err == nil {
		t.Error("a nonce over 25 characters was accepted")
	}
}
