package openaitest

import (
	"context"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Request is what the fake recorded about one request, at its arrival.
type Request struct {
	// Seq numbers requests from 1 in arrival order.
	Seq    int
	Method string
	Path   string
	Header http.Header
	// Body is the raw request body.
	Body []byte
	// Chat is Body decoded, for POST /v1/chat/completions; the zero value
	// otherwise or when the body did not decode.
	Chat openai.ChatCompletionRequest
	// Time is when the request arrived (after its body was read).
	Time time.Time
	// InFlight is how many requests, this one included, were being served
	// when it arrived.
	InFlight int
}

// ResponseFormat returns the requested response_format type ("json_object",
// "json_schema", "text"), or "" when the request set none.
func (r Request) ResponseFormat() openai.ChatCompletionResponseFormatType {
	if r.Chat.ResponseFormat == nil {
		return ""
	}
	return r.Chat.ResponseFormat.Type
}

// record stores r and wakes everyone waiting for requests. It is called with
// the request already counted in inFlight.
func (s *Server) record(r Request) Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Seq = len(s.requests) + 1
	r.InFlight = s.inFlight
	s.requests = append(s.requests, r)
	// Broadcast: closing the channel wakes every waiter at once; the next
	// change gets a fresh channel.
	close(s.changed)
	s.changed = make(chan struct{})
	return r
}

// Requests returns a copy of every request recorded so far, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ChatRequests returns the recorded chat completion requests only.
func (s *Server) ChatRequests() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Path == chatPath {
			out = append(out, r)
		}
	}
	return out
}

// WaitRequests blocks until at least n requests (of any path) have arrived,
// then returns all recorded so far. It returns ctx's error, with the requests
// seen until then, when ctx ends first.
func (s *Server) WaitRequests(ctx context.Context, n int) ([]Request, error) {
	for {
		s.mu.Lock()
		if len(s.requests) >= n {
			out := append([]Request(nil), s.requests...)
			s.mu.Unlock()
			return out, nil
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return s.Requests(), ctx.Err()
		}
	}
}

// InFlight reports how many requests are being served right now.
func (s *Server) InFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inFlight
}

// MaxInFlight reports the largest number of requests served at the same
// time since the server started.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}
