package llm_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/peerhours/peerhours/internal/openaitest"
	"github.com/peerhours/peerhours/llm"
)

// sleeper records the waits between retries instead of sleeping.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeper) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// harness is a fake endpoint and a real Client pointed at it.
type harness struct {
	fake   *openaitest.Server
	client *llm.Client
	sleep  *sleeper
}

const testKey = "sk-test-key"

// newHarness starts a fake with opts and a client whose config is cfg with
// the fake's URL and key filled in. Jitter is fixed at its lowest so waits
// are exact.
func newHarness(t *testing.T, opts openaitest.Options, cfg llm.Config, extra ...llm.Option) *harness {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	fake := openaitest.New(opts)
	t.Cleanup(fake.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	cfg.BaseURL = fake.URL()
	cfg.APIKey = opts.APIKey
	s := &sleeper{}
	all := append([]llm.Option{
		llm.WithHTTPClient(&http.Client{Transport: tr}),
		llm.WithSleep(s.sleep),
		llm.WithRandom(func() float64 { return 0 }),
	}, extra...)
	return &harness{fake: fake, client: llm.New(cfg, all...), sleep: s}
}

func simpleRequest() llm.Request {
	return llm.Request{System: "You summarise threads as JSON.", User: "Member A: hello"}
}

var summarySchema = &llm.Schema{
	Name: "summary",
	JSON: []byte(`{"type":"object","properties":{"overview":{"type":"string"}},"required":["overview"],"additionalProperties":false}`),
}

// wantKind fails the test unless err is an *llm.Error of kind want.
func wantKind(t *testing.T, err error, want llm.Kind) *llm.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want kind %s", want)
	}
	e, ok := err.(*llm.Error)
	if !ok {
		t.Fatalf("err = %T %v, want *llm.Error", err, err)
	}
	if e.Kind != want {
		t.Fatalf("kind = %s (%v), want %s", e.Kind, err, want)
	}
	return e
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
