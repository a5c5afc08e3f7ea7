// Package metrics counts what peerhours does, for Prometheus: gateway
// events, triage decisions, the office-hours queue, jobs, emergency reply
// latency, LLM calls, Discord REST requests with the limiter's waits and
// Discord's own rate limits, and interaction latency.
//
// A Metrics is built on a registry the caller passes in; nothing is
// registered globally, so tests and a second instance in one process each
// have their own. Label values are bounded sets: categories, job kinds,
// event types, command names from the table, priorities, status classes.
// No label ever carries an ID of a person or what they wrote.
package metrics

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics implements bot.Metrics, discordadapter.RESTObserver and
// discordadapter.InteractionObserver, and counts what cmd/peerhours feeds it
// from discordgo and the LLM client.
type Metrics struct {
	reg *prometheus.Registry

	gatewayEvents  *prometheus.CounterVec
	triage         *prometheus.CounterVec
	jobs           *prometheus.CounterVec
	jobSeconds     *prometheus.HistogramVec
	emergencyReply prometheus.Histogram
	opinions       *prometheus.CounterVec
	llmCalls       *prometheus.CounterVec
	llmSeconds     *prometheus.HistogramVec
	llmRetryWait   prometheus.Counter
	restRequests   *prometheus.CounterVec
	restWait       *prometheus.HistogramVec
	restSeconds    *prometheus.HistogramVec
	rateLimits     prometheus.Counter
	rateLimitWait  prometheus.Counter
	interactions   *prometheus.HistogramVec
	leader         prometheus.Gauge
}

// latency buckets, in seconds: from a fast REST call to Discord's 3-second
// interaction window and past it.
var latency = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 1.5, 2, 3, 5, 10, 30}

// New creates the metrics and registers them on reg.
func New(reg *prometheus.Registry) *Metrics {
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	m := &Metrics{
		reg: reg,
		gatewayEvents: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "peerhours_gateway_events_total",
			Help: "Gateway dispatch events received, by type."}, []string{"type"}),
		triage: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "peerhours_triage_decisions_total",
			Help: "Triage decisions acted on, by category and by what decided (rules, llm, edit, override)."}, []string{"category", "source"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "peerhours_jobs_total",
			Help: "Durable jobs run, by kind and outcome (done, failed: a failure is retried)."}, []string{"kind", "outcome"}),
		jobSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "peerhours_job_seconds",
			Help: "Time to run a job that succeeded, by kind.", Buckets: latency}, []string{"kind"}),
		emergencyReply: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "peerhours_emergency_reply_seconds",
			Help: "From an emergency message's arrival to its crisis reply being sent (the promise is 2 s).", Buckets: latency}),
		opinions: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "peerhours_triage_opinions_total",
			Help: "The LLM's second opinions on triage, by outcome (raised, kept, failed, shed: not asked because the queue was full)."}, []string{"outcome"}),
		llmCalls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "peerhours_llm_calls_total",
			Help: "HTTP attempts to the LLM endpoint, by response format and outcome (ok, or the failure kind)."}, []string{"format", "outcome"}),
		llmSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "peerhours_llm_call_seconds",
			Help: "Latency of LLM attempts, by outcome.", Buckets: []float64{.1, .25, .5, 1, 2, 5, 10, 20, 30, 60}}, []string{"outcome"}),
		llmRetryWait: prometheus.NewCounter(prometheus.CounterOpts{Name: "peerhours_llm_retry_wait_seconds_total",
			Help: "Time spent waiting between LLM attempts (backoff and Retry-After)."}),
		restRequests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "peerhours_discord_requests_total",
			Help: "Discord REST requests sent, by limiter priority and status class (2xx, 4xx, 429, 5xx, error)."}, []string{"priority", "status"}),
		restWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "peerhours_discord_limiter_wait_seconds",
			Help: "Time a REST request waited for peerhours' own limiter (40/s), by priority.", Buckets: latency}, []string{"priority"}),
		restSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "peerhours_discord_request_seconds",
			Help: "Discord REST latency after the limiter, by priority.", Buckets: latency}, []string{"priority"}),
		rateLimits: prometheus.NewCounter(prometheus.CounterOpts{Name: "peerhours_discord_rate_limits_total",
			Help: "429 answers from Discord that discordgo waited out (its RateLimit event)."}),
		rateLimitWait: prometheus.NewCounter(prometheus.CounterOpts{Name: "peerhours_discord_rate_limit_wait_seconds_total",
			Help: "Time discordgo waited on Discord's retry_after."}),
		interactions: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "peerhours_interaction_seconds",
			Help: "From an interaction's arrival to its answer, by kind and command or component.", Buckets: latency}, []string{"kind", "name"}),
	}
	m.leader = prometheus.NewGauge(prometheus.GaugeOpts{Name: "peerhours_leader",
		Help: "1 while this process leads its shard (holds the gateway session, runs jobs), 0 while it stands by. Alert when no process of a shard reports 1."})
	for _, c := range []prometheus.Collector{m.gatewayEvents, m.triage, m.jobs, m.jobSeconds, m.emergencyReply, m.opinions, m.llmCalls,
		m.llmSeconds, m.llmRetryWait, m.restRequests, m.restWait, m.restSeconds, m.rateLimits, m.rateLimitWait, m.interactions, m.leader} {
		f(c)
	}
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Leading records whether this process leads (true) or stands by.
func (m *Metrics) Leading(yes bool) {
	if yes {
		m.leader.Set(1)
	} else {
		m.leader.Set(0)
	}
}

