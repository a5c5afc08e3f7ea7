package handlers

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
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
var fatalCloseCodes = map[int]string{
	4004: "Discord rejected DISCORD_TOKEN (gateway close 4004, authentication failed): copy the token again from the Developer Portal, Applications → your app → Bot → Reset Token",
	4010: "Discord rejected the shard settings (gateway close 4010); this is a bug in peerhours, please report it",
	4011: "Discord requires sharding for this bot (gateway close 4011): it is in too many servers for one connection, which peerhours does not support yet",
	4012: "Discord rejected the gateway API version (gateway close 4012); upgrade peerhours",
	4013: "Discord rejected the requested intents as invalid (gateway close 4013); this is a bug in peerhours, please report it",
	4014: "Discord refused the Message Content intent (gateway close 4014): in the Developer Portal, Applications → your app → Bot, switch on MESSAGE CONTENT INTENT under Privileged Gateway Intents, then start peerhours again",
}

// Gateway keeps the discordgo session's websocket open: it connects,
// reconnects with backoff (resuming where Discord allows), and turns fatal
// refusals into a *FatalError instead of retrying forever.
type Gateway struct {
	s         *discordgo.Session
	log       zerolog.Logger
	connected atomic.Bool
	closing   atomic.Bool
	dropped   chan struct{} // signalled (non-blocking) on each Disconnect
}

// NewGateway prepares s for Run. Handlers may be added to s before and after.
func NewGateway(s *discordgo.Session, log zerolog.Logger) *Gateway {
	g := &Gateway{s: s, log: log, dropped: make(chan struct{}, 1)}
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Ready) { g.connected.Store(true) })
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { g.connected.Store(true) })
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
			g.log.Warn().Msg("gateway disconnected; reconnecting")
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
// good. The first attempt is immediate; later ones back off exponentially
// with jitter, up to a minute.
func (g *Gateway) connect(ctx context.Context, what string) error {
	wait := time.Second
	for attempt := 1; ; attempt++ {
		start := time.Now()
		err := g.s.Open()
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			g.log.Info().Str("step", what).Int("attempt", attempt).Dur("took", time.Since(start)).Msg("gateway connected")
			return nil
		}
		if fatal := asFatal(err); fatal != nil {
			return fatal
		}
		delay := wait/2 + rand.N(wait/2+1)
		g.log.Warn().Str("step", what).Int("attempt", attempt).Str("error", errorClass(err)).Dur("retry_in", delay).Msg("gateway connection failed")
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		wait = min(wait*2, time.Minute)
	}
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
		return &FatalError{Code: http.StatusUnauthorized, Fix: "Discord rejected DISCORD_TOKEN (HTTP 401): copy the token again from the Developer Portal, Applications → your app → Bot → Reset Token"}
	}
	return nil
}

// errorClass describes err for the logs without its text, which for REST
// errors can include response bodies.
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
