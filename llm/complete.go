package llm

import (
	"context"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

// Response is a successful completion.
type Response struct {
	// Content is the reply: a valid JSON object (not yet checked against
	// the schema; with FormatJSONObject the endpoint did not promise to).
	Content string
	Usage   Usage
	// Model is the model the endpoint says answered.
	Model string
	// Format is the response_format that produced Content.
	Format Format
	// Attempts is how many HTTP requests the call made.
	Attempts int
}

// Usage is token accounting as reported by the endpoint (zero when it
// reports none).
type Usage struct {
	PromptTokens     int
	CompletionTokens int
	TotalTokens      int
}

// CompleteJSON asks the model for a JSON object.
//
// With req.Schema the request uses a strict json_schema response format. If
// the endpoint answers that with 400 (or 422, which FastAPI-based servers
// use for request validation), the call is repeated once with
// json_object (the schema moves into the system message); if that succeeds,
// the client uses json_object for every later call.
//
// Each HTTP attempt has its own deadline, Config.Timeout, counted from when
// it gets one of the MaxInFlight slots. 429, 5xx and network errors are
// retried up to Config.MaxRetries times, waiting the server's Retry-After
// (up to 30 s; a longer one ends the call at once) or an exponential backoff
// with jitter; a wait that would outlast ctx's deadline ends the call too.
// A timed-out attempt is not retried: a model that did not answer within
// Timeout will rarely do so on the next try, and the user is waiting. Other
// 4xx and malformed replies are not retried either. Cancelling ctx stops
// everything at once: the slot wait, the request and the pause.
//
// Errors are *Error; see Kind.
func (c *Client) CompleteJSON(ctx context.Context, req Request) (Response, error) {
	if c == nil {
		return Response{}, &Error{Kind: KindNotConfigured, Reason: "no client"}
	}
	if c.notConfigured != "" {
		return Response{}, &Error{Kind: KindNotConfigured, Reason: c.notConfigured}
	}
	if ctx.Err() != nil {
		return Response{}, contextFailure(ctx).toError(0)
	}
	if err := req.validate(); err != nil {
		return Response{}, err
	}

	format := FormatJSONObject
	if req.Schema != nil && !c.schemaUnsupported.Load() {
		format = FormatJSONSchema
	}
	attempts := 0
	resp, f := c.run(ctx, req, format, &attempts)
	if f != nil && format == FormatJSONSchema && rejectsRequest(f.status) {
		resp, f = c.run(ctx, req, FormatJSONObject, &attempts)
		if f == nil {
			// Learned only from success: a second rejection means the
			// request itself was bad, not the schema support.
			c.schemaUnsupported.Store(true)
		}
	}
	if f != nil {
		return Response{}, f.toError(attempts)
	}
	resp.Attempts = attempts
	return resp, nil
}

// run sends req in format, retrying as CompleteJSON describes. attempts
// counts HTTP requests across the schema fallback.
func (c *Client) run(ctx context.Context, req Request, format Format, attempts *int) (Response, *failure) {
	creq := req.chat(c.cfg.Model, format)
	for retries := 0; ; retries++ {
		*attempts++
		start := c.now()
		resp, f := c.attempt(ctx, creq)
		var out Response
		if f == nil {
			out, f = parseCompletion(resp, format)
		}
		var wait time.Duration
		again := false
		if f != nil && f.retryable {
			if retries < c.cfg.MaxRetries {
				wait, again = c.retryWait(ctx, f, retries+1)
			} else if c.cfg.MaxRetries > 0 {
				f.reason += ", retries exhausted"
			}
		}
		c.report(Attempt{
			N: *attempts, Format: format, Kind: f.kindOrOK(), Status: f.statusOrZero(),
			Duration: c.now().Sub(start), Wait: wait,
		})
		if f == nil {
			return out, nil
		}
		if !again {
			return Response{}, f
		}
		if c.sleep(ctx, wait) != nil {
			return Response{}, contextFailure(ctx)
		}
	}
}

// rejectsRequest reports a status with which an endpoint may be refusing
// the json_schema response format.
func rejectsRequest(status int) bool {
	return status == http.StatusBadRequest || status == http.StatusUnprocessableEntity
}

// retryWait decides the pause before retry n, or that there is no point
// retrying (a Retry-After beyond maxRetryAfter, or a wait that outlasts the
// caller's deadline).
func (c *Client) retryWait(ctx context.Context, f *failure, n int) (time.Duration, bool) {
	wait := backoff(n, c.random())
	if f.hasRetryAfter {
		if f.retryAfter > maxRetryAfter {
			f.reason += ", Retry-After too long to wait"
			return 0, false
		}
		wait = f.retryAfter
	}
	// The deadline is wall-clock time, so compare with the real clock even
	// when tests inject another.
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		f.reason += ", no time left to retry"
		return 0, false
	}
	return wait, true
}

func (c *Client) report(a Attempt) {
	if c.observe != nil {
		c.observe(a)
	}
}

func (f *failure) kindOrOK() Kind {
	if f == nil {
		return ""
	}
	return f.kind
}

func (f *failure) statusOrZero() int {
	if f == nil {
		return http.StatusOK
	}
	return f.status
}

// parseCompletion turns a 200 answer into a Response, or explains why it is
// unusable.
func parseCompletion(resp openai.ChatCompletionResponse, format Format) (Response, *failure) {
	malformed := func(reason string) (Response, *failure) {
		return Response{}, &failure{kind: KindMalformed, status: http.StatusOK, reason: reason}
	}
	if len(resp.Choices) == 0 {
		return malformed("no choices in the reply")
	}
	choice := resp.Choices[0]
	switch {
	case choice.Message.Refusal != "":
		return malformed("the model refused")
	case choice.FinishReason == openai.FinishReasonLength:
		return malformed("reply cut off at the token limit")
	case choice.FinishReason == openai.FinishReasonContentFilter:
		return malformed("reply withheld by a content filter")
	}
	content, ok := extractJSON(choice.Message.Content)
	if !ok {
		return malformed("reply is not a JSON object")
	}
	return Response{
		Content: content,
		Usage: Usage{
			PromptTokens:     resp.Usage.PromptTokens,
			CompletionTokens: resp.Usage.CompletionTokens,
			TotalTokens:      resp.Usage.TotalTokens,
		},
		Model:  resp.Model,
		Format: format,
	}, nil
}
