package discordadapter

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
	"github.com/rs/zerolog"
)

// FatalError is a refusal from Discord that reconnecting cannot fix: a bad
// token or an intent the application may not use. The program should stop
// and tell the operator what to change.
type FatalError struct {
	Code int    // the gateway close code, or the HTTP status for REST refusals
	Fix  string // what the operator should do
}

func (e *FatalError) Error() string { return e.Fix }

// fatalCloseCodes maps the gateway close codes that reconnecting cannot fix
// to what the operator should do about them.
//
//i18n:english for the operator, on the host's terminal
var fatalCloseCodes = map[int]string{
	4004: "Discord rejected DISCORD_TOKEN (gateway close 4004, authentication failed): copy the token again from the Developer Portal, Applications → your app → Bot → Reset Token",
	4010: "Discord rejected the shard settings (gateway close 4010); this is a bug in peerhours, please report it",
	4011: "Discord requires sharding for this bot (gateway close 4011): it is in too many servers for one connection: split them into shards with SHARD_COUNT and SHARD_ID (docs/operations.md, Shards)",
	4012: "Discord rejected the gateway API version (gateway close 4012); upgrade peerhours",
	4013: "Discord rejected the requested intents as invalid (gateway close 4013); this is a bug in peerhours, please report it",
	4014: "Discord refused the Message Content intent (gateway close 4014): in the Developer Portal, Applications → your app → Bot, switch on MESSAGE CONTENT INTENT under Privileged Gateway Intents, then start peerhours again",
}

// Gateway keeps the discordgo session's websocket open: it connects,
// reconnects with backoff (resuming where Discord allows), and turns fatal
// refusals into a *FatalError instead of retrying forever.
//
// The backoff is kept across drops: a connection that drops before it was
// ready, or within stableAfter of a READY (a new session, which cost an
// IDENTIFY), does not earn an immediate reconnect, so a flapping link
// waits longer each time instead of reconnecting at once on every drop.
// A connection that RESUMED its session cost no IDENTIFY and is
// reconnected at once, as Discord asks of a resumable session. Each attempt may cost an IDENTIFY, of which Discord
// allows 1,000 a day before it resets the token; the attempts of the last
// 24 hours are counted and, at identifyBudget, the next waits until the
// oldest is a day old.
type Gateway struct {
	s         *discordgo.Session
	log       zerolog.Logger
	connected atomic.Bool
	closing   atomic.Bool
	dropped   chan struct{} // signalled (non-blocking) on each Disconnect
	closeCode atomic.Int32  // the code of the last close frame from Discord

	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu       sync.Mutex
	wait     time.Duration // backoff before the next attempt; 0 is at once
	readyAt  time.Time     // when the connection became ready; zero if not
	resumed  bool          // it became ready by RESUME
	attempts []time.Time   // connection attempts (possible IDENTIFYs) of the last day
	budget   int
}

const (
	minBackoff     = time.Second
	maxBackoff     = 2 * time.Minute
	stableAfter    = 5 * time.Minute
	identifyWindow = 24 * time.Hour
	// identifyBudget leaves a tenth of Discord's 1,000 identifies a day
	// for restarts by hand.
	identifyBudget = 900
)

// NewGateway prepares s for Run. Handlers may be added to s before and after.
func NewGateway(s *discordgo.Session, log zerolog.Logger) *Gateway {
	g := &Gateway{s: s, log: log, dropped: make(chan struct{}, 1), now: time.Now, sleep: sleepCtx, budget: identifyBudget}
	sniffCloses(s, &g.closeCode)
	ready := func(resumed bool) {
		g.mu.Lock()
		g.readyAt, g.resumed = g.now(), resumed
		g.mu.Unlock()
		g.connected.Store(true)
	}
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Ready) { ready(false) })
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
		g.mu.Lock()
		if n := len(g.attempts); n > 0 {
			g.attempts = g.attempts[:n-1] // a resume spends no IDENTIFY
		}
		g.mu.Unlock()
		ready(true)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		g.connected.Store(false)
		if g.closing.Load() {
			return
		}
		select {
		case g.dropped <- struct{}{}:
		default:
		}
	})
	return g
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Connected reports whether the gateway is connected and has received READY
// or RESUMED.
func (g *Gateway) Connected() bool { return g.connected.Load() }

// Open connects for the first time. Network failures are retried with
// backoff until ctx ends; a fatal refusal returns a *FatalError at once.
func (g *Gateway) Open(ctx context.Context) error {
	return g.connect(ctx, "connect")
}

// Run keeps the connection open until ctx ends, then closes it. It returns
// nil after a clean close, or a *FatalError if Discord refused a reconnect.
func (g *Gateway) Run(ctx context.Context) error {
	defer g.Close()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-g.dropped:
			if fatal := g.fatalClose(); fatal != nil {
				return fatal
			}
			g.afterDrop()
			g.log.Warn().Int("close_code", int(g.closeCode.Load())).Msg("gateway disconnected; reconnecting")
			if err := g.connect(ctx, "reconnect"); err != nil {
				var fatal *FatalError
				if errors.As(err, &fatal) {
					return err
				}
				return nil // ctx ended while reconnecting
			}
		}
	}
}

