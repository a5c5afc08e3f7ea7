package llm_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	openai "github.com/sashabaranov/go-openai"

	"github.com/peerhours/peerhours/internal/openaitest"
	"github.com/peerhours/peerhours/llm"
)

func TestCompleteJSONReturnsContentWithSchema(t *testing.T) {
	h := newHarness(t, openaitest.Options{}, llm.Config{Model: "test-model"})
	h.fake.Enqueue(openaitest.Reply{
		Content: `{"overview":"Members compared sensors."}`,
		Usage:   &openai.Usage{PromptTokens: 42, CompletionTokens: 7, TotalTokens: 49},
	})
	req := simpleRequest()
	req.Schema = summarySchema
	req.MaxTokens = 300

	resp, err := h.client.CompleteJSON(t.Context(), req)
	if err != nil {
		t.Fatalf("CompleteJSON: %v", err)
	}
	want := llm.Response{
		Content:  `{"overview":"Members compared sensors."}`,
		Usage:    llm.Usage{PromptTokens: 42, CompletionTokens: 7, TotalTokens: 49},
		Model:    "test-model",
		Format:   llm.FormatJSONSchema,
		Attempts: 1,
	}
	if resp != want {
		t.Errorf("got  %+v\nwant %+v", resp, want)
	}

	r := h.fake.ChatRequests()[0]
	if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("Authorization = %q", got)
	}
	if r.Chat.Model != "test-model" || r.Chat.MaxCompletionTokens != 300 {
		t.Errorf("model %q, max_completion_tokens %d", r.Chat.Model, r.Chat.MaxCompletionTokens)
	}
	rf := r.Chat.ResponseFormat
	if rf == nil || rf.Type != openai.ChatCompletionResponseFormatTypeJSONSchema || rf.JSONSchema == nil ||
		rf.JSONSchema.Name != "summary" || !rf.JSONSchema.Strict {
		t.Fatalf("response_format = %+v", rf)
	}
	if msgs := r.Chat.Messages; len(msgs) != 2 || msgs[0].Role != "system" || msgs[1].Content != "Member A: hello" {
		t.Errorf("messages = %+v", msgs)
	}
}

