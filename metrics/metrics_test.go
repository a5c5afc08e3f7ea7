package metrics

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestSeries(t *testing.T) {
	m := New(prometheus.NewRegistry())
	m.TriageDecision("emergency", "rules")
	m.JobDone("crisis_reply", 30*time.Millisecond)
	m.JobFailed("receipt")
	m.EmergencyReply(40 * time.Millisecond)
	m.GatewayEvent("MESSAGE_CREATE")
	m.GatewayEvent("")
	m.RateLimited(1500 * time.Millisecond)
	m.RESTRequest("urgent", time.Millisecond, 200, 5*time.Millisecond)
	m.RESTRequest("normal", time.Millisecond, 0, 5*time.Millisecond)
	m.Interaction("command", "privacy", 80*time.Millisecond)
	m.LLMAttempt("json_schema", "", time.Second, 0)
	m.LLMAttempt("json_schema", "timeout", 2*time.Second, 500*time.Millisecond)
	m.QueueDepth(func(context.Context) (map[int64]int, error) { return map[int64]int{7: 3}, nil })
	m.Gauge("peerhours_gateway_connected", "1 while connected.", func() float64 { return 1 })
	out := scrape(t, m)
	for _, want := range []string{
		`peerhours_triage_decisions_total{category="emergency",source="rules"} 1`,
		`peerhours_jobs_total{kind="receipt",outcome="failed"} 1`,
		`peerhours_emergency_reply_seconds_count 1`,
		`peerhours_gateway_events_total{type="MESSAGE_CREATE"} 1`,
		`peerhours_discord_rate_limits_total 1`,
		`peerhours_discord_rate_limit_wait_seconds_total 1.5`,
		`peerhours_discord_requests_total{priority="urgent",status="2xx"} 1`,
		`peerhours_discord_requests_total{priority="normal",status="error"} 1`,
		`peerhours_interaction_seconds_count{kind="command",name="privacy"} 1`,
		`peerhours_llm_calls_total{format="json_schema",outcome="timeout"} 1`,
		`peerhours_llm_retry_wait_seconds_total 0.5`,
		`peerhours_queue_depth{condition_id="7"} 3`,
		`peerhours_gateway_connected 1`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
	if strings.Contains(out, `type=""`) {
		t.Error("an empty event type was counted")
	}
}

// Two instances in one process do not collide: nothing is global.
func TestIndependentRegistries(t *testing.T) {
	a, b := New(prometheus.NewRegistry()), New(prometheus.NewRegistry())
	a.TriageDecision("peer", "rules")
	if strings.Contains(scrape(t, b), "peerhours_triage_decisions_total{") {
		t.Error("a count made on one registry shows on the other")
	}
}
