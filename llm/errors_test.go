package llm

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestErrorText(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Kind: KindNotConfigured, Reason: "no API key or base URL"}, "llm: not configured: no API key or base URL"},
		{&Error{Kind: KindRateLimited, Status: 429, Code: "rate_limit_exceeded", Attempts: 4, Reason: "rate limited, retries exhausted"},
			"llm: rate limited: rate limited, retries exhausted (attempts 4, HTTP 429, code rate_limit_exceeded)"},
		{&Error{Kind: KindMalformed, Attempts: 1}, "llm: malformed reply (attempts 1)"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

func TestErrorIsAndKindOf(t *testing.T) {
	err := fmt.Errorf("summarise: %w", &Error{Kind: KindTimeout, Attempts: 1, err: context.DeadlineExceeded})
	if !errors.Is(err, ErrTimeout) || errors.Is(err, ErrServer) {
		t.Error("errors.Is with sentinels")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("cause not unwrapped")
	}
	if KindOf(err) != KindTimeout || KindOf(nil) != "" || KindOf(errors.New("x")) != "" {
		t.Error("KindOf")
	}
}

func TestSafeCode(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{nil, ""},
		{"context_length_exceeded", "context_length_exceeded"},
		{429, "429"},
		{"has spaces: and text", ""},
		{"x\ny", ""},
	}
	for _, tt := range tests {
		if got := safeCode(tt.in); got != tt.want {
			t.Errorf("safeCode(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
