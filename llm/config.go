package llm

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Defaults applied by New to zero fields of Config.
const (
	DefaultModel       = "gpt-4o-mini"
	DefaultTimeout     = 60 * time.Second
	DefaultMaxRetries  = 3
	DefaultMaxInFlight = 3
)

// Config selects and tunes the endpoint. The zero value means "no LLM".
type Config struct {
	// APIKey is sent as a Bearer token; may be empty for local endpoints.
	APIKey string
	// BaseURL of an OpenAI-compatible API; empty means OpenAI. A URL with
	// no path ("http://localhost:11434") gets "/v1" appended, since that is
	// where Ollama, vLLM and LiteLLM serve the API and go-openai appends
	// only "/chat/completions". A URL with a path is used as given (minus a
	// trailing slash), because some providers serve the API elsewhere
	// (".../v1beta/openai", ".../openai/v1").
	BaseURL string
	// Model name; DefaultModel when empty.
	Model string
	// Timeout bounds each HTTP attempt, not the whole call with its
	// retries; DefaultTimeout when zero or negative.
	Timeout time.Duration
	// MaxRetries is how many times a retryable failure is retried:
	// DefaultMaxRetries when zero, no retries when negative.
	MaxRetries int
	// MaxInFlight bounds concurrent HTTP requests of one Client;
	// DefaultMaxInFlight when zero or negative.
	MaxInFlight int
}

// Enabled reports whether LLM features should be on: when a key or a base
// URL is set. A base URL alone is enough, as local endpoints need no key.
func Enabled(cfg Config) bool {
	return strings.TrimSpace(cfg.APIKey) != "" || strings.TrimSpace(cfg.BaseURL) != ""
}

// Validate reports a configuration New could not use, naming the field, so
// the program can refuse to start instead of failing on the first call. A
// disabled configuration is valid.
func (cfg Config) Validate() error {
	var errs []error
	if cfg.BaseURL != "" {
		if _, err := normalizeBaseURL(cfg.BaseURL); err != nil {
			errs = append(errs, fmt.Errorf("BaseURL: %w", err))
		}
	}
	if strings.ContainsAny(cfg.APIKey, "\r\n") {
		// Said without echoing the key.
		errs = append(errs, errors.New("APIKey: contains a line break"))
	}
	return errors.Join(errs...)
}

// withDefaults fills zero fields.
func (cfg Config) withDefaults() Config {
	if strings.TrimSpace(cfg.Model) == "" {
		cfg.Model = DefaultModel
	}
	cfg.Model = strings.TrimSpace(cfg.Model)
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = DefaultMaxRetries
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	return cfg
}

// normalizeBaseURL checks raw and applies the rule documented on
// Config.BaseURL.
func normalizeBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", errors.New("not a URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", errors.New("must start with http:// or https://")
	}
	if u.Host == "" {
		return "", errors.New("has no host")
	}
	if u.User != nil {
		return "", errors.New("must not contain credentials; use the API key")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("must not have a query or fragment")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	if u.Path == "" {
		u.Path = "/v1"
	}
	return u.String(), nil
}
