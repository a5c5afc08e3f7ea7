package llm

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// errAttemptTimeout is the cause of an attempt context that hit
// Config.Timeout, which tells our own deadline from the caller's.
var errAttemptTimeout = errors.New("llm: attempt timed out")

// failure is the classified outcome of one attempt.
type failure struct {
	kind      Kind
	status    int
	code      string
	reason    string
	retryable bool
	// retryAfter is what the server asked for; hasRetryAfter tells "0" from
	// "not said".
	retryAfter    time.Duration
	hasRetryAfter bool
	err           error
}

func (f *failure) toError(attempts int) *Error {
	return &Error{Kind: f.kind, Status: f.status, Code: f.code, Attempts: attempts, Reason: f.reason, err: f.err}
}

// attempt sends creq once, within an in-flight slot and its own deadline.
func (c *Client) attempt(ctx context.Context, creq openai.ChatCompletionRequest) (openai.ChatCompletionResponse, *failure) {
	if err := c.acquire(ctx); err != nil {
		return openai.ChatCompletionResponse{}, contextFailure(ctx)
	}
	defer c.release()
	// The deadline starts once we hold a slot: waiting for our own turn is
	// not the endpoint's slowness.
	actx, cancel := context.WithTimeoutCause(ctx, c.cfg.Timeout, errAttemptTimeout)
	defer cancel()
	resp, err := c.api.CreateChatCompletion(actx, creq)
	if err != nil {
		return resp, c.classify(ctx, actx, err, resp.Header())
	}
	return resp, nil
}

// classify turns go-openai's error into a failure. The order matters: a
// context that ended explains any transport error that followed from it.
func (c *Client) classify(parent, actx context.Context, err error, h http.Header) *failure {
	if parent.Err() != nil {
		return contextFailure(parent)
	}
	if errors.Is(context.Cause(actx), errAttemptTimeout) {
		return &failure{kind: KindTimeout, reason: "no answer within the timeout", err: err}
	}
	var apiErr *openai.APIError
	var reqErr *openai.RequestError
	switch {
	case errors.As(err, &apiErr) && apiErr.HTTPStatusCode != 0:
		f := statusFailure(apiErr.HTTPStatusCode, safeCode(apiErr.Code))
		f.err = err
		if f.retryable {
			f.retryAfter, f.hasRetryAfter = parseRetryAfter(h, c.now())
		}
		return f
	case errors.As(err, &reqErr) && reqErr.HTTPStatusCode != 0:
		// An error status with a body that is not OpenAI's error envelope,
		// e.g. a proxy's HTML 502 page.
		f := statusFailure(reqErr.HTTPStatusCode, "")
		f.err = err
		if f.retryable {
			f.retryAfter, f.hasRetryAfter = parseRetryAfter(h, c.now())
		}
		return f
	}
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &syntaxErr) || errors.As(err, &typeErr) {
		return &failure{kind: KindMalformed, reason: "response body is not a chat completion", err: err}
	}
	var urlErr *url.Error
	var netErr net.Error
	if errors.As(err, &urlErr) || errors.As(err, &netErr) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &failure{kind: KindUnavailable, reason: "network error", retryable: true, err: err}
	}
	// What is left is go-openai refusing to build or send the request (a
	// model it considers unsupported for chat, invalid reasoning params).
	return &failure{kind: KindBadRequest, reason: "request refused by the client library", err: err}
}

// statusFailure classifies an HTTP error status.
func statusFailure(status int, code string) *failure {
	f := &failure{status: status, code: code}
	switch {
	case status == http.StatusTooManyRequests && code == "insufficient_quota":
		// Billing, not load: waiting will not help.
		f.kind, f.reason = KindRateLimited, "quota exhausted"
	case status == http.StatusTooManyRequests:
		f.kind, f.reason, f.retryable = KindRateLimited, "rate limited", true
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		f.kind, f.reason = KindAuth, "key rejected"
	case status >= 500:
		f.kind, f.reason, f.retryable = KindServer, "server error", true
	case status >= 400:
		f.kind, f.reason = KindBadRequest, "request rejected"
	default:
		f.kind, f.reason = KindServer, "unexpected HTTP status"
	}
	return f
}

// contextFailure reports why ctx ended: the caller's deadline counts as a
// timeout, a cancellation as such.
func contextFailure(ctx context.Context) *failure {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &failure{kind: KindTimeout, reason: "the caller's deadline passed", err: ctx.Err()}
	}
	return &failure{kind: KindCanceled, reason: "the caller cancelled", err: ctx.Err()}
}
