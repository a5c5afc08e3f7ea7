package bot

import (
	"reflect"
	"sync"
)

// shownAlerts is what each alert's posts last showed, so that a refresh
// with nothing new to show is not sent (postAlert): refreshes are queued
// one per message that joins an alert, and a person writing twenty
// messages in a minute, or a batch of refreshes retried after an outage,
// would otherwise edit the same post twenty times at Discord's rate
// limit, beside the crisis replies. Bounded by maxShownAlerts; forgetting
// costs an edit, never a missed one.
type shownAlerts struct {
	mu    sync.Mutex
	shown map[AlertID]EmergencyAlert
}

const maxShownAlerts = 1024

// already reports whether an alert's posts show n already.
func (a *shownAlerts) already(n EmergencyAlert) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	prev, ok := a.shown[n.AlertID]
	return ok && reflect.DeepEqual(prev, n)
}

// showing records that an alert's posts now show n.
func (a *shownAlerts) showing(n EmergencyAlert) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.shown == nil || len(a.shown) >= maxShownAlerts {
		a.shown = map[AlertID]EmergencyAlert{}
	}
	a.shown[n.AlertID] = n
}
