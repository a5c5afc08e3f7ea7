package openaitest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/peerhours/peerhours/internal/openaitest"
)

// newClient points the real go-openai client at s, with its own transport so
// the test can close its idle connections.
func newClient(t *testing.T, s *openaitest.Server, key string) *openai.Client {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	t.Cleanup(tr.CloseIdleConnections)
	cfg := openai.DefaultConfig(key)
	cfg.BaseURL = s.URL()
	cfg.HTTPClient = &http.Client{Transport: tr}
	return openai.NewClientWithConfig(cfg)
}

func start(t *testing.T, opts openaitest.Options) *openaitest.Server {
	t.Helper()
	s := openaitest.New(opts)
	t.Cleanup(s.Close)
	return s
}

func chat(model string) openai.ChatCompletionRequest {
	return openai.ChatCompletionRequest{
		Model: model,
		Messages: []openai.ChatCompletionMessage{
			{Role: openai.ChatMessageRoleSystem, Content: "Answer in JSON."},
			{Role: openai.ChatMessageRoleUser, Content: "Summarise the thread."},
		},
	}
}

func TestContentReplyAndRecord(t *testing.T) {
	s := start(t, openaitest.Options{APIKey: "sk-test"})
	s.Enqueue(openaitest.Content(`{"overview":"ok"}`))
	c := newClient(t, s, "sk-test")

	req := chat("gpt-4o-mini")
	req.ResponseFormat = &openai.ChatCompletionResponseFormat{
		Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
		JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
			Name:   "summary",
			Schema: json.RawMessage(`{"type":"object","properties":{"overview":{"type":"string"}},"required":["overview"],"additionalProperties":false}`),
			Strict: true,
		},
	}
	resp, err := c.CreateChatCompletion(t.Context(), req)
	if err != nil {
		t.Fatalf("CreateChatCompletion: %v", err)
	}
	if got := resp.Choices[0].Message.Content; got != `{"overview":"ok"}` {
		t.Errorf("content = %q", got)
	}
	if resp.Model != "gpt-4o-mini" || resp.Choices[0].FinishReason != openai.FinishReasonStop {
		t.Errorf("model/finish = %q/%q", resp.Model, resp.Choices[0].FinishReason)
	}
	u := resp.Usage
	if u.PromptTokens <= 0 || u.CompletionTokens <= 0 || u.TotalTokens != u.PromptTokens+u.CompletionTokens {
		t.Errorf("usage not plausible: %+v", u)
	}

	reqs := s.ChatRequests()
	if len(reqs) != 1 {
		t.Fatalf("recorded %d chat requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Seq != 1 || r.Method != http.MethodPost || r.Header.Get("Authorization") != "Bearer sk-test" {
		t.Errorf("record = seq %d method %s auth %q", r.Seq, r.Method, r.Header.Get("Authorization"))
	}
	if r.ResponseFormat() != openai.ChatCompletionResponseFormatTypeJSONSchema {
		t.Errorf("response format = %q", r.ResponseFormat())
	}
	js := r.Chat.ResponseFormat.JSONSchema
	if js == nil || js.Name != "summary" || !js.Strict {
		t.Fatalf("json_schema not recorded: %+v", js)
	}
	schema, err := json.Marshal(js.Schema)
	if err != nil || !strings.Contains(string(schema), `"additionalProperties":false`) {
		t.Errorf("schema not kept verbatim: %s (%v)", schema, err)
	}
	if len(r.Chat.Messages) != 2 || r.Chat.Messages[1].Content != "Summarise the thread." {
		t.Errorf("messages = %+v", r.Chat.Messages)
	}
}

