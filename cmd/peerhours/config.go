package main

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/peerhours/peerhours/storage"
)

// Config is every setting, read from the environment (and .env).
type Config struct {
	DiscordToken  string
	GuildIDs      []string
	DiscordAPIURL string
	DatabasePath  string
	// DatabaseURL, when set, is the PostgreSQL server used instead of the
	// SQLite file at DatabasePath.
	DatabaseURL   string
	OpenAIKey     string
	OpenAIBaseURL string
	OpenAIModel   string
	LLMTimeout    time.Duration
	HTTPAddr      string
	// PublicURL is where HTTP_ADDR is reached from outside, for the links
	// of clinicians' calendar feeds; empty means http://HTTP_ADDR.
	PublicURL     string
	RetentionDays int
	LogLevel      string
	LogFormat     string
	// SandboxAddr and SandboxDB are for `peerhours sandbox` only; an empty
	// SandboxDB means sandbox.db in the user's cache directory.
	SandboxAddr string
	SandboxDB   string
	// ShardID of ShardCount is the Discord shard this process serves
	// (docs/operations.md, "Shards").
	ShardID    int
	ShardCount int
}

// CalendarURL is the base of calendar feed links: PUBLIC_URL, else the
// HTTP server's own address; "" when the HTTP server is off.
func (c Config) CalendarURL() string {
	switch {
	case c.HTTPAddr == "":
		return ""
	case c.PublicURL != "":
		return c.PublicURL
	}
	return "http://" + c.HTTPAddr
}

// Database names the database in messages: the SQLite file, or the
// PostgreSQL user, server and database (never the password).
func (c Config) Database() string {
	if c.DatabaseURL == "" {
		return c.DatabasePath
	}
	if u, err := url.Parse(c.DatabaseURL); err == nil {
		return u.Redacted()
	}
	return "DATABASE_URL"
}

// openDatabase opens the database the settings name: PostgreSQL when
// DATABASE_URL is set, else the SQLite file.
func openDatabase(ctx context.Context, c Config) (*storage.DB, error) {
	if c.DatabaseURL != "" {
		return storage.OpenPostgres(ctx, c.DatabaseURL)
	}
	return storage.Open(ctx, c.DatabasePath)
}

// LLMEnabled reports whether an LLM endpoint is configured.
func (c Config) LLMEnabled() bool { return c.OpenAIKey != "" || c.OpenAIBaseURL != "" }

// ConfigError names the setting that is wrong and what is wrong with it.
type ConfigError struct {
	Var     string
	Problem string
}

func (e *ConfigError) Error() string { return e.Var + ": " + e.Problem }

// setting describes one environment variable: its default, and how to check
// and store it. The table is the documentation's source of truth: `help`
// prints it, and a test checks .env.example against it.
type setting struct {
	name  string
	def   string
	about string
	apply func(c *Config, v string) error
	// keepEmpty settings take an explicitly empty value as it is (HTTP_ADDR=
	// switches the HTTP server off); for the others empty means the default.
	keepEmpty bool
}

var snowflake = regexp.MustCompile(`^[0-9]{15,21}$`)

