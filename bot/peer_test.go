package bot_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// A peer thread is named from its question, redacted and clipped, so the
// sidebar does not fill with "Peer support"; a thread retried after
// Discord failed keeps its name.
func TestPeerThreadIsNamedFromTheQuestion(t *testing.T) {
	w := newWorld(t)
	w.d.MemberList = []bot.Member{{ID: "pat2", Username: "maria_l", GlobalName: "Maria Lopez"}}
	c := w.condition("Diabetes")
	short := w.post(c, "pat", "how do you all deal with   **needle** fatigue?")
	long := w.post(c, "pat", "anyone else get really tired after changing pump sites? Maria Lopez said it gets better after a week, mail maria@example.com")
	w.d.FailNext("StartThread", errors.New("502 from Discord"))
	retried := w.post(c, "pat", "how do you remember to rotate your sites?")
	if w.d.Threads[retried.ID] != "" {
		t.Fatal("the thread opened although Discord failed")
	}
	w.until(w.clock.Now().Add(time.Minute)) // the retry
	for _, tc := range []struct {
		m    bot.Message
		want string
	}{
		{short, "how do you all deal with needle fatigue?"},
		{long, "anyone else get really tired after changing pump sites?…"},
		{retried, "how do you remember to rotate your sites?"},
	} {
		got := w.d.ThreadNames[w.d.Threads[tc.m.ID]]
		if got != tc.want {
			t.Errorf("thread on %q is named %q, want %q", tc.m.Content, got, tc.want)
		}
	}
	for _, name := range w.d.ThreadNames {
		if strings.Contains(name, "Maria") || strings.Contains(name, "@") || len([]rune(name)) > 60 {
			t.Errorf("thread name %q", name)
		}
	}
}
