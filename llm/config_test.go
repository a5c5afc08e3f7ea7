package llm

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizeBaseURL(t *testing.T) {
	tests := []struct {
		in, want string
		err      bool
	}{
		{"http://localhost:11434", "http://localhost:11434/v1", false},
		{"http://localhost:11434/", "http://localhost:11434/v1", false},
		{"http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1", false},
		{"http://127.0.0.1:8000/v1/", "http://127.0.0.1:8000/v1", false},
		{" https://api.openai.com/v1 ", "https://api.openai.com/v1", false},
		{"https://generativelanguage.googleapis.com/v1beta/openai/", "https://generativelanguage.googleapis.com/v1beta/openai", false},
		{"https://litellm.example/openai/v1", "https://litellm.example/openai/v1", false},
		{"localhost:11434", "", true},
		{"ftp://host/v1", "", true},
		{"http://", "", true},
		{"http://user:pass@host/v1", "", true},
		{"http://host/v1?x=1", "", true},
		{"://", "", true},
	}
	for _, tt := range tests {
		got, err := normalizeBaseURL(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("normalizeBaseURL(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func FuzzNormalizeBaseURL(f *testing.F) {
	for _, s := range []string{"http://localhost:11434", "https://x/v1/", "http://[::1]:8080", "http://h/%2F/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := normalizeBaseURL(s)
		if err != nil {
			return
		}
		// Idempotent, and the result is accepted as is.
		again, err := normalizeBaseURL(got)
		if err != nil || again != got {
			t.Fatalf("normalizeBaseURL(%q) = %q, then %q, %v", s, got, again, err)
		}
		if strings.HasSuffix(got, "/") {
			t.Fatalf("normalizeBaseURL(%q) = %q ends in a slash", s, got)
		}
	})
}

func TestEnabled(t *testing.T) {
	tests := []struct {
		cfg  Config
		want bool
	}{
		{Config{}, false},
		{Config{Model: "gpt-4o", Timeout: time.Second}, false},
		{Config{APIKey: "  "}, false},
		{Config{APIKey: "sk-x"}, true},
		{Config{BaseURL: "http://localhost:11434"}, true},
	}
	for _, tt := range tests {
		if got := Enabled(tt.cfg); got != tt.want {
			t.Errorf("Enabled(%+v) = %v", tt.cfg, got)
		}
	}
}

func TestValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("empty config: %v", err)
	}
	err := Config{APIKey: "sk-secret\n", BaseURL: "localhost"}.Validate()
	if err == nil || !strings.Contains(err.Error(), "BaseURL") || !strings.Contains(err.Error(), "APIKey") {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "sk-secret") {
		t.Errorf("error shows the key: %v", err)
	}
}

func TestWithDefaults(t *testing.T) {
	got := Config{MaxRetries: -1}.withDefaults()
	want := Config{Model: DefaultModel, Timeout: DefaultTimeout, MaxRetries: 0, MaxInFlight: DefaultMaxInFlight}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	got = Config{Model: " llama3 ", Timeout: time.Second, MaxInFlight: 8}.withDefaults()
	want = Config{Model: "llama3", Timeout: time.Second, MaxRetries: DefaultMaxRetries, MaxInFlight: 8}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
