package llm

import (
	"math/rand/v2"
	"time"
)

// The retry budget. With the defaults (3 retries) a call makes at most 4
// HTTP attempts, each bounded by Config.Timeout, and waits between them
// either the server's Retry-After (at most maxRetryAfter, else it gives up
// at once) or the backoff below (0.25–0.5 s, 0.5–1 s, 1–2 s, …, capped at
// backoffMax). Worst case: (MaxRetries+1)·Timeout + MaxRetries·maxRetryAfter.
const (
	backoffBase = 500 * time.Millisecond
	backoffMax  = 8 * time.Second
	// maxRetryAfter is the longest Retry-After this package honours. A
	// server asking for more is overloaded beyond what a chat interaction
	// can wait for, so the call fails and the caller falls back.
	maxRetryAfter = 30 * time.Second
)

// backoff returns the pause before retry n (from 1): backoffBase·2^(n-1),
// capped at backoffMax, with "equal jitter": the upper half is random
// (r in [0, 1)) so that callers failing together do not retry together, and
// the lower half is kept so the wait never collapses to nothing.
func backoff(n int, r float64) time.Duration {
	d := backoffBase
	for i := 1; i < n && d < backoffMax; i++ {
		d *= 2
	}
	d = min(d, backoffMax)
	r = min(max(r, 0), 1)
	return d/2 + time.Duration(r*float64(d/2))
}

func randomFloat() float64 { return rand.Float64() }
