package bot

import (
	"context"
	"sync/atomic"
)

// The alert lane posts alerts (and refreshes their posts) in the order
// they were raised, one at a time, beside the crisis replies. An emergency
// used to send its reply and then its alert from the same goroutine, so in
// a mass event (100 emergencies in two seconds in one channel) replies and
// alerts took turns at the REST limiter and only a third of the replies
// went out within 2 s. Now the emergency's own worker sends the reply, and
// the alert waits here: the limiter serves crisis replies first
// (discordadapter.PriorityCrisis), alerts next.
//
// The alert's job is stored with the decision, so the lane only hurries
// it: when the lane is full or not running (at shutdown, in domain tests)
// the alert is posted inline, after the reply, as before.

// alertLaneSize bounds the alerts waiting for the lane.
const alertLaneSize = 1024

type alertLane struct {
	keys    chan string
	running atomic.Bool
}

// alertSoon has the lane post these alert jobs, or posts them now.
func (s *Service) alertSoon(ctx context.Context, keys ...string) {
	for i, k := range keys {
		if !s.jobRunner || !s.alerts.running.Load() {
			s.runNow(ctx, keys[i:]...)
			return
		}
		select {
		case s.alerts.keys <- k:
		default:
			s.runNow(ctx, keys[i:]...)
			return
		}
	}
}

// runAlerts posts queued alerts until ctx ends. What is still queued then
// stays due in the jobs table, for the runner of the next start.
func (s *Service) runAlerts(ctx context.Context) {
	s.alerts.running.Store(true)
	defer s.alerts.running.Store(false)
	for {
		select {
		case <-ctx.Done():
			return
		case k := <-s.alerts.keys:
			s.runNow(context.WithoutCancel(ctx), k)
		}
	}
}