func TestCompleteJSONWithoutSchemaUsesJSONObject(t *testing.T) {
	h := newHarness(t, openaitest.Options{}, llm.Config{})
	h.fake.Enqueue(openaitest.Content(`{"category":"peer"}`))
	resp, err := h.client.CompleteJSON(t.Context(), llm.Request{User: "Classify: anyone tried a pump?"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Format != llm.FormatJSONObject || resp.Content != `{"category":"peer"}` || resp.Usage.TotalTokens == 0 {
		t.Errorf("resp = %+v", resp)
	}
	r := h.fake.ChatRequests()[0]
	if r.ResponseFormat() != openai.ChatCompletionResponseFormatTypeJSONObject {
		t.Errorf("format = %q", r.ResponseFormat())
	}
	if r.Chat.Model != llm.DefaultModel {
		t.Errorf("model = %q", r.Chat.Model)
	}
	// OpenAI requires the word JSON somewhere in json_object requests.
	if !strings.Contains(r.Chat.Messages[0].Content, "JSON") {
		t.Errorf("no JSON instruction added: %+v", r.Chat.Messages)
	}
}

func TestSchemaRejectedFallsBackToJSONObjectAndRemembers(t *testing.T) {
	h := newHarness(t, openaitest.Options{RejectJSONSchema: true}, llm.Config{})
	h.fake.Enqueue(openaitest.Content(`{"overview":"a"}`), openaitest.Content(`{"overview":"b"}`))
	req := simpleRequest()
	req.Schema = summarySchema

	resp, err := h.client.CompleteJSON(t.Context(), req)
	if err != nil {
		t.Fatalf("first call: %v", err)
	}
	if resp.Format != llm.FormatJSONObject || resp.Attempts != 2 || resp.Content != `{"overview":"a"}` {
		t.Errorf("first call = %+v", resp)
	}
	reqs := h.fake.ChatRequests()
	if len(reqs) != 2 || reqs[0].ResponseFormat() != "json_schema" || reqs[1].ResponseFormat() != "json_object" {
		t.Fatalf("formats = %v", formats(reqs))
	}
	// The schema must still reach the model, now in the system message.
	if sys := reqs[1].Chat.Messages[0].Content; !strings.Contains(sys, `"additionalProperties":false`) {
		t.Errorf("schema not in system message: %q", sys)
	}
	if len(h.sleep.got()) != 0 {
		t.Errorf("fallback waited: %v", h.sleep.got())
	}

	resp, err = h.client.CompleteJSON(t.Context(), req)
	if err != nil || resp.Attempts != 1 || resp.Format != llm.FormatJSONObject {
		t.Fatalf("second call = %+v, %v", resp, err)
	}
	if reqs := h.fake.ChatRequests(); len(reqs) != 3 || reqs[2].ResponseFormat() != "json_object" {
		t.Errorf("second call formats = %v, want json_object only", formats(reqs))
	}
}

func TestSchemaFallbackNotRememberedWhenRequestItselfIsBad(t *testing.T) {
	h := newHarness(t, openaitest.Options{Default: ptr(openaitest.Error(400, "context length exceeded"))}, llm.Config{})
	req := simpleRequest()
	req.Schema = summarySchema
	for call := range 2 {
		_, err := h.client.CompleteJSON(t.Context(), req)
		if e := wantKind(t, err, llm.KindBadRequest); e.Attempts != 2 || e.Status != 400 {
			t.Errorf("call %d: %+v", call, e)
		}
	}
	if got := formats(h.fake.ChatRequests()); strings.Join(got, ",") != "json_schema,json_object,json_schema,json_object" {
		t.Errorf("formats = %v", got)
	}
}

func TestRetriesOn429HonouringRetryAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	h := newHarness(t, openaitest.Options{}, llm.Config{}, llm.WithClock(func() time.Time { return now }))
	h.fake.Enqueue(
		openaitest.RateLimited("2"),
		openaitest.RateLimited("0.5"),
		openaitest.Reply{Status: 429, RetryAfter: now.Add(7 * time.Second).Format(http.TimeFormat)},
		openaitest.Content(`{"ok":true}`),
	)
	resp, err := h.client.CompleteJSON(t.Context(), simpleRequest())
	if err != nil {
		t.Fatal(err)
	}
	if resp.Attempts != 4 {
		t.Errorf("attempts = %d", resp.Attempts)
	}
	want := []time.Duration{2 * time.Second, 500 * time.Millisecond, 7 * time.Second}
	if got := h.sleep.got(); !equalDurations(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
}

func TestRetryAfterMsPreferred(t *testing.T) {
	h := newHarness(t, openaitest.Options{}, llm.Config{})
	h.fake.Enqueue(
		openaitest.Reply{Status: 429, RetryAfter: "1", Header: http.Header{"Retry-After-Ms": {"1250"}}},
		openaitest.Content(`{}`),
	)
	if _, err := h.client.CompleteJSON(t.Context(), simpleRequest()); err != nil {
		t.Fatal(err)
	}
	if got := h.sleep.got(); !equalDurations(got, []time.Duration{1250 * time.Millisecond}) {
		t.Errorf("waits = %v", got)
	}
}

func TestRetriesOnServerAndNetworkErrors(t *testing.T) {
	tests := []struct {
		name  string
		reply openaitest.Reply
	}{
		{"500", openaitest.Error(500, "internal")},
		{"502 html", openaitest.Reply{Status: 502, Body: "<html>bad gateway</html>"}},
		{"503", openaitest.Error(503, "overloaded")},
		{"dropped connection", openaitest.Drop()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, openaitest.Options{}, llm.Config{})
			h.fake.Enqueue(tt.reply, tt.reply, openaitest.Content(`{"ok":1}`))
			resp, err := h.client.CompleteJSON(t.Context(), simpleRequest())
			if err != nil {
				t.Fatal(err)
			}
			if resp.Attempts != 3 {
				t.Errorf("attempts = %d", resp.Attempts)
			}
			// Exponential backoff with the jitter source fixed at 0: the
			// lower half of 0.5 s, then of 1 s.
			want := []time.Duration{250 * time.Millisecond, 500 * time.Millisecond}
			if got := h.sleep.got(); !equalDurations(got, want) {
				t.Errorf("waits = %v, want %v", got, want)
			}
		})
	}
}

