package main

import (
	"net/http"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/peerhours/peerhours/llm"
	"github.com/peerhours/peerhours/metrics"
	"github.com/peerhours/peerhours/storage"
)

// newMetrics builds the program's metrics on a registry of its own, with
// the Go runtime's and the process's collectors beside them.
func newMetrics() *metrics.Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return metrics.New(reg)
}

// instrument feeds the metrics what only the concrete types know: every
// gateway event and Discord's rate limits from the session, the queue
// depth from the database, the gateway's state.
func instrument(m *metrics.Metrics, s *discordgo.Session, db *storage.DB, connected func() bool) {
	s.AddHandler(func(_ *discordgo.Session, e *discordgo.Event) { m.GatewayEvent(e.Type) })
	s.AddHandler(func(_ *discordgo.Session, r *discordgo.RateLimit) {
		if r.TooManyRequests != nil {
			m.RateLimited(r.RetryAfter)
		}
	})
	m.QueueDepth(db.QueueDepths)
	m.Gauge("peerhours_gateway_connected", "1 while the gateway is connected and ready.", func() float64 {
		if connected() {
			return 1
		}
		return 0
	})
}

// llmMetrics counts every HTTP attempt the LLM client makes.
func llmMetrics(m *metrics.Metrics) llm.Option {
	return llm.WithObserver(func(a llm.Attempt) { m.LLMAttempt(string(a.Format), string(a.Kind), a.Duration, a.Wait) })
}

// withMetrics serves /metrics beside the health endpoints.
func withMetrics(health http.Handler, m *metrics.Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("/", health)
	addProfiling(mux)
	return mux
}