// Close closes the websocket once; later calls do nothing. discordgo's close
// waits one second for Discord to acknowledge.
func (g *Gateway) Close() {
	if g.closing.Swap(true) {
		return
	}
	if err := g.s.Close(); err != nil {
		g.log.Warn().Err(err).Msg("closing gateway")
	}
	g.connected.Store(false)
}

// connect calls Open until it succeeds, ctx ends, or Discord refuses for
// good. The first attempt is immediate unless the last connection
// flapped; failures back off exponentially with jitter, up to maxBackoff.
func (g *Gateway) connect(ctx context.Context, what string) error {
	for attempt := 1; ; attempt++ {
		if delay := g.delay(); delay > 0 {
			g.log.Warn().Str("step", what).Int("attempt", attempt).Dur("retry_in", delay).Msg("gateway waiting before connecting")
			if err := g.sleep(ctx, delay); err != nil {
				return err
			}
		}
		if wait := g.spend(); wait > 0 {
			g.log.Error().Str("step", what).Dur("retry_in", wait).Int("budget", g.budget).
				Msg("gateway identify budget for the day spent; waiting so that Discord does not reset the token")
			if err := g.sleep(ctx, wait); err != nil {
				return err
			}
			g.spend()
		}
		g.closeCode.Store(0)
		start := g.now()
		err := g.s.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			g.log.Info().Str("step", what).Int("attempt", attempt).Dur("took", g.now().Sub(start)).Msg("gateway connected")
			return nil
		}
		if fatal := asFatal(err); fatal != nil {
			return fatal
		}
		g.backOff()
		g.log.Warn().Str("step", what).Int("attempt", attempt).Str("error", errorClass(err)).Msg("gateway connection failed")
	}
}

// delay is the wait before the next attempt, with jitter.
func (g *Gateway) delay() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.wait <= 0 {
		return 0
	}
	return g.wait/2 + rand.N(g.wait/2+1)
}

// backOff doubles the wait before the next attempt.
func (g *Gateway) backOff() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.wait = min(max(g.wait*2, minBackoff), maxBackoff)
}

// afterDrop sets the backoff after a drop: a connection that resumed, or
// was ready for stableAfter, reconnects at once; one that dropped sooner
// after a READY, or before it was ready, backs off further.
func (g *Gateway) afterDrop() {
	g.mu.Lock()
	stable := !g.readyAt.IsZero() && (g.resumed || g.now().Sub(g.readyAt) >= stableAfter)
	g.readyAt, g.resumed = time.Time{}, false
	g.mu.Unlock()
	if stable {
		g.mu.Lock()
		g.wait = 0
		g.mu.Unlock()
		return
	}
	g.backOff()
}

// spend counts an attempt against the identify budget, or, when the
// budget is spent, counts nothing and returns how long until it is not.
func (g *Gateway) spend() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	keep := g.attempts[:0]
	for _, at := range g.attempts {
		if now.Sub(at) < identifyWindow {
			keep = append(keep, at)
		}
	}
	g.attempts = keep
	if len(g.attempts) >= g.budget {
		return g.attempts[0].Add(identifyWindow).Sub(now)
	}
	g.attempts = append(g.attempts, now)
	return 0
}

// fatalClose is the FatalError for the close code Discord last sent, if it
// is one no reconnect can fix.
func (g *Gateway) fatalClose() *FatalError {
	code := int(g.closeCode.Load())
	if fix, ok := fatalCloseCodes[code]; ok {
		return &FatalError{Code: code, Fix: fix}
	}
	return nil
}

// asFatal recognises refusals that no retry can fix: a fatal gateway close
// code, or a 401 from the REST call that looks up the gateway address.
func asFatal(err error) *FatalError {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		if fix, ok := fatalCloseCodes[ce.Code]; ok {
			return &FatalError{Code: ce.Code, Fix: fix}
		}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusUnauthorized {
		//i18n:english for the operator, on the host's terminal
		return &FatalError{Code: http.StatusUnauthorized, Fix: "Discord rejected DISCORD_TOKEN (HTTP 401): copy the token again from the Developer Portal, Applications → your app → Bot → Reset Token"}
	}
	return nil
}

// errorClass describes err for the logs without its text, which for REST
// errors can include response bodies.
//
//i18n:english for the logs
func errorClass(err error) string {
	var ce *websocket.CloseError
	var re *discordgo.RESTError
	switch {
	case errors.As(err, &ce):
		return fmt.Sprintf("gateway close %d", ce.Code)
	case errors.As(err, &re) && re.Response != nil:
		if re.Message != nil && re.Message.Code != 0 {
			return fmt.Sprintf("http %d code %d", re.Response.StatusCode, re.Message.Code)
		}
		return fmt.Sprintf("http %d", re.Response.StatusCode)
	default:
		return errText(err) // network errors: addresses and causes, no content
	}
}
