package fakediscord

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Server is a Discord emulator: REST under /api/v9 and a gateway websocket,
// both on one 127.0.0.1 port. Create it with New and stop it with Close. All
// methods are safe for concurrent use.
type Server struct {
	opts     Options
	ids      *snowflakes
	ln       net.Listener
	httpSrv  *http.Server
	base     string
	routes   *router
	upgrader websocket.Upgrader

	// wg counts every goroutine the server starts (HTTP handlers, websocket
	// readers and writers) so that Close can wait for all of them.
	wg        sync.WaitGroup
	closed    chan struct{}
	closeOnce sync.Once

	// mu guards everything below. One lock for the whole state keeps
	// REST handlers, test actions and gateway dispatch consistent: an event
	// gets its sequence number in the same critical section as the change
	// it reports.
	mu sync.Mutex
	// changed is closed and replaced after every change, waking whoever
	// waits on state (WaitCall, Interaction.WaitReply, WaitFor …).
	changed chan struct{}

	users          map[string]*userState
	guilds         map[string]*guildState
	guildOrder     []string
	channels       map[string]*channelState
	msgIndex       map[string]*discordgo.Message
	attachments    map[string]*storedAttachment
	dmChannels     map[string]string // user ID → DM channel ID
	globalCommands *commandSet
	interactions   map[string]*interactionState
	byToken        map[string]*interactionState

	calls   []Call
	callSeq int

	faults  []*fault
	latency map[string]time.Duration
	held    map[string]int        // requests waiting out their route's latency
	nonces  map[string]nonceEntry // enforce_nonce (nonce.go)
	// pings holds whom each created message notified (mentions.go).
	pings map[string]*Notification

	// token is the bot token accepted now: Options.Token until ResetToken.
	token atomic.Pointer[string]

	sessions   map[string]*gwSession
	conns      map[*gwConn]struct{}
	identifies []IdentifyInfo
	resumes    []ResumeInfo
}

// New starts an emulator listening on 127.0.0.1 on a free port.
func New(opts Options) (*Server, error) {
	ids := &snowflakes{}
	opts = opts.withDefaults(ids)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:           opts,
		ids:            ids,
		ln:             ln,
		base:           "http://" + ln.Addr().String(),
		closed:         make(chan struct{}),
		changed:        make(chan struct{}),
		users:          map[string]*userState{},
		guilds:         map[string]*guildState{},
		channels:       map[string]*channelState{},
		msgIndex:       map[string]*discordgo.Message{},
		attachments:    map[string]*storedAttachment{},
		dmChannels:     map[string]string{},
		globalCommands: newCommandSet(),
		interactions:   map[string]*interactionState{},
		byToken:        map[string]*interactionState{},
		latency:        map[string]time.Duration{},
		pings:          map[string]*Notification{},
		held:           map[string]int{},
		sessions:       map[string]*gwSession{},
		conns:          map[*gwConn]struct{}{},
		upgrader: websocket.Upgrader{
			// The bot is not a browser; any origin is fine.
			CheckOrigin: func(*http.Request) bool { return true },
		},
	}
	s.routes = s.buildRoutes()
	s.token.Store(&opts.Token)
	s.users[opts.BotUserID] = &userState{user: &discordgo.User{
		ID:            opts.BotUserID,
		Username:      opts.BotName,
		Discriminator: "0",
		Bot:           true,
		Verified:      true,
	}}
	s.httpSrv = &http.Server{
		Handler:           http.HandlerFunc(s.serveHTTP),
		ReadHeaderTimeout: 10 * time.Second,
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		// ErrServerClosed after Close is the normal way out.
		_ = s.httpSrv.Serve(ln)
	}()
	return s, nil
}

// URL is the base the bot uses as DISCORD_API_URL, e.g.
// http://127.0.0.1:41234; REST lives under URL()+"/api/v9".
func (s *Server) URL() string { return s.base }

// GatewayURL is the websocket address GET /gateway returns.
func (s *Server) GatewayURL() string { return "ws://" + s.ln.Addr().String() }

// ApplicationID is the emulated application's (and bot user's) ID.
func (s *Server) ApplicationID() string { return s.opts.ApplicationID }

// BotUserID is the bot user's ID.
func (s *Server) BotUserID() string { return s.opts.BotUserID }

// Token is the bot token the emulator accepts (without "Bot ").
func (s *Server) Token() string { return *s.token.Load() }

// ResetToken replaces the bot token, as Discord does when the owner presses
// Reset Token or when a bot spends its daily identify budget. From then on
// REST calls with the old token get 401, and an IDENTIFY or RESUME with it
// is closed with 4004; connections already open stay open until they drop.
func (s *Server) ResetToken(token string) {
	s.token.Store(&token)
	s.mu.Lock()
	s.notify()
	s.mu.Unlock()
}

// HTTPClient returns a client whose transport sends every request, whatever
// its scheme and host, to the emulator: give it to discordgo.Session.Client
// and https://discord.com/api/v9/... arrives here.
func (s *Server) HTTPClient() *http.Client {
	base, _ := url.Parse(s.base)
	return &http.Client{
		Timeout:   30 * time.Second,
		Transport: &rewriteTransport{base: base, next: http.DefaultTransport},
	}
}

type rewriteTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme = t.base.Scheme
	r2.URL.Host = t.base.Host
	r2.Host = t.base.Host
	return t.next.RoundTrip(r2)
}

// Close stops the listener, drops every gateway connection and waits until
// every goroutine the server started has returned.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.closed)
		_ = s.httpSrv.Close()
		s.mu.Lock()
		for c := range s.conns {
			c.kill()
		}
		s.mu.Unlock()
	})
	s.wg.Wait()
	return nil
}

func (s *Server) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}

// notify wakes everyone waiting for a change. Call with s.mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// Changed returns a channel that is closed at the next change of state (a
// REST call, a gateway event, a test action). A long-polling loop, such as
// the sandbox's, takes it, reads what it needs, and waits on it.
func (s *Server) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

// ErrClosed is returned by waits when the server shuts down.
var ErrClosed = errors.New("fakediscord: server closed")

// WaitFor blocks until cond returns true, re-evaluating it after every change
// of the emulator's state (a REST call, a gateway event, a test action). cond
// may call the Server's query methods. It returns ctx.Err() if ctx ends first.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.closed:
			if cond() {
				return nil
			}
			return ErrClosed
		}
	}
}

// waitLocked is WaitFor for conditions evaluated under s.mu.
func (s *Server) waitLocked(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.closed:
			return ErrClosed
		}
	}
}

func (s *Server) logf(format string, args ...any) { s.opts.Logf(format, args...) }
