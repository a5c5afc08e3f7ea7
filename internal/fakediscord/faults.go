package fakediscord

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

// fault answers the next `remaining` requests to a route with an error
// instead of handling them.
type fault struct {
	route      string
	remaining  int
	status     int
	retryAfter time.Duration
	global     bool
}

func (s *Server) checkRoute(route string) error {
	if _, ok := s.routes.names[route]; !ok {
		return fmt.Errorf("fakediscord: unknown route %q (see Server.Routes)", route)
	}
	return nil
}

// InjectRateLimit makes the next n requests to route (a name like
// "POST /channels/{id}/messages") answer 429 with retry_after, the way
// Discord does: a JSON body with retry_after in seconds and global, and the
// Retry-After and X-RateLimit-* headers discordgo reads.
func (s *Server) InjectRateLimit(route string, n int, retryAfter time.Duration) error {
	return s.addFault(&fault{route: route, remaining: n, status: http.StatusTooManyRequests, retryAfter: retryAfter})
}

// InjectGlobalRateLimit is InjectRateLimit with "global": true and the
// X-RateLimit-Global header, which makes discordgo pause every route.
func (s *Server) InjectGlobalRateLimit(route string, n int, retryAfter time.Duration) error {
	return s.addFault(&fault{route: route, remaining: n, status: http.StatusTooManyRequests, retryAfter: retryAfter, global: true})
}

// InjectError makes the next n requests to route answer with status (a 5xx,
// say 500 or 502; discordgo retries 502 up to MaxRestRetries times).
func (s *Server) InjectError(route string, n int, status int) error {
	if status < 400 || status > 599 {
		return fmt.Errorf("fakediscord: InjectError needs a 4xx or 5xx status, got %d", status)
	}
	return s.addFault(&fault{route: route, remaining: n, status: status})
}

func (s *Server) addFault(f *fault) error {
	if err := s.checkRoute(f.route); err != nil {
		return err
	}
	if f.remaining <= 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, f)
	return nil
}

// SetLatency delays every answer on route by d (0 removes the delay).
func (s *Server) SetLatency(route string, d time.Duration) error {
	if err := s.checkRoute(route); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.latency, route)
	} else {
		s.latency[route] = d
	}
	return nil
}

// Held counts the requests to route that are waiting out its latency
// (SetLatency) right now: a test can act while a request is on the wire,
// for instance stop the client in the middle of it.
func (s *Server) Held(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held[route]
}

// takeFault consumes one injected fault for the route, if any. Call with
// s.mu held.
func (s *Server) takeFault(route string) *fault {
	for i, f := range s.faults {
		if f.route != route {
			continue
		}
		f.remaining--
		if f.remaining <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}

// faultReply renders an injected fault.
func faultReply(f *fault, w http.ResponseWriter, bucket string) (int, []byte) {
	if f.status == http.StatusTooManyRequests {
		secs := f.retryAfter.Seconds()
		h := w.Header()
		h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
		h.Set("X-RateLimit-Limit", "5")
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(time.Now().Add(f.retryAfter).UnixMilli())/1000, 'f', 3, 64))
		h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(secs, 'f', 3, 64))
		h.Set("X-RateLimit-Bucket", bucket)
		if f.global {
			h.Set("X-RateLimit-Global", "true")
			h.Set("X-RateLimit-Scope", "global")
		} else {
			h.Set("X-RateLimit-Scope", "user")
		}
		body := fmt.Sprintf(`{"message":"You are being rate limited.","retry_after":%s,"global":%t,"code":0}`,
			strconv.FormatFloat(secs, 'f', 3, 64), f.global)
		return f.status, []byte(body)
	}
	text := http.StatusText(f.status)
	body := fmt.Sprintf(`{"message":"%d: %s","code":0}`, f.status, text)
	return f.status, []byte(body)
}
