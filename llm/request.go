package llm

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	openai "github.com/sashabaranov/go-openai"
)

// Request is one JSON completion: a system and a user message, and
// optionally the JSON schema the reply must follow.
type Request struct {
	System string
	User   string
	// Schema, when set, is sent as a strict json_schema response format.
	// Strict mode wants every property listed in "required" and
	// "additionalProperties": false on every object.
	Schema *Schema
	// MaxTokens caps the reply (sent as max_completion_tokens); 0 leaves it
	// to the server. A reply cut off by the cap is a KindMalformed failure.
	MaxTokens int
}

// Schema names a JSON schema for structured outputs.
type Schema struct {
	// Name identifies the schema to the model: letters, digits, "_" and "-",
	// at most 64; "response" when empty.
	Name        string
	Description string
	// JSON is the schema itself, a JSON object.
	JSON json.RawMessage
}

// Format is the response_format a call used.
type Format string

const (
	FormatJSONSchema Format = "json_schema"
	FormatJSONObject Format = "json_object"
)

var schemaNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// validate rejects requests that no endpoint could answer, before any I/O.
func (req Request) validate() *Error {
	bad := func(reason string) *Error { return &Error{Kind: KindBadRequest, Reason: reason} }
	if strings.TrimSpace(req.System) == "" && strings.TrimSpace(req.User) == "" {
		return bad("empty prompt")
	}
	if req.MaxTokens < 0 {
		return bad("negative MaxTokens")
	}
	if s := req.Schema; s != nil {
		if s.Name != "" && !schemaNamePattern.MatchString(s.Name) {
			return bad("schema name must be 1-64 letters, digits, '_' or '-'")
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(s.JSON, &obj); err != nil {
			return bad("schema is not a JSON object")
		}
	}
	return nil
}

func (s *Schema) name() string {
	if s.Name == "" {
		return "response"
	}
	return s.Name
}

// chat builds the go-openai request for format.
func (req Request) chat(model string, format Format) openai.ChatCompletionRequest {
	system := req.System
	rf := &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	switch {
	case format == FormatJSONSchema:
		rf = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name:        req.Schema.name(),
				Description: req.Schema.Description,
				Schema:      req.Schema.JSON,
				Strict:      true,
			},
		}
	case req.Schema != nil:
		// json_object only promises some JSON object; without the schema in
		// the prompt the model would have to guess its shape.
		var compact bytes.Buffer
		if json.Compact(&compact, req.Schema.JSON) == nil {
			system = appendLine(system, "Reply with a JSON object that conforms to this JSON Schema: "+compact.String())
		}
	}
	// OpenAI rejects json_object requests whose messages never say "JSON".
	if !strings.Contains(strings.ToLower(system+req.User), "json") {
		system = appendLine(system, "Reply with a JSON object.")
	}
	var msgs []openai.ChatCompletionMessage
	if system != "" {
		msgs = append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleSystem, Content: system})
	}
	if req.User != "" {
		msgs = append(msgs, openai.ChatCompletionMessage{Role: openai.ChatMessageRoleUser, Content: req.User})
	}
	return openai.ChatCompletionRequest{
		Model:               model,
		Messages:            msgs,
		ResponseFormat:      rf,
		MaxCompletionTokens: req.MaxTokens,
	}
}

func appendLine(s, line string) string {
	if s == "" {
		return line
	}
	return s + "\n\n" + line
}