func settings() []setting {
	return []setting{
		{"DISCORD_TOKEN", "", "bot token from the Developer Portal (required by run)", func(c *Config, v string) error {
			v = strings.TrimPrefix(v, "Bot ")
			if strings.ContainsAny(v, " \t\r\n") {
				return fmt.Errorf("contains whitespace; paste the token alone")
			}
			c.DiscordToken = v
			return nil
		}, false},
		{"DISCORD_GUILD_IDS", "", "comma-separated server IDs: register commands per server (instant) instead of globally", func(c *Config, v string) error {
			c.GuildIDs = nil
			for _, id := range strings.Split(v, ",") {
				id = strings.TrimSpace(id)
				if id == "" {
					continue
				}
				if !snowflake.MatchString(id) {
					return fmt.Errorf("%q is not a Discord server ID (15 to 21 digits)", id)
				}
				c.GuildIDs = append(c.GuildIDs, id)
			}
			return nil
		}, false},
		{"DISCORD_API_URL", "https://discord.com", "base of Discord's HTTP API; requests go to $DISCORD_API_URL/api/v9/…", func(c *Config, v string) error {
			if err := checkHTTPURL(v); err != nil {
				return err
			}
			c.DiscordAPIURL = strings.TrimRight(v, "/")
			return nil
		}, false},
		{"DATABASE_PATH", "peerhours.db", "SQLite file", func(c *Config, v string) error {
			if v == ":memory:" || strings.HasPrefix(v, "file:") || strings.ContainsAny(v, "?#") {
				return fmt.Errorf("must be a plain file path (no :memory:, file: URIs, ? or #)")
			}
			c.DatabasePath = v
			return nil
		}, false},
		{"DATABASE_URL", "", "PostgreSQL instead of the SQLite file: postgres://user:password@host:5432/database?sslmode=verify-full (PostgreSQL 14 or later; processes sharing it are active/standby)", func(c *Config, v string) error {
			if v != "" && !storage.IsPostgresURL(v) {
				return fmt.Errorf("must start with postgres:// or postgresql:// (an SQLite file goes in DATABASE_PATH)")
			}
			c.DatabaseURL = v
			return nil
		}, false},
		{"SHARD_COUNT", "1", "Discord shards the bot's servers are split into, one process (or active/standby pair) each; above 1 needs DATABASE_URL", func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1024 {
				return fmt.Errorf("%q is not a whole number from 1 to 1024", v)
			}
			c.ShardCount = n
			return nil
		}, false},
		{"SHARD_ID", "0", "the shard this process serves, 0 to SHARD_COUNT-1: the servers whose (ID >> 22) % SHARD_COUNT is SHARD_ID", func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("%q is not a whole number from 0 to SHARD_COUNT-1", v)
			}
			c.ShardID = n
			return nil
		}, false},
		{"OPENAI_API_KEY", "", "enables LLM features against OpenAI", func(c *Config, v string) error {
			c.OpenAIKey = v
			return nil
		}, false},
		{"OPENAI_BASE_URL", "", "any OpenAI-compatible endpoint ending in /v1 (Ollama, vLLM, LiteLLM…); enables LLM features, the key may be empty", func(c *Config, v string) error {
			if v != "" {
				if err := checkHTTPURL(v); err != nil {
					return err
				}
			}
			c.OpenAIBaseURL = v
			return nil
		}, false},
		{"OPENAI_MODEL", "gpt-4o-mini", "model name", func(c *Config, v string) error {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("is empty; name a model or unset it for the default")
			}
			c.OpenAIModel = strings.TrimSpace(v)
			return nil
		}, false},
		{"LLM_TIMEOUT", "60s", "deadline per LLM call, e.g. 30s or 2m", func(c *Config, v string) error {
			d, err := time.ParseDuration(v)
			if err != nil || d < time.Second || d > 10*time.Minute {
				return fmt.Errorf("%q is not a duration between 1s and 10m (e.g. 60s)", v)
			}
			c.LLMTimeout = d
			return nil
		}, false},
		{"HTTP_ADDR", "127.0.0.1:8080", "address for /healthz, /readyz, /metrics and clinicians' calendar feeds (/calendar/…); empty disables them", func(c *Config, v string) error {
			if v != "" {
				_, port, err := net.SplitHostPort(v)
				if err != nil {
					return fmt.Errorf("%q is not host:port (e.g. 127.0.0.1:8080)", v)
				}
				if _, err := strconv.ParseUint(port, 10, 16); err != nil {
					return fmt.Errorf("%q has no valid port", v)
				}
			}
			c.HTTPAddr = v
			return nil
		}, true},
		{"PUBLIC_URL", "", "base URL at which HTTP_ADDR is reached from outside, for clinicians' calendar feeds (/officehours calendar); empty means http://HTTP_ADDR", func(c *Config, v string) error {
			if v != "" {
				if err := checkHTTPURL(v); err != nil {
					return err
				}
				if u, _ := url.Parse(v); u.RawQuery != "" || u.Fragment != "" {
					return fmt.Errorf("%q has a query or fragment; give the base URL only", v)
				}
			}
			c.PublicURL = strings.TrimRight(v, "/")
			return nil
		}, false},
		{"RETENTION_DAYS", "90", "days stored message text is kept (1–3650)", func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 3650 {
				return fmt.Errorf("%q is not a whole number of days from 1 to 3650", v)
			}
			c.RetentionDays = n
			return nil
		}, false},
		{"LOG_LEVEL", "info", "debug, info, warn or error", func(c *Config, v string) error {
			switch v = strings.ToLower(v); v {
			case "debug", "info", "warn", "error":
				c.LogLevel = v
				return nil
			}
			return fmt.Errorf("%q is not one of debug, info, warn, error", v)
		}, false},
		{"LOG_FORMAT", "auto", "json, console, or auto (console on a terminal)", func(c *Config, v string) error {
			switch v = strings.ToLower(v); v {
			case "json", "console", "auto":
				c.LogFormat = v
				return nil
			}
			return fmt.Errorf("%q is not one of json, console, auto", v)
		}, false},
		{"SANDBOX_ADDR", "127.0.0.1:8090", "address of the sandbox's web page (peerhours sandbox; loopback only, the page has no login)", func(c *Config, v string) error {
			_, port, err := net.SplitHostPort(v)
			if err != nil {
				return fmt.Errorf("%q is not host:port (e.g. 127.0.0.1:8090)", v)
			}
			if _, err := strconv.ParseUint(port, 10, 16); err != nil {
				return fmt.Errorf("%q has no valid port", v)
			}
			c.SandboxAddr = v
			return nil
		}, false},
		{"SANDBOX_DB", "", "SQLite file of the sandbox; empty means sandbox.db in peerhours' folder of the user cache directory", func(c *Config, v string) error {
			if v == ":memory:" || strings.HasPrefix(v, "file:") || strings.ContainsAny(v, "?#") {
				return fmt.Errorf("must be a plain file path (no :memory:, file: URIs, ? or #)")
			}
			c.SandboxDB = v
			return nil
		}, false},
	}
}