func TestNoRetryOnOtherClientErrors(t *testing.T) {
	tests := []struct {
		name  string
		reply openaitest.Reply
		kind  llm.Kind
		code  string
	}{
		{"400", openaitest.Error(400, "bad"), llm.KindBadRequest, ""},
		{"401", openaitest.Error(401, "no key"), llm.KindAuth, ""},
		{"403", openaitest.Error(403, "forbidden"), llm.KindAuth, ""},
		{"404 model", openaitest.Error(404, "model not found"), llm.KindBadRequest, ""},
		{"422", openaitest.Error(422, "unprocessable"), llm.KindBadRequest, ""},
		{"429 quota", openaitest.Reply{Status: 429, Body: `{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}`}, llm.KindRateLimited, "insufficient_quota"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, openaitest.Options{}, llm.Config{})
			h.fake.Enqueue(tt.reply, openaitest.Content(`{}`))
			_, err := h.client.CompleteJSON(t.Context(), simpleRequest())
			e := wantKind(t, err, tt.kind)
			if e.Attempts != 1 || e.Code != tt.code || e.Status != tt.reply.Status {
				t.Errorf("err = %+v", e)
			}
			if len(h.sleep.got()) != 0 || h.fake.Pending() != 1 {
				t.Errorf("retried: waits %v, pending %d", h.sleep.got(), h.fake.Pending())
			}
		})
	}
}

func TestWrongKeyIsAuthError(t *testing.T) {
	fake := openaitest.New(openaitest.Options{APIKey: "sk-right"})
	t.Cleanup(fake.Close)
	c := llm.New(llm.Config{APIKey: "sk-wrong", BaseURL: fake.URL()})
	_, err := c.CompleteJSON(t.Context(), simpleRequest())
	wantKind(t, err, llm.KindAuth)
	if strings.Contains(err.Error(), "sk-wrong") {
		t.Errorf("error text holds the key: %v", err)
	}
}

func TestGivesUpAfterRetryBudget(t *testing.T) {
	tests := []struct {
		name       string
		maxRetries int
		reply      openaitest.Reply
		kind       llm.Kind
		attempts   int
	}{
		{"429", 0, openaitest.RateLimited("1"), llm.KindRateLimited, 4},
		{"503", 0, openaitest.Error(503, "down"), llm.KindServer, 4},
		{"drop", 0, openaitest.Drop(), llm.KindUnavailable, 4},
		{"1 retry", 1, openaitest.Error(500, "down"), llm.KindServer, 2},
		{"no retries", -1, openaitest.RateLimited("1"), llm.KindRateLimited, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, openaitest.Options{Default: &tt.reply}, llm.Config{MaxRetries: tt.maxRetries})
			_, err := h.client.CompleteJSON(t.Context(), simpleRequest())
			e := wantKind(t, err, tt.kind)
			if e.Attempts != tt.attempts || len(h.fake.ChatRequests()) != tt.attempts {
				t.Errorf("attempts = %d, requests = %d, want %d", e.Attempts, len(h.fake.ChatRequests()), tt.attempts)
			}
			if got := len(h.sleep.got()); got != tt.attempts-1 {
				t.Errorf("waits = %d, want %d", got, tt.attempts-1)
			}
			if !errors.Is(err, &llm.Error{Kind: tt.kind}) {
				t.Errorf("errors.Is with the kind's sentinel failed for %v", err)
			}
		})
	}
}

