package bottest

import (
	"context"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// privateState is what the fake keeps of direct messages and threads'
// lifecycles.
type privateState struct {
	// DMs are the direct messages sent, in order.
	DMs []DirectMessage
	// Closed lists users who take no direct messages: DirectMessage
	// returns bot.ErrPrivateClosed for them.
	Closed map[string]bool
	// Archived and Locked record ArchiveThread.
	Archived map[string]bool
	Locked   map[string]bool
	// Activity is each thread's last activity, for ThreadActivity; a
	// thread without one reports the zero time.
	Activity map[string]time.Time
}

// DirectMessage is a notice sent privately to a user.
type DirectMessage struct {
	ID     string
	UserID string
	Notice bot.Notice
}

func (d *Discord) private() *privateState {
	if d.Private.Closed == nil {
		d.Private.Closed = map[string]bool{}
		d.Private.Archived = map[string]bool{}
		d.Private.Locked = map[string]bool{}
		d.Private.Activity = map[string]time.Time{}
	}
	return &d.Private
}

// DirectMessage records n as sent to userID, unless the user is Closed.
func (d *Discord) DirectMessage(_ context.Context, userID string, n bot.Notice) (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("DirectMessage"); err != nil {
		return "", err
	}
	p := d.private()
	if p.Closed[userID] {
		return "", bot.ErrPrivateClosed
	}
	id := d.id("dm")
	p.DMs = append(p.DMs, DirectMessage{ID: id, UserID: userID, Notice: n})
	return id, nil
}

// DMsTo returns the notices sent privately to a user, in order.
func (d *Discord) DMsTo(userID string) []bot.Notice {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []bot.Notice
	for _, m := range d.private().DMs {
		if m.UserID == userID {
			out = append(out, m.Notice)
		}
	}
	return out
}

// ArchiveThread records the thread as archived (and locked).
func (d *Discord) ArchiveThread(_ context.Context, threadID string, lock bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("ArchiveThread"); err != nil {
		return err
	}
	p := d.private()
	p.Archived[threadID] = true
	if lock {
		p.Locked[threadID] = true
	}
	return nil
}

// ThreadActivity reports what the test set in Private.Activity.
func (d *Discord) ThreadActivity(_ context.Context, threadID string) (bot.ThreadState, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failure("ThreadActivity"); err != nil {
		return bot.ThreadState{}, err
	}
	p := d.private()
	return bot.ThreadState{LastActivity: p.Activity[threadID], Archived: p.Archived[threadID], Locked: p.Locked[threadID]}, nil
}

// SetThreadActivity records a message written in a thread at t.
func (d *Discord) SetThreadActivity(threadID string, t time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.private().Activity[threadID] = t
	delete(d.Private.Archived, threadID)
}