func TestAuthAndModels(t *testing.T) {
	s := start(t, openaitest.Options{APIKey: "sk-right", Models: []string{"llama3", "qwen2"}})

	_, err := newClient(t, s, "sk-wrong").CreateChatCompletion(t.Context(), chat("m"))
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong key: err = %v, want 401 APIError", err)
	}
	if s.Pending() != 0 {
		t.Errorf("pending = %d", s.Pending())
	}

	models, err := newClient(t, s, "sk-right").ListModels(t.Context())
	if err != nil {
		t.Fatalf("ListModels: %v", err)
	}
	var ids []string
	for _, m := range models.Models {
		ids = append(ids, m.ID)
	}
	if strings.Join(ids, ",") != "llama3,qwen2" {
		t.Errorf("models = %v", ids)
	}
	if _, err := newClient(t, s, "").ListModels(t.Context()); err == nil {
		t.Error("ListModels without a key succeeded")
	}
}

func TestErrorReplies(t *testing.T) {
	tests := []struct {
		name       string
		reply      openaitest.Reply
		status     int
		retryAfter string
	}{
		{"429 with Retry-After", openaitest.RateLimited("2"), 429, "2"},
		{"500", openaitest.Error(500, "boom"), 500, ""},
		{"503 with date", openaitest.Reply{Status: 503, RetryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"}, 503, "Wed, 21 Oct 2015 07:28:00 GMT"},
		{"400", openaitest.Error(400, "bad"), 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := start(t, openaitest.Options{})
			s.Enqueue(tt.reply)
			resp, err := newClient(t, s, "").CreateChatCompletion(t.Context(), chat("m"))
			var apiErr *openai.APIError
			if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != tt.status {
				t.Fatalf("err = %v, want APIError with status %d", err, tt.status)
			}
			// go-openai keeps the response headers even on failure; that is
			// how a client reads Retry-After.
			if got := resp.Header().Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
			}
		})
	}
}

func TestMalformedAndDrop(t *testing.T) {
	s := start(t, openaitest.Options{})
	s.Enqueue(openaitest.Malformed(), openaitest.Drop(), openaitest.Content("after"))
	c := newClient(t, s, "")

	_, err := c.CreateChatCompletion(t.Context(), chat("m"))
	var syn *json.SyntaxError
	if !errors.As(err, &syn) {
		t.Errorf("malformed: err = %v (%T), want a JSON syntax error", err, err)
	}
	_, err = c.CreateChatCompletion(t.Context(), chat("m"))
	var apiErr *openai.APIError
	if err == nil || errors.As(err, &apiErr) {
		t.Errorf("drop: err = %v, want a transport error", err)
	}
	resp, err := c.CreateChatCompletion(t.Context(), chat("m"))
	if err != nil || resp.Choices[0].Message.Content != "after" {
		t.Errorf("after drop: %v %+v", err, resp)
	}
}

func TestHangEndsWithClientDeadline(t *testing.T) {
	s := start(t, openaitest.Options{Default: &openaitest.Reply{Hang: true}})
	// The deadline passes once the server holds the request: a fixed 50 ms
	// could pass before a loaded machine had even sent it.
	ctx, cancel := context.WithCancelCause(t.Context())
	defer cancel(nil)
	go func() {
		if _, err := s.WaitRequests(ctx, 1); err == nil {
			cancel(context.DeadlineExceeded)
		}
	}()
	_, err := newClient(t, s, "").CreateChatCompletion(ctx, chat("m"))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want deadline exceeded", err)
	}
}

func TestDelayAnswers(t *testing.T) {
	s := start(t, openaitest.Options{})
	s.Enqueue(openaitest.Reply{Content: "late", Delay: time.Millisecond})
	resp, err := newClient(t, s, "").CreateChatCompletion(t.Context(), chat("m"))
	if err != nil || resp.Choices[0].Message.Content != "late" {
		t.Fatalf("%v %+v", err, resp)
	}
}