// TriageDecision counts a decision acted on.
func (m *Metrics) TriageDecision(category, source string) {
	m.triage.WithLabelValues(category, source).Inc()
}

// JobDone counts a job that succeeded and how long it took.
func (m *Metrics) JobDone(kind string, took time.Duration) {
	m.jobs.WithLabelValues(kind, "done").Inc()
	m.jobSeconds.WithLabelValues(kind).Observe(took.Seconds())
}

// JobFailed counts a failed attempt at a job.
func (m *Metrics) JobFailed(kind string) { m.jobs.WithLabelValues(kind, "failed").Inc() }

// EmergencyReply records how long a crisis reply took.
func (m *Metrics) EmergencyReply(took time.Duration) { m.emergencyReply.Observe(took.Seconds()) }

// TriageOpinion counts one of the LLM's second opinions by outcome.
func (m *Metrics) TriageOpinion(outcome string) { m.opinions.WithLabelValues(outcome).Inc() }

// GatewayEvent counts a gateway dispatch by type ("MESSAGE_CREATE").
func (m *Metrics) GatewayEvent(typ string) {
	if typ == "" {
		return // heartbeat acks and other non-dispatch frames
	}
	m.gatewayEvents.WithLabelValues(typ).Inc()
}

// RateLimited counts a 429 from Discord and the wait it imposed.
func (m *Metrics) RateLimited(wait time.Duration) {
	m.rateLimits.Inc()
	m.rateLimitWait.Add(wait.Seconds())
}

// RESTRequest counts a request that passed the limiter.
func (m *Metrics) RESTRequest(priority string, waited time.Duration, status int, took time.Duration) {
	m.restRequests.WithLabelValues(priority, statusClass(status)).Inc()
	m.restWait.WithLabelValues(priority).Observe(waited.Seconds())
	m.restSeconds.WithLabelValues(priority).Observe(took.Seconds())
}

func statusClass(status int) string {
	switch {
	case status == 0:
		return "error"
	case status == http.StatusTooManyRequests:
		return "429"
	default:
		return strconv.Itoa(status/100) + "xx"
	}
}

// Interaction records how long an interaction took to answer.
func (m *Metrics) Interaction(kind, name string, took time.Duration) {
	m.interactions.WithLabelValues(kind, name).Observe(took.Seconds())
}

// LLMAttempt counts one HTTP attempt to the LLM endpoint. kind is "" on
// success; wait is the pause before the next attempt.
func (m *Metrics) LLMAttempt(format, kind string, took, wait time.Duration) {
	outcome := kind
	if outcome == "" {
		outcome = "ok"
	}
	m.llmCalls.WithLabelValues(format, outcome).Inc()
	m.llmSeconds.WithLabelValues(outcome).Observe(took.Seconds())
	if wait > 0 {
		m.llmRetryWait.Add(wait.Seconds())
	}
}

// QueueDepth exports each condition's queued questions, read from depths
// at every scrape (bounded by a 2-second deadline).
func (m *Metrics) QueueDepth(depths func(ctx context.Context) (map[int64]int, error)) {
	m.reg.MustRegister(&queueCollector{depths: depths, desc: prometheus.NewDesc("peerhours_queue_depth",
		"Questions waiting in a condition's office-hours queue.", []string{"condition_id"}, nil)})
}

// Gauge exports a value read at every scrape, such as whether the gateway
// is connected.
func (m *Metrics) Gauge(name, help string, value func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, value))
}

type queueCollector struct {
	depths func(ctx context.Context) (map[int64]int, error)
	desc   *prometheus.Desc
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	depths, err := c.depths(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	for id, n := range depths {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(n), strconv.FormatInt(id, 10))
	}
}