func TestRetryAfterTooLongGivesUpAtOnce(t *testing.T) {
	h := newHarness(t, openaitest.Options{}, llm.Config{})
	h.fake.Enqueue(openaitest.RateLimited("120"), openaitest.Content(`{}`))
	_, err := h.client.CompleteJSON(t.Context(), simpleRequest())
	if e := wantKind(t, err, llm.KindRateLimited); e.Attempts != 1 {
		t.Errorf("attempts = %d", e.Attempts)
	}
	if len(h.sleep.got()) != 0 {
		t.Errorf("waited %v", h.sleep.got())
	}
}

func TestWaitBeyondCallerDeadlineGivesUpAtOnce(t *testing.T) {
	h := newHarness(t, openaitest.Options{}, llm.Config{})
	h.fake.Enqueue(openaitest.RateLimited("20"), openaitest.Content(`{}`))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := h.client.CompleteJSON(ctx, simpleRequest())
	if e := wantKind(t, err, llm.KindRateLimited); e.Attempts != 1 {
		t.Errorf("attempts = %d", e.Attempts)
	}
	if len(h.sleep.got()) != 0 {
		t.Errorf("waited %v", h.sleep.got())
	}
}

func TestHangingServerEndsAtPerCallDeadline(t *testing.T) {
	h := newHarness(t, openaitest.Options{Default: ptr(openaitest.Hang())}, llm.Config{Timeout: 50 * time.Millisecond})
	start := time.Now()
	_, err := h.client.CompleteJSON(t.Context(), simpleRequest())
	elapsed := time.Since(start)
	e := wantKind(t, err, llm.KindTimeout)
	if !errors.Is(err, llm.ErrTimeout) || e.Attempts != 1 {
		t.Errorf("err = %+v", e)
	}
	// The server hangs for good, so returning at all shows the deadline
	// ended the call; the upper bound, a hundred times the deadline, only
	// catches a wait for something else (a retry's pause) on top of it.
	if elapsed < 50*time.Millisecond || elapsed > 5*time.Second {
		t.Errorf("returned after %v, want about 50ms", elapsed)
	}
	if n := len(h.fake.ChatRequests()); n != 1 {
		t.Errorf("requests = %d; a timed-out attempt must not be retried", n)
	}
}

func TestCancelStopsEverything(t *testing.T) {
	t.Run("during the request", func(t *testing.T) {
		h := newHarness(t, openaitest.Options{Default: ptr(openaitest.Hang())}, llm.Config{})
		ctx, cancel := context.WithCancel(t.Context())
		go func() {
			// Cancel once the request is at the server.
			if _, err := h.fake.WaitRequests(ctx, 1); err == nil {
				cancel()
			}
		}()
		_, err := h.client.CompleteJSON(ctx, simpleRequest())
		wantKind(t, err, llm.KindCanceled)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("errors.Is(err, context.Canceled) = false for %v", err)
		}
	})
	t.Run("during the wait between retries", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		fake := openaitest.New(openaitest.Options{Default: ptr(openaitest.RateLimited("25"))})
		t.Cleanup(fake.Close)
		// The real sleep, cancelled by the observer as soon as a wait is
		// announced: the call must end without waiting 25 s.
		c := llm.New(llm.Config{BaseURL: fake.URL()}, llm.WithObserver(func(a llm.Attempt) {
			if a.Wait > 0 {
				cancel()
			}
		}))
		_, err := c.CompleteJSON(ctx, simpleRequest())
		if e := wantKind(t, err, llm.KindCanceled); e.Attempts != 1 {
			t.Errorf("attempts = %d", e.Attempts)
		}
	})
	t.Run("before the call", func(t *testing.T) {
		h := newHarness(t, openaitest.Options{}, llm.Config{})
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := h.client.CompleteJSON(ctx, simpleRequest())
		wantKind(t, err, llm.KindCanceled)
		if n := len(h.fake.Requests()); n != 0 {
			t.Errorf("requests = %d", n)
		}
	})
}