func TestHandlerDefaultAndRejectJSONSchema(t *testing.T) {
	s := start(t, openaitest.Options{
		RejectJSONSchema: true,
		Handler: func(r openaitest.Request) openaitest.Reply {
			return openaitest.Content("format=" + string(r.ResponseFormat()))
		},
	})
	c := newClient(t, s, "")
	req := chat("m")
	req.ResponseFormat = &openai.ChatCompletionResponseFormat{
		Type:       openai.ChatCompletionResponseFormatTypeJSONSchema,
		JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{Name: "x", Schema: json.RawMessage(`{"type":"object"}`)},
	}
	_, err := c.CreateChatCompletion(t.Context(), req)
	var apiErr *openai.APIError
	if !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 400 || apiErr.Param == nil || *apiErr.Param != "response_format" {
		t.Fatalf("json_schema: err = %v, want 400 on response_format", err)
	}
	req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	resp, err := c.CreateChatCompletion(t.Context(), req)
	if err != nil || resp.Choices[0].Message.Content != "format=json_object" {
		t.Fatalf("json_object: %v %+v", err, resp)
	}

	plain := start(t, openaitest.Options{})
	resp, err = newClient(t, plain, "").CreateChatCompletion(t.Context(), chat("m"))
	if err != nil || resp.Choices[0].Message.Content != "{}" {
		t.Fatalf("default: %v %+v", err, resp)
	}
}

func TestGateAndConcurrency(t *testing.T) {
	gate := make(chan struct{})
	s := start(t, openaitest.Options{Default: &openaitest.Reply{Content: "{}", Until: gate}})
	c := newClient(t, s, "")

	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			_, err := c.CreateChatCompletion(t.Context(), chat("m"))
			errs <- err
		})
	}
	if _, err := s.WaitRequests(t.Context(), 4); err != nil {
		t.Fatal(err)
	}
	if got := s.InFlight(); got != 4 {
		t.Errorf("in flight at the gate = %d, want 4", got)
	}
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := s.MaxInFlight(); got != 4 {
		t.Errorf("max in flight = %d, want 4", got)
	}
	last := s.Requests()[3]
	if last.InFlight != 4 {
		t.Errorf("4th request saw %d in flight", last.InFlight)
	}
}

func TestWaitRequestsHonoursContext(t *testing.T) {
	s := start(t, openaitest.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.WaitRequests(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestUnknownPath(t *testing.T) {
	s := start(t, openaitest.Options{})
	resp, err := http.Get(strings.TrimSuffix(s.URL(), "/v1") + "/v1/embeddings")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("status = %d", resp.StatusCode)
	}
}

// TestCloseEndsHangingRequestsAndLeavesNoGoroutine closes the server while a
// request hangs: Close must end it and return only when nothing of the
// server is left running.
func TestCloseEndsHangingRequestsAndLeavesNoGoroutine(t *testing.T) {
	s := openaitest.New(openaitest.Options{Default: &openaitest.Reply{Hang: true}})
	c := newClient(t, s, "")
	done := make(chan error, 1)
	go func() {
		_, err := c.CreateChatCompletion(t.Context(), chat("m"))
		done <- err
	}()
	if _, err := s.WaitRequests(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := <-done; err == nil {
		t.Error("hanging request succeeded after Close")
	}
	s.Close() // idempotent

	if leaked := serverGoroutines(); leaked != "" {
		t.Errorf("goroutines left after Close:\n%s", leaked)
	}
}

// serverGoroutines returns the stacks of goroutines that run server code.
// Close has waited for every handler, so none may be inside the Server's
// methods, not even briefly. A connection goroutine reports StateClosed just
// before it returns, so for net/http's own frames yield the processor a
// bounded number of times first.
func serverGoroutines() string {
	var leaked []string
	for i := range 1000 {
		leaked = leaked[:0]
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		for g := range strings.SplitSeq(string(buf), "\n\n") {
			ours := strings.Contains(g, "openaitest.(*Server)")
			if (ours && i == 0) || strings.Contains(g, "net/http.(*conn).serve") ||
				strings.Contains(g, "net/http.(*Server).Serve") {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 {
			return ""
		}
		if i == 0 && strings.Contains(strings.Join(leaked, ""), "openaitest.(*Server)") {
			break
		}
		runtime.Gosched()
	}
	return strings.Join(leaked, "\n\n")
}
