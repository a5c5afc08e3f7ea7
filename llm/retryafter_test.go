package llm

import (
	"net/http"
	"testing"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
		ok     bool
	}{
		{"none", http.Header{}, 0, false},
		{"seconds", http.Header{"Retry-After": {"2"}}, 2 * time.Second, true},
		{"zero", http.Header{"Retry-After": {"0"}}, 0, true},
		{"fraction", http.Header{"Retry-After": {"0.5"}}, 500 * time.Millisecond, true},
		{"spaces", http.Header{"Retry-After": {" 3 "}}, 3 * time.Second, true},
		{"date", http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}, 90 * time.Second, true},
		{"date in the past", http.Header{"Retry-After": {now.Add(-time.Hour).Format(http.TimeFormat)}}, 0, true},
		{"RFC 850 date", http.Header{"Retry-After": {"Saturday, 01-Mar-25 12:00:05 GMT"}}, 5 * time.Second, true},
		{"huge", http.Header{"Retry-After": {"99999999999999999999999"}}, retryAfterCeiling, true},
		{"negative", http.Header{"Retry-After": {"-1"}}, 0, false},
		{"exponent", http.Header{"Retry-After": {"1e3"}}, 0, false},
		{"inf", http.Header{"Retry-After": {"Inf"}}, 0, false},
		{"two dots", http.Header{"Retry-After": {"1.2.3"}}, 0, false},
		{"garbage", http.Header{"Retry-After": {"soon"}}, 0, false},
		{"ms preferred", http.Header{"Retry-After": {"2"}, "Retry-After-Ms": {"1500"}}, 1500 * time.Millisecond, true},
		{"bad ms falls back", http.Header{"Retry-After": {"2"}, "Retry-After-Ms": {"x"}}, 2 * time.Second, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.header, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: got %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"2", "0.5", "", "Wed, 21 Oct 2015 07:28:00 GMT", "1e9", "-3", "18446744073709551616", "."} {
		f.Add(s, "")
		f.Add("", s)
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, retryAfter, retryAfterMs string) {
		h := http.Header{}
		h.Set("Retry-After", retryAfter)
		h.Set("Retry-After-Ms", retryAfterMs)
		d, ok := parseRetryAfter(h, now)
		if d < 0 || d > retryAfterCeiling {
			t.Fatalf("parseRetryAfter(%q, %q) = %v out of range", retryAfter, retryAfterMs, d)
		}
		if !ok && d != 0 {
			t.Fatalf("not ok but d = %v", d)
		}
	})
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    int
		r    float64
		want time.Duration
	}{
		{1, 0, 250 * time.Millisecond},
		{1, 0.5, 375 * time.Millisecond},
		{2, 0, 500 * time.Millisecond},
		{3, 0, time.Second},
		{5, 0, 4 * time.Second},
		{6, 0, 4 * time.Second}, // capped at backoffMax
		{100, 0.999999, 8 * time.Second},
		{1, -5, 250 * time.Millisecond}, // out-of-range randomness is clamped
		{1, 7, 500 * time.Millisecond},
	}
	for _, tt := range tests {
		got := backoff(tt.n, tt.r)
		if got.Round(time.Millisecond) != tt.want {
			t.Errorf("backoff(%d, %v) = %v, want %v", tt.n, tt.r, got, tt.want)
		}
	}
}
