package openaitest

import (
	"encoding/json"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Reply is one scripted answer of the fake. The zero Reply answers 200 with
// an empty assistant message. Fields combine: waits happen first (Until, then
// Delay, or Hang), then the answer is chosen by Drop, Status, Malformed,
// otherwise a normal completion carrying Content.
type Reply struct {
	// Content is the assistant message text of a successful completion.
	Content string
	// FinishReason of the choice; "stop" when empty.
	FinishReason openai.FinishReason
	// Refusal, when set, fills the message's refusal field (structured
	// outputs' way of declining) and Content is usually left empty.
	Refusal string
	// Usage overrides the token counts the fake would estimate.
	Usage *openai.Usage

	// Status, when non-zero and not 200, answers with this HTTP status and
	// Body (an OpenAI-style error object when Body is empty).
	Status int
	// Body is the raw body for an error reply or a malformed reply.
	Body string
	// RetryAfter is sent verbatim as the Retry-After header when non-empty
	// ("2" or an HTTP date).
	RetryAfter string
	// Header holds extra response headers.
	Header http.Header

	// Until, when non-nil, holds the answer until the channel is closed (or
	// receives), the client goes away or the server closes. Tests use it as
	// a gate to keep requests in flight.
	Until <-chan struct{}
	// Delay holds the answer this long; it ends early when the client gives
	// up or the server closes.
	Delay time.Duration
	// Hang never answers: the handler returns only when the client gives up
	// or the server closes.
	Hang bool

	// Malformed answers 200 with a body that is not a valid completion
	// (Body when set, otherwise broken JSON).
	Malformed bool
	// Drop closes the TCP connection without writing any response.
	Drop bool
}

// Content returns a successful reply whose assistant message is s.
func Content(s string) Reply { return Reply{Content: s} }

// JSON returns a successful reply whose assistant message is v encoded as
// JSON. It panics if v cannot be encoded, which is a bug in the test.
func JSON(v any) Reply {
	b, err := json.Marshal(v)
	if err != nil {
		panic("openaitest.JSON: " + err.Error())
	}
	return Reply{Content: string(b)}
}

// Error returns an error reply with an OpenAI-style error body.
func Error(status int, message string) Reply {
	return Reply{Status: status, Body: errorBody(status, message, "")}
}

// RateLimited returns a 429 reply; retryAfter ("1", "0.5", an HTTP date, or
// "" for none) is sent as the Retry-After header.
func RateLimited(retryAfter string) Reply {
	return Reply{
		Status:     http.StatusTooManyRequests,
		Body:       errorBody(http.StatusTooManyRequests, "Rate limit reached", "rate_limit_exceeded"),
		RetryAfter: retryAfter,
	}
}

// Hang returns a reply that never answers.
func Hang() Reply { return Reply{Hang: true} }

// Malformed returns a 200 reply whose body is not valid JSON.
func Malformed() Reply { return Reply{Malformed: true} }

// Drop returns a reply that closes the connection without answering.
func Drop() Reply { return Reply{Drop: true} }

// errorBody renders the error envelope OpenAI uses, so go-openai decodes it
// into an *openai.APIError like it would for the real service.
func errorBody(status int, message, code string) string {
	typ := "invalid_request_error"
	switch {
	case status == http.StatusTooManyRequests:
		typ = "rate_limit_error"
	case status >= 500:
		typ = "server_error"
	case status == http.StatusUnauthorized:
		typ = "authentication_error"
	}
	e := map[string]any{"message": message, "type": typ}
	if code != "" {
		e["code"] = code
	}
	b, _ := json.Marshal(map[string]any{"error": e})
	return string(b)
}
