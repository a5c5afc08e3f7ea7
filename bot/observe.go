package bot

import "time"

// Logger is the structured logger the domain writes to: a message and
// key-value pairs. log/slog's *Logger fits; cmd/peerhours adapts zerolog.
// Values are IDs, kinds, codes and durations, never what people wrote.
type Logger interface {
	Info(msg string, kv ...any)
	Warn(msg string, kv ...any)
	Error(msg string, kv ...any)
}

// Metrics counts what the domain does; cmd/peerhours backs it with
// Prometheus.
type Metrics interface {
	TriageDecision(category string, source string)
	JobDone(kind string, took time.Duration)
	JobFailed(kind string)
	EmergencyReply(took time.Duration)
	// TriageOpinion counts the LLM's second opinions by outcome
	// (OpinionRaised, OpinionKept, OpinionFailed, OpinionShed).
	TriageOpinion(outcome string)
}

type nopLogger struct{}

func (nopLogger) Info(string, ...any)  {}
func (nopLogger) Warn(string, ...any)  {}
func (nopLogger) Error(string, ...any) {}

type nopMetrics struct{}

func (nopMetrics) TriageDecision(string, string) {}
func (nopMetrics) JobDone(string, time.Duration) {}
func (nopMetrics) JobFailed(string)              {}
func (nopMetrics) EmergencyReply(time.Duration)  {}
func (nopMetrics) TriageOpinion(string)          {}
