package fakediscord

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"time"
)

// Call is one REST request the emulator received, recorded when its answer
// was decided and before the answer was written, so a call is visible as
// soon as the client can see its response.
type Call struct {
	// Seq numbers calls in arrival order, from 1.
	Seq    int
	Method string
	// Path is relative to /api/v9, e.g. "/channels/1234/messages".
	Path  string
	Query url.Values
	// Route is the matched template, e.g. "POST /channels/{id}/messages";
	// empty when no route matched (see Unknown).
	Route  string
	Params map[string]string
	// Body is the decoded JSON body (for multipart requests, the decoded
	// payload_json part); nil when there was none. RawBody is its bytes.
	Body    any
	RawBody json.RawMessage
	// Files are the uploaded files of a multipart request.
	Files []CallFile
	// AuditLogReason is the X-Audit-Log-Reason header, unescaped.
	AuditLogReason string
	// UserAgent is the User-Agent header: which client sent the call,
	// when several share the bot's token (shards say theirs).
	UserAgent string

	Status int
	// Response is the JSON the emulator answered with (nil for 204).
	Response json.RawMessage
	// Error is set when the answer was a Discord error.
	Error *APIError

	// Unknown marks a request no route matched (answered 404 or 405).
	Unknown bool
	// Injected marks an answer produced by fault injection.
	Injected bool
	// MissingAllowedMentions marks a message-creating or -editing request
	// without an explicit allowed_mentions field.
	MissingAllowedMentions bool
	// SpecViolation marks a request refused because it does not conform to
	// Discord's OpenAPI description (Options.Spec).
	SpecViolation bool
	// Notified is whom the message this call created notified (nil when
	// it created none or mentioned nobody); see Notification.
	Notified *Notification

	// At is the Options clock's time at arrival; Duration is real time spent.
	At       time.Time
	Duration time.Duration
}

// CallFile describes one uploaded file.
type CallFile struct {
	Field       string
	Name        string
	ContentType string
	Size        int
}

// Decode unmarshals the call's JSON body into v.
func (c Call) Decode(v any) error { return json.Unmarshal(c.RawBody, v) }

// record appends a finished call. Call with s.mu held.
func (s *Server) record(c Call) {
	s.calls = append(s.calls, c)
	s.notify()
}

// Calls returns every REST call so far, in the order their answers were
// decided.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.calls)
}

// CallsTo returns the calls recorded under a route name such as
// "POST /channels/{id}/messages".
func (s *Server) CallsTo(route string) []Call {
	return s.filterCalls(func(c Call) bool { return c.Route == route })
}

// UnknownCalls returns requests no route matched: what the bot tried that the
// emulator does not serve.
func (s *Server) UnknownCalls() []Call {
	return s.filterCalls(func(c Call) bool { return c.Unknown })
}

// MissingAllowedMentions returns the message-creating or -editing requests
// (channel messages, interaction callbacks of type 4 and 7, followups, edits
// of webhook messages) whose body had no explicit allowed_mentions.
func (s *Server) MissingAllowedMentions() []Call {
	return s.filterCalls(func(c Call) bool { return c.MissingAllowedMentions })
}

func (s *Server) filterCalls(keep func(Call) bool) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// WaitCall returns the first recorded call for which match is true, waiting
// for it if it has not happened yet. match runs with the server locked and
// must not call the Server.
func (s *Server) WaitCall(ctx context.Context, match func(Call) bool) (Call, error) {
	var found Call
	err := s.waitLocked(ctx, func() bool {
		for _, c := range s.calls {
			if match(c) {
				found = c
				return true
			}
		}
		return false
	})
	return found, err
}

// WaitCalls waits until at least n calls match and returns all that do.
func (s *Server) WaitCalls(ctx context.Context, n int, match func(Call) bool) ([]Call, error) {
	var found []Call
	err := s.waitLocked(ctx, func() bool {
		found = found[:0]
		for _, c := range s.calls {
			if match(c) {
				found = append(found, c)
			}
		}
		return len(found) >= n
	})
	return slices.Clone(found), err
}

// ResetCalls forgets the recorded calls (state is kept), so a test can
// assert on what happens from here on.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
	s.notify()
}

// RouteIs is a WaitCall matcher for a route name.
func RouteIs(route string) func(Call) bool {
	return func(c Call) bool { return c.Route == route }
}
