package openaitest

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// Options configures a Server. The zero value is a server without
// authentication that answers every chat completion with "{}".
type Options struct {
	// APIKey, when set, is required as "Authorization: Bearer <APIKey>";
	// other requests get 401 like the real service.
	APIKey string
	// Models are the ids listed by GET /v1/models; {"gpt-4o-mini"} when empty.
	Models []string
	// Handler, when set, chooses the reply for a chat completion whenever
	// the queue filled by Enqueue is empty. It runs concurrently for
	// concurrent requests.
	Handler func(Request) Reply
	// Default is the reply when the queue is empty and there is no Handler;
	// Content("{}") when nil.
	Default *Reply
	// RejectJSONSchema makes the server answer 400 to any request whose
	// response_format is json_schema, as older OpenAI-compatible servers do.
	// Such requests do not consume a scripted reply.
	RejectJSONSchema bool
}

// Server is a fake OpenAI-compatible endpoint listening on 127.0.0.1.
// Its methods are safe for concurrent use.
type Server struct {
	opts Options
	ln   net.Listener
	srv  *http.Server
	base string

	// closed is closed by Close so that every waiting handler returns at once.
	closed    chan struct{}
	closeOnce sync.Once
	serveDone chan struct{}
	// active counts connections (via ConnState) and running handlers, so
	// Close can wait until no goroutine of ours is left.
	active sync.WaitGroup

	mu          sync.Mutex
	queue       []Reply
	requests    []Request
	changed     chan struct{}
	inFlight    int
	maxInFlight int
}

// Start listens on a free port of 127.0.0.1 and serves until Close.
func Start(opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("openaitest: listen: %w", err)
	}
	s := &Server{
		opts:      opts,
		ln:        ln,
		base:      "http://" + ln.Addr().String() + "/v1",
		closed:    make(chan struct{}),
		serveDone: make(chan struct{}),
		changed:   make(chan struct{}),
	}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ConnState:         s.connState,
	}
	go func() {
		defer close(s.serveDone)
		// Serve returns http.ErrServerClosed after Close; nothing to report.
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// New is Start for tests: it panics when no port can be had, as
// net/http/httptest does.
func New(opts Options) *Server {
	s, err := Start(opts)
	if err != nil {
		panic(err)
	}
	return s
}

// URL returns the base URL to configure a client with; it ends in "/v1".
func (s *Server) URL() string { return s.base }

// Enqueue appends replies to the script; each chat completion takes the
// first one left.
func (s *Server) Enqueue(replies ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queue = append(s.queue, replies...)
}

// Pending reports how many scripted replies have not been used yet.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queue)
}

// Close stops the server, ends every waiting or hanging request, and returns
// once all of the server's goroutines have finished. It is safe to call more
// than once.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closed)
		// http.Server.Close closes the listener and every tracked connection;
		// hijacked ones are closed by the handler that took them.
		// An error closing an already broken listener changes nothing here.
		_ = s.srv.Close()
		<-s.serveDone
		s.active.Wait()
	})
}

// connState tracks connection goroutines: every connection starts in
// StateNew (reported by the accept loop before its goroutine exists) and
// ends in exactly one of StateClosed or StateHijacked.
func (s *Server) connState(_ net.Conn, state http.ConnState) {
	switch state {
	case http.StateNew:
		s.active.Add(1)
	case http.StateClosed, http.StateHijacked:
		s.active.Done()
	}
}

// ServeHTTP routes the few endpoints the fake knows.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The connection is counted, so the group is non-zero here and this Add
	// cannot race with Close's Wait.
	s.active.Add(1)
	defer s.active.Done()

	s.mu.Lock()
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()

	switch r.URL.Path {
	case chatPath:
		s.serveChat(w, r)
	case modelsPath:
		s.serveModels(w, r)
	default:
		s.record(newRequest(r, nil))
		writeError(w, http.StatusNotFound, "Unknown request URL: "+r.Method+" "+r.URL.Path, "unknown_url")
	}
}

// authorized reports whether r carries the configured key.
func (s *Server) authorized(r *http.Request) bool {
	return s.opts.APIKey == "" || r.Header.Get("Authorization") == "Bearer "+s.opts.APIKey
}

// nextReply pops the script, then asks the handler, then falls back to the
// default.
func (s *Server) nextReply(req Request) Reply {
	s.mu.Lock()
	if len(s.queue) > 0 {
		r := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		return r
	}
	s.mu.Unlock()
	if s.opts.Handler != nil {
		return s.opts.Handler(req)
	}
	if s.opts.Default != nil {
		return *s.opts.Default
	}
	return Content("{}")
}
