package llm

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Client calls one OpenAI-compatible endpoint. It is safe for concurrent use.
// A nil *Client, or one built from a disabled or invalid Config, fails every
// call with KindNotConfigured, so callers can hold one unconditionally.
type Client struct {
	cfg Config
	api *openai.Client
	// notConfigured, when set, is the reason every call fails.
	notConfigured string

	// sem holds one token per HTTP request in flight.
	sem chan struct{}

	httpClient *http.Client
	sleep      func(context.Context, time.Duration) error
	now        func() time.Time
	random     func() float64
	observe    func(Attempt)

	// schemaUnsupported is set once the endpoint has rejected json_schema
	// and accepted json_object, so later calls skip the doomed first try.
	schemaUnsupported atomic.Bool
}

// Option changes how New builds a Client; mostly for tests.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (for a proxy, custom TLS, or a
// transport the caller closes). It must not set a Timeout shorter than
// Config.Timeout; deadlines come from contexts.
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) { c.httpClient = h }
}

// WithSleep replaces the wait between retries. f must return promptly with
// ctx's error when ctx ends. Tests inject a recorder so they never sleep.
func WithSleep(f func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) { c.sleep = f }
}

// WithClock replaces time.Now, used to read HTTP-date Retry-After values,
// to check whether a wait would outlast the caller's deadline, and to time
// attempts.
func WithClock(now func() time.Time) Option {
	return func(c *Client) { c.now = now }
}

// WithRandom replaces the source of jitter, a function returning values in
// [0, 1).
func WithRandom(f func() float64) Option {
	return func(c *Client) { c.random = f }
}

// WithObserver calls f after every HTTP attempt, for metrics (calls,
// latency, failures by kind, rate-limit waits). f runs on the caller's
// goroutine and must be quick.
func WithObserver(f func(Attempt)) Option {
	return func(c *Client) { c.observe = f }
}

// Attempt describes one HTTP request, for an observer.
type Attempt struct {
	// N counts attempts within one CompleteJSON call, from 1.
	N      int
	Format Format
	// Kind is "" on success.
	Kind     Kind
	Status   int
	Duration time.Duration
	// Wait is the pause before the next attempt; 0 when none follows.
	Wait time.Duration
}

// New builds a Client from cfg. It does no I/O. With a disabled config (see
// Enabled) or an invalid one (see Config.Validate) the Client fails every
// call with KindNotConfigured.
func New(cfg Config, opts ...Option) *Client {
	cfg = cfg.withDefaults()
	c := &Client{
		cfg:    cfg,
		sem:    make(chan struct{}, cfg.MaxInFlight),
		sleep:  sleepContext,
		now:    time.Now,
		random: randomFloat,
	}
	for _, o := range opts {
		o(c)
	}
	if !Enabled(cfg) {
		c.notConfigured = "no API key or base URL"
		return c
	}
	if err := cfg.Validate(); err != nil {
		c.notConfigured = "invalid configuration"
		return c
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	if cfg.BaseURL != "" {
		// Validate has accepted it, so this cannot fail.
		oc.BaseURL, _ = normalizeBaseURL(cfg.BaseURL)
	}
	if c.httpClient != nil {
		oc.HTTPClient = c.httpClient
	}
	c.api = openai.NewClientWithConfig(oc)
	return c
}

// Model returns the model name the client asks for.
func (c *Client) Model() string {
	if c == nil {
		return ""
	}
	return c.cfg.Model
}

// acquire takes an in-flight slot, or gives up when ctx ends.
func (c *Client) acquire(ctx context.Context) error {
	select {
	case c.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (c *Client) release() { <-c.sem }

// sleepContext waits d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