func TestAtMostMaxInFlight(t *testing.T) {
	gate := make(chan struct{})
	h := newHarness(t, openaitest.Options{Default: &openaitest.Reply{Content: `{}`, Until: gate}}, llm.Config{})
	const calls = 10
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for range calls {
		wg.Go(func() {
			_, err := h.client.CompleteJSON(t.Context(), simpleRequest())
			errs <- err
		})
	}
	// Three requests reach the server and block at the gate; the other
	// seven must be waiting for a slot in the client.
	if _, err := h.fake.WaitRequests(t.Context(), llm.DefaultMaxInFlight); err != nil {
		t.Fatal(err)
	}
	close(gate)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if got := len(h.fake.ChatRequests()); got != calls {
		t.Errorf("requests = %d", got)
	}
	if got := h.fake.MaxInFlight(); got != llm.DefaultMaxInFlight {
		t.Errorf("max in flight = %d, want %d", got, llm.DefaultMaxInFlight)
	}
}

func TestSlotWaitEndsWithCallerContext(t *testing.T) {
	gate := make(chan struct{})
	defer close(gate)
	h := newHarness(t, openaitest.Options{Default: &openaitest.Reply{Content: `{}`, Until: gate}}, llm.Config{MaxInFlight: 1})
	go func() { _, _ = h.client.CompleteJSON(t.Context(), simpleRequest()) }()
	if _, err := h.fake.WaitRequests(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	// The only slot is held until the gate opens, after this test. A call
	// whose deadline passes while it waits for the slot must return then,
	// not when the slot frees up (which would deadlock this test).
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, err := h.client.CompleteJSON(ctx, simpleRequest())
	wantKind(t, err, llm.KindTimeout)
	if n := len(h.fake.ChatRequests()); n != 1 {
		t.Errorf("requests = %d, want only the one holding the slot", n)
	}
}

func TestMalformedReplies(t *testing.T) {
	tests := []struct {
		name  string
		reply openaitest.Reply
	}{
		{"broken body", openaitest.Malformed()},
		{"wrong shape", openaitest.Reply{Malformed: true, Body: `{"choices":"nope"}`}},
		{"no choices", openaitest.Reply{Malformed: true, Body: `{"id":"x","choices":[]}`}},
		{"prose", openaitest.Content("Sure! The members talked about sensors.")},
		{"array", openaitest.Content(`["not","an","object"]`)},
		{"truncated", openaitest.Reply{Content: `{"overview":"Members`, FinishReason: openai.FinishReasonLength}},
		{"refusal", openaitest.Reply{Refusal: "I can't help with that."}},
		{"filtered", openaitest.Reply{Content: `{}`, FinishReason: openai.FinishReasonContentFilter}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, openaitest.Options{}, llm.Config{})
			h.fake.Enqueue(tt.reply, openaitest.Content(`{}`))
			_, err := h.client.CompleteJSON(t.Context(), simpleRequest())
			if e := wantKind(t, err, llm.KindMalformed); e.Attempts != 1 {
				t.Errorf("attempts = %d; malformed replies are not retried", e.Attempts)
			}
		})
	}
}

func TestFencedJSONIsAccepted(t *testing.T) {
	h := newHarness(t, openaitest.Options{}, llm.Config{})
	h.fake.Enqueue(openaitest.Content("```json\n{\"overview\": \"ok\"}\n```"))
	resp, err := h.client.CompleteJSON(t.Context(), simpleRequest())
	if err != nil || resp.Content != `{"overview": "ok"}` {
		t.Fatalf("%+v %v", resp, err)
	}
}

func TestErrorsHoldNoPromptOrReplyText(t *testing.T) {
	const secret = "Member A takes 40 units of insulin"
	replies := []openaitest.Reply{
		openaitest.Error(400, "Invalid message: "+secret),
		{Status: 502, Body: "<html>" + secret + "</html>"},
		{Malformed: true, Body: `{"choices":[{"message":{"content":"` + secret},
		openaitest.Content(secret),
	}
	for _, reply := range replies {
		h := newHarness(t, openaitest.Options{}, llm.Config{MaxRetries: -1})
		h.fake.Enqueue(reply)
		_, err := h.client.CompleteJSON(t.Context(), llm.Request{System: "Summarise as JSON.", User: secret})
		if err == nil {
			t.Fatalf("reply %+v: no error", reply)
		}
		if msg := err.Error(); strings.Contains(msg, "insulin") || strings.Contains(msg, testKey) {
			t.Errorf("error text leaks: %q", msg)
		}
	}
}

