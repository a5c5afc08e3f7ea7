package main

import (
	"io"
	"os"
	"time"

	"github.com/rs/zerolog"
)

// newLogger builds the process logger. Log lines carry IDs, routes,
// durations and error codes; nothing in peerhours logs message text,
// summaries, prompts, usernames, tokens or keys.
func newLogger(cfg Config, w io.Writer) zerolog.Logger {
	level, err := zerolog.ParseLevel(cfg.LogLevel)
	if err != nil {
		level = zerolog.InfoLevel
	}
	console := cfg.LogFormat == "console" || (cfg.LogFormat == "auto" && isTerminal(w))
	if console {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}

// isTerminal reports whether v (a writer or a reader) is a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// domainLogger lets package bot log through zerolog. Its key-value pairs
// are IDs, kinds, codes and durations.
type domainLogger struct{ l zerolog.Logger }

func (d domainLogger) Info(msg string, kv ...any)  { d.l.Info().Fields(kv).Msg(msg) }
func (d domainLogger) Warn(msg string, kv ...any)  { d.l.Warn().Fields(kv).Msg(msg) }
func (d domainLogger) Error(msg string, kv ...any) { d.l.Error().Fields(kv).Msg(msg) }
