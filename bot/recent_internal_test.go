package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// However many people write, what is remembered stays within its bounds,
// and nothing outlives the hour.
func TestRecentTalkStaysBounded(t *testing.T) {
	r := newRecentTalk()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	text := strings.Repeat("x", 2*talkTextBytes)
	for i := range talkMaxPeople + 5000 {
		k := talkKey{guild: "g", channel: "c", user: fmt.Sprint(i)}
		for j := range talkPerPerson + 1 {
			r.remember(k, fmt.Sprintf("%d-%d", i, j), text, now, now)
		}
	}
	people, messages, bytes := r.size()
	if people > talkMaxPeople || bytes > talkMaxBytes || messages > people*talkPerPerson {
		t.Errorf("holding %d people, %d messages, %d bytes", people, messages, bytes)
	}
	if got := r.earlier(talkKey{guild: "g", channel: "c", user: fmt.Sprint(talkMaxPeople + 4999)}, "", now); len(got) != talkPerPerson || len(got[0]) != talkTextBytes {
		t.Errorf("the newest person's context: %d messages", len(got))
	}
	if got := r.earlier(talkKey{guild: "g", channel: "c", user: "0"}, "", now); len(got) != 0 {
		t.Errorf("the oldest person is still held")
	}
	r.expire(now.Add(talkWindow + time.Second))
	if people, messages, bytes := r.size(); people != 0 || messages != 0 || bytes != 0 {
		t.Errorf("after the hour: %d people, %d messages, %d bytes", people, messages, bytes)
	}
}
