package bot

import (
	"errors"
	"fmt"
)

// Error codes. They decide how an adapter reports an error: a person sees the
// Message of every code but EINTERNAL, whose details stay in the logs.
const (
	EINVALID     = "invalid"     // the input is wrong; the message says how
	ENOTFOUND    = "not_found"   // the thing asked for does not exist
	EFORBIDDEN   = "forbidden"   // the caller may not do this
	ECONFLICT    = "conflict"    // it clashes with what exists (a duplicate, an overlap)
	ESETUP       = "setup"       // a server setting the action needs is missing
	EUNAVAILABLE = "unavailable" // a dependency (Discord, the LLM) refused or is down
	EINTERNAL    = "internal"    // a bug or an unexpected failure
)

// Error is a failure meant to be shown to a person. Message is written for
// them: short, specific, and free of anything they did not already know.
type Error struct {
	Code    string
	Message string
	// format and args are Errorf's, so that In can write the message in
	// another language.
	format string
	args   []any
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), format: format, args: args}
}

// In is the message in l.
func (e *Error) In(l Lang) string {
	if e.format != "" {
		return l.Sprintf(e.format, e.args...)
	}
	return l.T(e.Message)
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the person-facing message of err, or "" when err
// carries none (nil, or an internal failure whose details must not be shown).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.Message
	}
	return ""
}

// ErrorMessageIn is ErrorMessage in l.
func ErrorMessageIn(err error, l Lang) string {
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return e.In(l)
	}
	return ""
}

// ErrNotFound is what stores return for a row that does not exist. Callers
// turn it into a message that names what was looked for.
var ErrNotFound = &Error{Code: ENOTFOUND, Message: "not found"}
