package fakediscord

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestRateLimitIsRetriedAfterRetryAfter(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, rec := newSession(t, w.srv, w.srv.Token())
	const route = "POST /channels/{id}/messages"
	const wait = 150 * time.Millisecond
	if err := w.srv.InjectRateLimit(route, 1, wait); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: "hi", AllowedMentions: noMentions()}); err != nil {
		t.Fatalf("send after a 429: %v", err)
	}
	elapsed := time.Since(start)
	calls := w.srv.CallsTo(route)
	if len(calls) != 2 {
		t.Fatalf("got %d calls, want the 429 and the retry", len(calls))
	}
	if calls[0].Status != http.StatusTooManyRequests || !calls[0].Injected || calls[1].Status != http.StatusOK {
		t.Errorf("statuses %d, %d", calls[0].Status, calls[1].Status)
	}
	if elapsed < wait {
		t.Errorf("retried within %v, want at least %v", elapsed, wait)
	}
	rec.mu.Lock()
	limits := len(rec.limits)
	var after time.Duration
	if limits > 0 {
		after = rec.limits[0].RetryAfter
	}
	rec.mu.Unlock()
	if limits != 1 || after != wait {
		t.Errorf("discordgo saw %d rate limits, retry_after %v", limits, after)
	}
	if n := len(w.srv.Messages(w.general.ID)); n != 1 {
		t.Errorf("%d messages, want 1", n)
	}

	// With retries off, discordgo reports the limit.
	s.ShouldRetryOnRateLimit = false
	if err := w.srv.InjectGlobalRateLimit(route, 1, time.Second); err != nil {
		t.Fatal(err)
	}
	_, err := s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: "hi", AllowedMentions: noMentions()})
	if _, ok := err.(*discordgo.RateLimitError); !ok {
		t.Errorf("want *discordgo.RateLimitError, got %v", err)
	}
}

func TestServerErrors(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	const route = "POST /channels/{id}/messages"
	send := func() error {
		_, err := s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: "hi", AllowedMentions: noMentions()})
		return err
	}
	// discordgo retries 502 Bad Gateway by itself.
	if err := w.srv.InjectError(route, 2, http.StatusBadGateway); err != nil {
		t.Fatal(err)
	}
	if err := send(); err != nil {
		t.Fatalf("send after two 502s: %v", err)
	}
	if n := len(w.srv.CallsTo(route)); n != 3 {
		t.Errorf("%d calls, want 3", n)
	}
	// Other 5xx come back as errors.
	if err := w.srv.InjectError(route, 1, http.StatusInternalServerError); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, send(), 500, 0)
	if err := send(); err != nil {
		t.Errorf("the fault was used up, yet: %v", err)
	}
	if err := w.srv.InjectError("POST /nope", 1, 500); err == nil {
		t.Error("an unknown route name is refused")
	}
}

func TestLatency(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	if err := w.srv.SetLatency("GET /users/@me", 100*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := s.User("@me"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("answered in %v", d)
	}
}

// Held shows a request waiting out its latency, and lets go of it when
// the client gives up.
func TestHeldWhileWaitingOutLatency(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	const route = "GET /users/@me"
	if err := w.srv.SetLatency(route, time.Hour); err != nil {
		t.Fatal(err)
	}
	ctx := testCtx(t)
	reqCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { _, err := s.User("@me", discordgo.WithContext(reqCtx)); done <- err }()
	if err := w.srv.WaitFor(ctx, func() bool { return w.srv.Held(route) == 1 }); err != nil {
		t.Fatalf("the request was never held: %v", err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the client got %v, want context.Canceled", err)
	}
	if err := w.srv.WaitFor(ctx, func() bool { return w.srv.Held(route) == 0 }); err != nil {
		t.Errorf("still held after the client gave up: %v", err)
	}
}
