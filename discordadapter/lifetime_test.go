package discordadapter

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// Issue 17, item 17: catch-up and the answers to AutoMod alerts run in the
// adapter's lifetime, which shutdown ends and waits for before the
// database closes; work that ignores the end is reported, not left to run
// on a closed database unseen.
func TestShutdownEndsAndWaitsForBackgroundWork(t *testing.T) {
	b := &Bot{}
	b.background, b.stopBackground = context.WithCancel(context.Background())
	started := make(chan struct{})
	var finished atomic.Bool
	b.goBackground(func(ctx context.Context) {
		close(started)
		<-ctx.Done() // a catch-up reading history when shutdown comes
		finished.Store(true)
	})
	<-started
	// The bound is only how long a broken test waits: the work returns as
	// soon as its context ends.
	if !b.endBackground(time.Minute) || !finished.Load() {
		t.Fatal("shutdown did not end and wait for the background work")
	}

	stuck := &Bot{}
	stuck.background, stuck.stopBackground = context.WithCancel(context.Background())
	release := make(chan struct{})
	stuck.goBackground(func(context.Context) { <-release })
	if stuck.endBackground(10 * time.Millisecond) {
		t.Error("work that ignores the end was reported as finished")
	}
	close(release)
}
