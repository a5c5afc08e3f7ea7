package llm

import (
	"encoding/json"
	"strings"
)

// extractJSON finds the JSON object in a model's reply. Endpoints that honour
// response_format return the bare object; weaker ones (small local models in
// json_object mode) sometimes wrap it in a Markdown code fence or a sentence.
// Candidates are tried from strictest to loosest, and one is accepted only if
// it is a complete, valid JSON object, so leniency can never turn an invalid
// reply into a different valid one.
func extractJSON(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if isJSONObject(s) {
		return s, true
	}
	if inner, ok := stripFence(s); ok && isJSONObject(inner) {
		return inner, true
	}
	start, end := strings.IndexByte(s, '{'), strings.LastIndexByte(s, '}')
	if start >= 0 && end > start && isJSONObject(s[start:end+1]) {
		return s[start : end+1], true
	}
	return "", false
}

// stripFence removes a surrounding ``` fence with an optional language tag.
func stripFence(s string) (string, bool) {
	if !strings.HasPrefix(s, "```") || !strings.HasSuffix(s, "```") || len(s) < 6 {
		return "", false
	}
	inner := s[3 : len(s)-3]
	if nl := strings.IndexByte(inner, '\n'); nl >= 0 && !strings.ContainsAny(inner[:nl], "{[\"") {
		inner = inner[nl+1:] // drop the language tag line ("json")
	}
	return strings.TrimSpace(inner), true
}

func isJSONObject(s string) bool {
	return strings.HasPrefix(s, "{") && json.Valid([]byte(s))
}
