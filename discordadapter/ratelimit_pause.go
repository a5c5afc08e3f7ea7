package discordadapter

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Discord's own 429s, honoured at the last gate before the wire.
//
// discordgo checks its bucket (and a global rate limit) before a request
// enters the transport, but the request may then wait in the limiter for a
// token; a 429 Discord sends meanwhile found it already past discordgo's
// check. TestFaultRESTStormsKeepTheOutbox caught a crisis reply leaving
// 26 ms after a global 429 with retry_after 0.5 s. So limitTransport
// remembers every 429 (global, or for its path) and holds later requests
// until retry_after is over, after they got their token.
type pauses struct {
	mu     sync.Mutex
	global time.Time
	paths  map[string]time.Time
}

// wait blocks until neither the path nor (for requests under the global
// limit) the whole API is paused, or ctx ends.
func (p *pauses) wait(ctx context.Context, path string, global bool) error {
	for {
		p.mu.Lock()
		until := p.paths[path]
		if global && p.global.After(until) {
			until = p.global
		}
		p.mu.Unlock()
		d := time.Until(until)
		if d <= 0 {
			return nil
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// observe records a 429's retry_after: X-RateLimit-Reset-After (seconds,
// with a fraction) or else Retry-After (whole seconds).
func (p *pauses) observe(path string, resp *http.Response) {
	if resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		return
	}
	secs, err := strconv.ParseFloat(resp.Header.Get("X-RateLimit-Reset-After"), 64)
	if err != nil {
		if secs, err = strconv.ParseFloat(resp.Header.Get("Retry-After"), 64); err != nil {
			return
		}
	}
	now := time.Now()
	until := now.Add(time.Duration(secs * float64(time.Second)))
	p.mu.Lock()
	defer p.mu.Unlock()
	if resp.Header.Get("X-RateLimit-Global") != "" {
		if until.After(p.global) {
			p.global = until
		}
		return
	}
	if p.paths == nil {
		p.paths = map[string]time.Time{}
	}
	for k, t := range p.paths {
		if t.Before(now) {
			delete(p.paths, k)
		}
	}
	if until.After(p.paths[path]) {
		p.paths[path] = until
	}
}
