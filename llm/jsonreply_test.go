package llm

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestExtractJSON(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{`{"a":1}`, `{"a":1}`, true},
		{"  {\"a\":1}\n", `{"a":1}`, true},
		{"```json\n{\"a\":1}\n```", `{"a":1}`, true},
		{"```\n{\"a\":1}\n```", `{"a":1}`, true},
		{"```{\"a\":1}```", `{"a":1}`, true},
		{`Here you go: {"a":{"b":2}} Hope that helps.`, `{"a":{"b":2}}`, true},
		{`[1,2]`, "", false},
		{`"text"`, "", false},
		{`{"a":`, "", false},
		{`{"a":1} trailing {"b":2}`, "", false},
		{"", "", false},
		{"no json here", "", false},
		{"```", "", false},
	}
	for _, tt := range tests {
		got, ok := extractJSON(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("extractJSON(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzExtractJSON(f *testing.F) {
	for _, s := range []string{`{"a":1}`, "```json\n{}\n```", `x {"a":[1,{"b":null}]} y`, "{", "```", "}{"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := extractJSON(s)
		if !ok {
			if got != "" {
				t.Fatalf("not ok but got %q", got)
			}
			return
		}
		if !strings.Contains(s, got) {
			t.Fatalf("extractJSON(%q) = %q, not a substring", s, got)
		}
		var obj map[string]any
		if err := json.Unmarshal([]byte(got), &obj); err != nil {
			t.Fatalf("extractJSON(%q) = %q, not an object: %v", s, got, err)
		}
	})
}
