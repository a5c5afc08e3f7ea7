package bot_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/bottest"
)

// snowflake makes a Discord ID for a message posted at t.
func snowflake(t time.Time, n int) string {
	return strconv.FormatUint(uint64(t.UnixMilli()-1420070400000)<<22+uint64(n), 10)
}

// Messages posted while the bot was away are triaged when it comes back:
// an emergency still gets its reply and alert, and catching up twice does
// nothing twice.
func TestCatchUpAfterAGap(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	w.post(c, "pat", "good morning all") // handled live, before the gap
	gapStart := w.clock.Now()
	w.clock.Advance(3 * time.Hour)
	w.d.Backlog[c.PeerChannelID] = []bot.Message{
		{ID: snowflake(gapStart.Add(-48*time.Hour), 1), ChannelID: c.PeerChannelID, AuthorID: "old", Content: "I took 30 pills"},
		{ID: snowflake(gapStart.Add(time.Minute), 2), ChannelID: c.PeerChannelID, AuthorID: "pat2", Content: "I took 30 pills"},
		{ID: snowflake(gapStart.Add(2*time.Minute), 3), ChannelID: c.PeerChannelID, AuthorID: "pat3", Content: "how much insulin should I take before running?"},
	}
	n, err := w.svc.CatchUp(w.ctx, guild)
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("caught up %d messages, want the 2 inside the window", n)
	}
	replies := bottest.Notices[bot.CrisisReply](w.d)
	if len(replies) != 1 || replies[0].ReplyTo != w.d.Backlog[c.PeerChannelID][1].ID {
		t.Errorf("crisis replies = %+v", replies)
	}
	if q, _ := w.db.CountQueued(w.ctx, c.ID); q != 1 {
		t.Errorf("%d questions queued, want 1", q)
	}
	posts := len(w.d.Posts)
	if n, err := w.svc.CatchUp(w.ctx, guild); err != nil || n != 0 {
		t.Errorf("second catch-up = %d, %v; want nothing new", n, err)
	}
	if len(w.d.Posts) != posts {
		t.Error("catching up twice posted again")
	}
}
