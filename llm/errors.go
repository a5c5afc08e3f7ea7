package llm

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// Kind classifies a failure so callers can decide how to fall back and
// metrics can count failures by kind. Its values are stable, lower-case and
// safe to use as a metric label.
type Kind string

const (
	// KindNotConfigured: no LLM is configured (neither key nor base URL), or
	// the configuration is invalid. Callers use their non-LLM path.
	KindNotConfigured Kind = "not_configured"
	// KindTimeout: an attempt passed its deadline (Config.Timeout), or the
	// caller's context deadline passed.
	KindTimeout Kind = "timeout"
	// KindRateLimited: 429 after the retries were spent, a Retry-After longer
	// than this package waits, or a quota that retrying cannot fix.
	KindRateLimited Kind = "rate_limited"
	// KindServer: 5xx after the retries were spent.
	KindServer Kind = "server_error"
	// KindUnavailable: network failures (refused, reset, dropped) after the
	// retries were spent.
	KindUnavailable Kind = "unavailable"
	// KindBadRequest: a 4xx other than 401, 403 and 429, or a request this
	// package or go-openai refused to send. Retrying cannot help.
	KindBadRequest Kind = "bad_request"
	// KindAuth: 401 or 403, a wrong or missing key.
	KindAuth Kind = "auth"
	// KindMalformed: the endpoint answered 200 but not with a usable JSON
	// object (undecodable body, no choices, truncated, refused, not JSON).
	KindMalformed Kind = "malformed_reply"
	// KindCanceled: the caller's context was cancelled.
	KindCanceled Kind = "canceled"
)

// Error is the error every Client method returns. Its Error text is safe to
// log: it never includes prompt text, reply text, server messages or keys.
type Error struct {
	Kind Kind
	// Status is the HTTP status of the last attempt; 0 when there was none.
	Status int
	// Code is the provider's error code (e.g. "context_length_exceeded"),
	// kept only when it looks like an identifier.
	Code string
	// Attempts is how many HTTP requests the call made.
	Attempts int
	// Reason is a short fixed phrase from this package, e.g. "reply is not a
	// JSON object".
	Reason string

	err error
}

// Sentinels for errors.Is: errors.Is(err, llm.ErrRateLimited) holds for
// every *Error of that kind.
var (
	ErrNotConfigured = &Error{Kind: KindNotConfigured}
	ErrTimeout       = &Error{Kind: KindTimeout}
	ErrRateLimited   = &Error{Kind: KindRateLimited}
	ErrServer        = &Error{Kind: KindServer}
	ErrUnavailable   = &Error{Kind: KindUnavailable}
	ErrBadRequest    = &Error{Kind: KindBadRequest}
	ErrAuth          = &Error{Kind: KindAuth}
	ErrMalformed     = &Error{Kind: KindMalformed}
	ErrCanceled      = &Error{Kind: KindCanceled}
)

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("llm: ")
	b.WriteString(strings.ReplaceAll(string(e.Kind), "_", " "))
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	var details []string
	if e.Attempts > 0 {
		details = append(details, fmt.Sprintf("attempts %d", e.Attempts))
	}
	if e.Status != 0 {
		details = append(details, fmt.Sprintf("HTTP %d", e.Status))
	}
	if e.Code != "" {
		details = append(details, "code "+e.Code)
	}
	if len(details) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(details, ", "))
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the underlying cause (a context error, a network error,
// go-openai's error). Its text may hold what the server sent: don't log it.
func (e *Error) Unwrap() error { return e.err }

// Is reports whether target is the sentinel of e's kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.err == nil && t.Status == 0 && t.Reason == "" && t.Kind == e.Kind
}

// KindOf returns the kind of the *Error in err's chain, or "" when err is
// nil or did not come from this package.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// codePattern keeps provider codes that are identifiers; anything else could
// be free text and is dropped.
var codePattern = regexp.MustCompile(`^[A-Za-z0-9_.\-]{1,64}$`)

// safeCode renders a provider error code (a string or a number in the wild)
// if it is a plain identifier.
func safeCode(code any) string {
	if code == nil {
		return ""
	}
	s := fmt.Sprint(code)
	if !codePattern.MatchString(s) {
		return ""
	}
	return s
}
