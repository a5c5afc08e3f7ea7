package bot_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// stepFailingStore fails one store method, inside transactions too, with the
// error SQLite gives under contention.
type stepFailingStore struct {
	bot.Store
	fail string
}

var errLocked = errors.New("database is locked")

func (f stepFailingStore) Atomically(ctx context.Context, fn func(bot.Store) error) error {
	return f.Store.Atomically(ctx, func(tx bot.Store) error { return fn(stepFailingStore{tx, f.fail}) })
}

func (f stepFailingStore) Grouped(ctx context.Context, fn func(bot.Store) error) error {
	return f.Store.Grouped(ctx, func(tx bot.Store) error { return fn(stepFailingStore{tx, f.fail}) })
}

func (f stepFailingStore) AddQuestion(ctx context.Context, q bot.Question) (bot.Question, error) {
	if f.fail == "AddQuestion" {
		return bot.Question{}, errLocked
	}
	return f.Store.AddQuestion(ctx, q)
}

func (f stepFailingStore) EnqueueJob(ctx context.Context, j bot.Job) error {
	if f.fail == "EnqueueJob" {
		return errLocked
	}
	return f.Store.EnqueueJob(ctx, j)
}

func (f stepFailingStore) OpenAlert(ctx context.Context, a bot.Alert, since time.Time) (bot.Alert, bool, error) {
	if f.fail == "OpenAlert" {
		return bot.Alert{}, false, errLocked
	}
	return f.Store.OpenAlert(ctx, a, since)
}

// An error from deep in handling a message says which step failed, not
// only "database is locked", and keeps its cause for errors.Is.
func TestMessageErrorsSayWhichStepFailed(t *testing.T) {
	w := newWorld(t)
	c := w.condition("Diabetes")
	for i, tc := range []struct {
		fail, text, want string
	}{
		{"AddQuestion", "how much insulin should I take before running?", "clinical question: queue the question: database is locked"},
		{"EnqueueJob", "how do you all deal with needle fatigue?", "peer question: enqueue the thread: database is locked"},
		{"OpenAlert", "I took 30 pills", "emergency: open the alert: database is locked"},
	} {
		svc := bot.NewService(stepFailingStore{w.db, tc.fail}, w.d, bot.WithClock(w.clock.Now))
		err := svc.HandleMessage(w.ctx, bot.Message{ID: fmt.Sprintf("fail%d", i), GuildID: guild, ChannelID: c.PeerChannelID,
			AuthorID: "pat", Content: tc.text, CreatedAt: w.clock.Now()})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, errLocked) || bot.ErrorCode(err) != bot.EINTERNAL {
			t.Errorf("%s failing: %v, want %q", tc.fail, err, tc.want)
		}
	}
}
