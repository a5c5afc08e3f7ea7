package fakediscord

import (
	"strconv"
	"sync"
	"time"
)

// discordEpoch is the first millisecond of 2015, the origin of Discord's
// snowflake timestamps.
const discordEpoch = 1420070400000

// minSnowflakeMillis keeps IDs at 18 digits or more even when a test clock is
// set close to Discord's epoch: real IDs have not been shorter since 2016, and
// code that validates IDs by length should not break under a fake clock.
const minSnowflakeMillis = 24_000_000_000

// snowflakes hands out IDs shaped like Discord's: 42 bits of milliseconds
// since discordEpoch, 5 bits worker, 5 bits process, 12 bits increment.
// IDs are strictly increasing even when the clock stands still or goes back,
// because ordering by ID is how Discord orders messages.
type snowflakes struct {
	mu       sync.Mutex
	lastMS   int64
	sequence int64
}

const (
	snowflakeWorker  = 1
	snowflakeProcess = 0
)

func (g *snowflakes) next(now time.Time) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	ms := now.UnixMilli() - discordEpoch
	ms = max(ms, minSnowflakeMillis)
	switch {
	case ms > g.lastMS:
		g.lastMS = ms
		g.sequence = 0
	default:
		g.sequence++
		if g.sequence >= 1<<12 {
			g.lastMS++
			g.sequence = 0
		}
	}
	id := g.lastMS<<22 | snowflakeWorker<<17 | snowflakeProcess<<12 | g.sequence
	return strconv.FormatInt(id, 10)
}

// snowflakeTime returns the creation time encoded in a snowflake.
func snowflakeTime(id string) (time.Time, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, false
	}
	return time.UnixMilli(n>>22 + discordEpoch), true
}

// snowflakeLess orders two IDs numerically, which for snowflakes is creation
// order.
func snowflakeLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