func TestInvalidRequestsFailBeforeAnyIO(t *testing.T) {
	tests := []llm.Request{
		{},
		{System: "  ", User: "\n"},
		{User: "x", MaxTokens: -1},
		{User: "x", Schema: &llm.Schema{Name: "has space", JSON: []byte(`{}`)}},
		{User: "x", Schema: &llm.Schema{JSON: []byte(`[1]`)}},
		{User: "x", Schema: &llm.Schema{JSON: []byte(`{`)}},
	}
	h := newHarness(t, openaitest.Options{}, llm.Config{})
	for _, req := range tests {
		_, err := h.client.CompleteJSON(t.Context(), req)
		wantKind(t, err, llm.KindBadRequest)
	}
	if n := len(h.fake.Requests()); n != 0 {
		t.Errorf("requests = %d", n)
	}
}

func TestNotConfigured(t *testing.T) {
	var nilClient *llm.Client
	clients := map[string]*llm.Client{
		"nil":          nilClient,
		"empty":        llm.New(llm.Config{}),
		"bad url":      llm.New(llm.Config{BaseURL: "localhost:11434"}),
		"model only":   llm.New(llm.Config{Model: "gpt-4o"}),
		"blank spaces": llm.New(llm.Config{APIKey: " ", BaseURL: " "}),
	}
	for name, c := range clients {
		_, err := c.CompleteJSON(t.Context(), simpleRequest())
		if !errors.Is(err, llm.ErrNotConfigured) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestBaseURLWithoutV1IsNormalised(t *testing.T) {
	fake := openaitest.New(openaitest.Options{})
	t.Cleanup(fake.Close)
	c := llm.New(llm.Config{BaseURL: strings.TrimSuffix(fake.URL(), "/v1") + "/"})
	if _, err := c.CompleteJSON(t.Context(), simpleRequest()); err != nil {
		t.Fatal(err)
	}
	if r := fake.Requests()[0]; r.Path != "/v1/chat/completions" {
		t.Errorf("path = %q", r.Path)
	}
}

func TestObserverSeesEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var seen []llm.Attempt
	h := newHarness(t, openaitest.Options{}, llm.Config{}, llm.WithObserver(func(a llm.Attempt) {
		mu.Lock()
		defer mu.Unlock()
		a.Duration = 0 // real time; not the point here
		seen = append(seen, a)
	}))
	h.fake.Enqueue(openaitest.RateLimited("3"), openaitest.Content(`{}`))
	if _, err := h.client.CompleteJSON(t.Context(), simpleRequest()); err != nil {
		t.Fatal(err)
	}
	want := []llm.Attempt{
		{N: 1, Format: llm.FormatJSONObject, Kind: llm.KindRateLimited, Status: 429, Wait: 3 * time.Second},
		{N: 2, Format: llm.FormatJSONObject, Status: 200},
	}
	if len(seen) != len(want) || seen[0] != want[0] || seen[1] != want[1] {
		t.Errorf("got  %+v\nwant %+v", seen, want)
	}
}

func formats(reqs []openaitest.Request) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, string(r.ResponseFormat()))
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestSchemaRejectedWith422AlsoFallsBack(t *testing.T) {
	h := newHarness(t, openaitest.Options{Handler: func(r openaitest.Request) openaitest.Reply {
		if r.ResponseFormat() == openai.ChatCompletionResponseFormatTypeJSONSchema {
			return openaitest.Error(422, "unknown field json_schema")
		}
		return openaitest.Content(`{"overview":"ok"}`)
	}}, llm.Config{})
	req := simpleRequest()
	req.Schema = summarySchema
	resp, err := h.client.CompleteJSON(t.Context(), req)
	if err != nil || resp.Format != llm.FormatJSONObject || resp.Attempts != 2 {
		t.Fatalf("%+v %v", resp, err)
	}
}
