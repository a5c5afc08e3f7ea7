package fakediscord

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newServer(t *testing.T, opts Options) *Server {
	t.Helper()
	// The default heartbeat interval (41.25 s) is kept: discordgo drops a
	// connection whose ACK is five intervals late, and a short interval
	// would turn a stall of a loaded test machine into a disconnect.
	if opts.Logf == nil {
		opts.Logf = t.Logf
	}
	// A frozen clock by default: on a loaded machine real time can pass the
	// 3-second interaction window between dispatch and callback, which is a
	// failure of the machine, not of the code under test.
	if opts.Now == nil {
		opts.Now = newFakeClock().Now
	}
	if opts.Spec == nil {
		opts.Spec = RepoSpec(t.Logf)
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// testCtx bounds a test's waits, which are all for events: it is how long a
// broken test hangs before it fails, not a measure of speed, and a loaded
// machine running -race can take many times a quiet one's second.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// world is a server with one guild set up the way most tests need it.
type world struct {
	srv     *Server
	guild   *discordgo.Guild
	general *discordgo.Channel
	mod     *discordgo.Role
	patient *discordgo.Member
	modUser *discordgo.Member
}

func newWorld(t *testing.T, opts Options, botPerms int64) *world {
	t.Helper()
	srv := newServer(t, opts)
	g := must[*discordgo.Guild](t)(srv.AddGuild(GuildSpec{Name: "Peer Support", BotPermissions: botPerms}))
	general := must[*discordgo.Channel](t)(srv.AddChannel(g.ID, ChannelSpec{Name: "general"}))
	mod := must[*discordgo.Role](t)(srv.AddRole(g.ID, RoleSpec{Name: "Moderator", Permissions: discordgo.PermissionManageGuild | discordgo.PermissionManageMessages}))
	patient := must[*discordgo.Member](t)(srv.AddMember(g.ID, MemberSpec{Username: "pat"}))
	modUser := must[*discordgo.Member](t)(srv.AddMember(g.ID, MemberSpec{Username: "mo", Roles: []string{mod.ID}}))
	return &world{srv: srv, guild: g, general: general, mod: mod, patient: patient, modUser: modUser}
}

// recorder collects what a discordgo session's handlers see; handlers run
// in their own goroutines, so it is locked and broadcasts changes.
type recorder struct {
	mu      sync.Mutex
	changed chan struct{}
	events  []*discordgo.Event
	ready   []*discordgo.Ready
	conns   int
	discons int
	limits  []*discordgo.RateLimit
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{})} }

func (r *recorder) update(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *recorder) attach(s *discordgo.Session) {
	s.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) { r.update(func() { r.events = append(r.events, e) }) })
	s.AddHandler(func(_ *discordgo.Session, e *discordgo.Ready) { r.update(func() { r.ready = append(r.ready, e) }) })
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) { r.update(func() { r.conns++ }) })
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) { r.update(func() { r.discons++ }) })
	s.AddHandler(func(_ *discordgo.Session, e *discordgo.RateLimit) {
		r.update(func() { r.limits = append(r.limits, e) })
	})
}

// wait blocks until cond (run under the lock) holds.
func (r *recorder) wait(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	for {
		r.mu.Lock()
		ok := cond()
		ch := r.changed
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-ctx.Done():
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// ofType returns the dispatched events of one type (under the lock).
func (r *recorder) ofType(typ string) []*discordgo.Event {
	var out []*discordgo.Event
	for _, e := range r.events {
		if e.Type == typ {
			out = append(out, e)
		}
	}
	return out
}

func (r *recorder) count(typ string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.ofType(typ))
}

// newSession builds a discordgo session against the emulator the way the
// bot does: its HTTP client rewrites discord.com to the emulator, and it
// does not reconnect on its own.
func newSession(t *testing.T, srv *Server, token string) (*discordgo.Session, *recorder) {
	t.Helper()
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		t.Fatal(err)
	}
	s.Client = srv.HTTPClient()
	s.ShouldReconnectOnError = false
	s.LogLevel = -1
	s.MaxRestRetries = 3
	rec := newRecorder()
	rec.attach(s)
	return s, rec
}

// connect opens a session and waits for its GUILD_CREATEs.
func connect(t *testing.T, srv *Server, setup ...func(*discordgo.Session)) (*discordgo.Session, *recorder) {
	t.Helper()
	s, rec := newSession(t, srv, srv.Token())
	for _, f := range setup {
		f(s)
	}
	if err := s.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	ctx := testCtx(t)
	guilds := len(srv.GuildIDs())
	rec.wait(t, ctx, "READY and GUILD_CREATE", func() bool { return len(rec.ready) > 0 && len(rec.ofType("GUILD_CREATE")) >= guilds })
	// discordgo's heartbeat goroutine beats once as it starts, then watches
	// for the connection's end. On a loaded machine it may not have run
	// yet; if it first runs after a test has closed this connection and
	// opened another, its write fails on the old connection and it closes
	// the new one. Once the emulator has the beat, that cannot happen.
	rec.mu.Lock()
	session := rec.ready[len(rec.ready)-1].SessionID
	rec.mu.Unlock()
	if err := srv.WaitFor(ctx, func() bool {
		for _, c := range srv.Connections() {
			if c.SessionID == session && c.Heartbeats > 0 {
				return true
			}
		}
		return false
	}); err != nil {
		t.Fatalf("no heartbeat from the new connection: %v", err)
	}
	return s, rec
}

// apiCode extracts Discord's JSON error code and HTTP status from a
// discordgo error.
func apiCode(t *testing.T, err error) (status, code int) {
	t.Helper()
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		t.Fatalf("want a *discordgo.RESTError, got %T: %v", err, err)
	}
	if re.Message == nil {
		return re.Response.StatusCode, -1
	}
	return re.Response.StatusCode, re.Message.Code
}

func wantAPIError(t *testing.T, err error, status, code int) {
	t.Helper()
	if err == nil {
		t.Fatalf("want HTTP %d code %d, got success", status, code)
	}
	gotStatus, gotCode := apiCode(t, err)
	if gotStatus != status || gotCode != code {
		t.Fatalf("got HTTP %d code %d (%v), want HTTP %d code %d", gotStatus, gotCode, err, status, code)
	}
}

func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func ptr[T any](v T) *T { return &v }
