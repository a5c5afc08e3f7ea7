package llm

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryAfterCeiling clamps absurd values before any arithmetic; anything
// above maxRetryAfter makes the client give up anyway.
const retryAfterCeiling = 24 * time.Hour

// parseRetryAfter reads how long the server asked us to wait: OpenAI's
// "retry-after-ms" when present (finer grained), else "Retry-After" as
// delay-seconds or an HTTP date (RFC 9110 §10.2.3). Fractional seconds are
// accepted because some proxies send them. A date in the past means no
// wait. ok is false when there is no usable header.
func parseRetryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if d, ok := parseDelay(v, time.Millisecond); ok {
			return d, true
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if d, ok := parseDelay(v, time.Second); ok {
		return d, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(now), 0), retryAfterCeiling), true
}

// parseDelay parses a non-negative decimal number ("2", "0.5") of units.
// It is stricter than strconv.ParseFloat on purpose: no signs, exponents,
// hex, "Inf" or "NaN".
func parseDelay(v string, unit time.Duration) (time.Duration, bool) {
	digits, dots := 0, 0
	for _, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			dots++
		default:
			return 0, false
		}
	}
	if digits == 0 || dots > 1 {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, false
	}
	if f*float64(unit) >= float64(retryAfterCeiling) {
		return retryAfterCeiling, true
	}
	return time.Duration(f * float64(unit)), true
}
