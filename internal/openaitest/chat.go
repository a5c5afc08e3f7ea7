package openaitest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	openai "github.com/sashabaranov/go-openai"
)

const (
	chatPath   = "/v1/chat/completions"
	modelsPath = "/v1/models"
	// maxBody bounds what the fake reads; real prompts are far smaller.
	maxBody = 8 << 20
)

// newRequest captures r for the record; body may be nil.
func newRequest(r *http.Request, body []byte) Request {
	return Request{
		Method: r.Method,
		Path:   r.URL.Path,
		Header: r.Header.Clone(),
		Body:   body,
		Time:   time.Now(),
	}
}

func (s *Server) serveChat(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	req := newRequest(r, body)
	decodeErr := json.Unmarshal(body, &req.Chat)
	req = s.record(req)

	switch {
	case err != nil:
		writeError(w, http.StatusBadRequest, "could not read the request body", "")
		return
	case r.Method != http.MethodPost:
		writeError(w, http.StatusMethodNotAllowed, "use POST", "")
		return
	case !s.authorized(r):
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided", "invalid_api_key")
		return
	case decodeErr != nil:
		writeError(w, http.StatusBadRequest, "We could not parse the JSON body of your request.", "")
		return
	case req.Chat.Model == "":
		writeError(w, http.StatusBadRequest, "you must provide a model parameter", "")
		return
	case len(req.Chat.Messages) == 0:
		writeError(w, http.StatusBadRequest, "'messages' must contain at least one message", "")
		return
	case req.Chat.Stream:
		writeError(w, http.StatusBadRequest, "streaming is not supported by openaitest", "")
		return
	case s.opts.RejectJSONSchema && req.ResponseFormat() == openai.ChatCompletionResponseFormatTypeJSONSchema:
		writeErrorParam(w, http.StatusBadRequest, "response_format type 'json_schema' is not supported by this model", "response_format")
		return
	}

	reply := s.nextReply(req)
	if !s.wait(r, reply) {
		return // the client gave up or the server is closing: nobody to answer
	}
	s.answer(w, req, reply)
}

// wait holds the reply as scripted. It reports false when the request ended
// first (client cancelled, connection closed, server closing).
func (s *Server) wait(r *http.Request, reply Reply) bool {
	ctx := r.Context()
	if reply.Until != nil {
		select {
		case <-reply.Until:
		case <-ctx.Done():
			return false
		case <-s.closed:
			return false
		}
	}
	if reply.Hang {
		select {
		case <-ctx.Done():
		case <-s.closed:
		}
		return false
	}
	if reply.Delay > 0 {
		t := time.NewTimer(reply.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return false
		case <-s.closed:
			return false
		}
	}
	return true
}

// answer writes reply as the response to req.
func (s *Server) answer(w http.ResponseWriter, req Request, reply Reply) {
	if reply.Drop {
		dropConnection(w)
		return
	}
	for k, vs := range reply.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if reply.RetryAfter != "" {
		w.Header().Set("Retry-After", reply.RetryAfter)
	}
	if reply.Status != 0 && reply.Status != http.StatusOK {
		body := reply.Body
		if body == "" {
			body = errorBody(reply.Status, http.StatusText(reply.Status), "")
		}
		writeRaw(w, reply.Status, body)
		return
	}
	if reply.Malformed {
		body := reply.Body
		if body == "" {
			// Valid up to the point where a value is missing: a JSON syntax
			// error, not a truncated stream.
			body = `{"id":"chatcmpl-malformed","object":"chat.completion","choices":[{"index":0,"message":}]}`
		}
		writeRaw(w, http.StatusOK, body)
		return
	}
	writeJSON(w, http.StatusOK, completion(req, reply))
}

// completion builds the response body of a successful reply.
func completion(req Request, reply Reply) openai.ChatCompletionResponse {
	finish := reply.FinishReason
	if finish == "" {
		finish = openai.FinishReasonStop
	}
	usage := estimateUsage(req.Chat, reply.Content)
	if reply.Usage != nil {
		usage = *reply.Usage
	}
	return openai.ChatCompletionResponse{
		ID:      fmt.Sprintf("chatcmpl-openaitest-%d", req.Seq),
		Object:  "chat.completion",
		Created: req.Time.Unix(),
		Model:   req.Chat.Model,
		Choices: []openai.ChatCompletionChoice{{
			Index: 0,
			Message: openai.ChatCompletionMessage{
				Role:    openai.ChatMessageRoleAssistant,
				Content: reply.Content,
				Refusal: reply.Refusal,
			},
			FinishReason: finish,
		}},
		Usage:             usage,
		SystemFingerprint: "fp_openaitest",
	}
}

// estimateUsage counts tokens the way a rough client-side estimate would:
// about four characters a token plus a small per-message overhead. Exact
// tokenizer numbers are not the point of a fake; plausible, deterministic
// ones are.
func estimateUsage(req openai.ChatCompletionRequest, content string) openai.Usage {
	prompt := 3
	for _, m := range req.Messages {
		prompt += 4 + tokensOf(m.Content)
		for _, p := range m.MultiContent {
			prompt += tokensOf(p.Text)
		}
	}
	completion := tokensOf(content)
	return openai.Usage{PromptTokens: prompt, CompletionTokens: completion, TotalTokens: prompt + completion}
}

func tokensOf(s string) int { return (len(s) + 3) / 4 }

// dropConnection closes the underlying TCP connection without a response,
// which the client sees as EOF or a reset.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (never the case for HTTP/1.1): fail loudly instead.
		writeError(w, http.StatusInternalServerError, "openaitest: cannot drop this connection", "")
		return
	}
	_ = conn.Close()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "openaitest: encoding failed", "")
		return
	}
	writeRaw(w, status, string(b))
}

func writeRaw(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// A failed write means the client is gone; there is no one to tell.
	_, _ = io.WriteString(w, body)
}

func writeError(w http.ResponseWriter, status int, message, code string) {
	writeRaw(w, status, errorBody(status, message, code))
}

func writeErrorParam(w http.ResponseWriter, status int, message, param string) {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": message, "type": "invalid_request_error", "param": param,
	}})
	writeRaw(w, status, string(b))
}