// loadConfig reads every setting through lookup (os.LookupEnv's shape); an
// unset setting takes its default, and so does an empty one unless empty
// means something for it. It does not require DISCORD_TOKEN: only run does.
func loadConfig(lookup func(string) (string, bool)) (Config, error) {
	var c Config
	for _, s := range settings() {
		v, set := lookup(s.name)
		v = strings.TrimSpace(v)
		if !set || (v == "" && !s.keepEmpty) {
			v = s.def
		}
		if err := s.apply(&c, v); err != nil {
			return Config{}, &ConfigError{Var: s.name, Problem: err.Error()}
		}
	}
	if err := c.checkShard(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// checkShard is what the shard settings must say together.
func (c Config) checkShard() error {
	switch {
	case c.ShardID >= c.ShardCount:
		return &ConfigError{Var: "SHARD_ID", Problem: fmt.Sprintf("%d is not below SHARD_COUNT (%d): shards are numbered 0 to %d", c.ShardID, c.ShardCount, c.ShardCount-1)}
	case c.ShardCount > 1 && c.DatabaseURL == "":
		return &ConfigError{Var: "SHARD_COUNT", Problem: fmt.Sprintf("%d needs DATABASE_URL: shards are processes sharing one PostgreSQL database, and an SQLite file has one process", c.ShardCount)}
	}
	return nil
}

// Shard is the shard the settings name.
func (c Config) Shard() storage.Shard { return storage.Shard{ID: c.ShardID, Count: c.ShardCount} }

// requireToken is run's extra check.
func (c Config) requireToken() error {
	if c.DiscordToken == "" {
		return &ConfigError{Var: "DISCORD_TOKEN", Problem: "is not set; put the bot token from the Developer Portal in the environment or in .env (see Connect to Discord in docs/operations.md), or try peerhours without Discord: peerhours sandbox"}
	}
	return nil
}

func checkHTTPURL(v string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", v)
	}
	return nil
}
