package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// envOf turns a map into a lookup with os.LookupEnv's shape.
func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadConfigDefaults(t *testing.T) {
	c, err := loadConfig(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		DiscordAPIURL: "https://discord.com", DatabasePath: "peerhours.db", OpenAIModel: "gpt-4o-mini",
		LLMTimeout: time.Minute, HTTPAddr: "127.0.0.1:8080", RetentionDays: 90, LogLevel: "info", LogFormat: "auto",
		SandboxAddr: "127.0.0.1:8090", ShardCount: 1,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	if c.LLMEnabled() {
		t.Error("LLM enabled with no key and no base URL")
	}
}

func TestLoadConfigValues(t *testing.T) {
	c, err := loadConfig(envOf(map[string]string{
		"DISCORD_TOKEN":     "Bot abc.def",
		"DISCORD_GUILD_IDS": " 123456789012345678, ,234567890123456789 ",
		"DISCORD_API_URL":   "http://127.0.0.1:9999/",
		"OPENAI_BASE_URL":   "http://localhost:11434/v1",
		"LLM_TIMEOUT":       "90s",
		"HTTP_ADDR":         "", // set and empty: the HTTP server is off
		"RETENTION_DAYS":    "30",
		"LOG_LEVEL":         "DEBUG",
		"OPENAI_MODEL":      "",
	}))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case c.DiscordToken != "abc.def":
		t.Errorf("token = %q, want the Bot prefix removed", c.DiscordToken)
	case !reflect.DeepEqual(c.GuildIDs, []string{"123456789012345678", "234567890123456789"}):
		t.Errorf("guild IDs = %q", c.GuildIDs)
	case c.DiscordAPIURL != "http://127.0.0.1:9999":
		t.Errorf("API URL = %q", c.DiscordAPIURL)
	case !c.LLMEnabled():
		t.Error("LLM not enabled by OPENAI_BASE_URL")
	case c.LLMTimeout != 90*time.Second, c.HTTPAddr != "", c.RetentionDays != 30, c.LogLevel != "debug":
		t.Errorf("got %+v", c)
	case c.OpenAIModel != "gpt-4o-mini":
		t.Errorf("empty OPENAI_MODEL = %q, want the default", c.OpenAIModel)
	}
}

func TestLoadConfigErrorsNameTheVariable(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"DISCORD_GUILD_IDS", "123,abc"},
		{"DISCORD_API_URL", "discord.com"},
		{"DISCORD_API_URL", "ftp://x"},
		{"DATABASE_PATH", ":memory:"},
		{"DATABASE_PATH", "a.db?mode=ro"},
		{"DATABASE_URL", "peerhours.db"},
		{"OPENAI_BASE_URL", "localhost:11434"},
		{"LLM_TIMEOUT", "soon"},
		{"LLM_TIMEOUT", "0s"},
		{"HTTP_ADDR", "8080"},
		{"HTTP_ADDR", "localhost:http8"},
		{"RETENTION_DAYS", "-1"},
		{"RETENTION_DAYS", "ninety"},
		{"LOG_LEVEL", "loud"},
		{"LOG_FORMAT", "xml"},
		{"DISCORD_TOKEN", "two words"},
		{"SHARD_COUNT", "0"},
		{"SHARD_COUNT", "two"},
		{"SHARD_ID", "-1"},
		{"SHARD_ID", "1"}, // of the default SHARD_COUNT, 1
	} {
		_, err := loadConfig(envOf(map[string]string{tc.name: tc.value}))
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Var != tc.name {
			t.Errorf("%s=%q: err = %v, want a ConfigError naming %s", tc.name, tc.value, err, tc.name)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%q: error has more than one line: %q", tc.name, tc.value, err)
		}
	}
}

func TestRequireToken(t *testing.T) {
	c, _ := loadConfig(envOf(nil))
	err := c.requireToken()
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Var != "DISCORD_TOKEN" {
		t.Fatalf("err = %v, want one naming DISCORD_TOKEN", err)
	}
}

// Every setting is documented in .env.example, and nothing else is.
func TestEnvExampleMatchesSettings(t *testing.T) {
	b, err := os.ReadFile("../../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "#"))
		if name, _, ok := strings.Cut(line, "="); ok && name == strings.ToUpper(name) && !strings.Contains(name, " ") {
			documented[strings.TrimSpace(name)] = true
		}
	}
	for _, s := range settings() {
		if !documented[s.name] {
			t.Errorf(".env.example does not document %s", s.name)
		}
		delete(documented, s.name)
	}
	for name := range documented {
		t.Errorf(".env.example documents %s, which is not a setting", name)
	}
}

// `peerhours help` and the settings table in docs/operations.md list every setting.
func TestHelpAndReadmeListEverySetting(t *testing.T) {
	var help strings.Builder
	if err := run(context.Background(), []string{"help"}, envOf(nil), nil, &help, &help); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(b), "\n## Settings\n")
	table, _, _ = strings.Cut(table, "\n## ")
	for _, s := range settings() {
		if !regexp.MustCompile(`(?m)^  ` + s.name + ` +\S`).MatchString(help.String()) {
			t.Errorf("peerhours help does not list %s:\n%s", s.name, help.String())
		}
		if !regexp.MustCompile(`(?m)^\| (\S+ / )?` + s.name + `( / \S+)? \|`).MatchString(table) {
			t.Errorf("the settings table in docs/operations.md has no row for %s", s.name)
		}
	}
}

func TestDescribeVersion(t *testing.T) {
	vcs := func(kv ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/peerhours/peerhours", Version: "(devel)"}}
		for i := 0; i+1 < len(kv); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return bi
	}
	tagged := vcs()
	tagged.Main.Version = "v1.4.0"
	for _, c := range []struct {
		name, linked string
		bi           *debug.BuildInfo
		want         string
	}{
		{"linked", "v1.2.3", vcs("vcs.revision", "4acc6a4e1f2b3c4d5e6f"), "v1.2.3"},
		{"module version", "", tagged, "v1.4.0"},
		{"checkout", "", vcs("vcs.revision", "4acc6a4e1f2b3c4d5e6f", "vcs.time", "2026-07-01T10:00:00Z", "vcs.modified", "false"), "devel-4acc6a4e1f2b (committed 2026-07-01T10:00:00Z)"},
		{"dirty checkout", "", vcs("vcs.revision", "4acc6a4e1f2b3c4d5e6f", "vcs.modified", "true"), "devel-4acc6a4e1f2b-dirty"},
		{"go run", "", vcs(), "dev"},
		{"no information", "", nil, "dev"},
	} {
		if got := describeVersion(c.linked, c.bi); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// A misspelt setting in .env is named in one warning line, with the setting
// it was likely meant to be; keys of other programs sharing the file are
// left alone, and no value is ever printed.
func TestEnvFileWarnsAboutUnknownSettings(t *testing.T) {
	dir := t.TempDir()
	env := "DISCORD_TOKN=sekrit-token\nDATABASE_PATH=x.db\nOPENAI_MODLE=gpt-x\nPOSTGRES_PASSWORD=other-app\nLOG_COLOUR=yes\nHTTP_ADR=127.0.0.1:1\n"
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(env), 0o600); err != nil {
		t.Fatal(err)
	}
	lookup, warnings, err := environmentFrom([]string{dir, dir}, envOf(map[string]string{"DATABASE_PATH": "from-env.db"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 {
		t.Fatalf("warnings = %q, want one line", warnings)
	}
	w := warnings[0]
	for _, want := range []string{".env: ignoring ", "DISCORD_TOKN (did you mean DISCORD_TOKEN?)", "OPENAI_MODLE (did you mean OPENAI_MODEL?)", "HTTP_ADR (did you mean HTTP_ADDR?)", "LOG_COLOUR"} {
		if !strings.Contains(w, want) {
			t.Errorf("warning lacks %q: %s", want, w)
		}
	}
	for _, never := range []string{"POSTGRES", "sekrit", "gpt-x", "\n"} {
		if strings.Contains(w, never) {
			t.Errorf("warning has %q: %s", never, w)
		}
	}
	if v, _ := lookup("DATABASE_PATH"); v != "from-env.db" {
		t.Errorf("the environment does not win: %q", v)
	}
	if _, ok := lookup("DISCORD_TOKEN"); ok {
		t.Error("a misspelt key was read as the setting")
	}
	// A file of known settings only: no warning.
	clean := t.TempDir()
	if err := os.WriteFile(filepath.Join(clean, ".env"), []byte("DISCORD_TOKEN=x\nOTHER_APP=1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, warnings, err := environmentFrom([]string{clean}, envOf(nil)); err != nil || len(warnings) != 0 {
		t.Errorf("clean file: %q, %v", warnings, err)
	}
}

// Shards are PostgreSQL's: SHARD_ID must be below SHARD_COUNT, and more than
// one shard needs DATABASE_URL.
func TestLoadConfigShards(t *testing.T) {
	const pg = "postgres://u@db/p"
	for _, tc := range []struct {
		env     map[string]string
		wantVar string // "" for no error
	}{
		{map[string]string{}, ""},
		{map[string]string{"SHARD_COUNT": "2", "SHARD_ID": "1", "DATABASE_URL": pg}, ""},
		{map[string]string{"SHARD_COUNT": "2", "SHARD_ID": "2", "DATABASE_URL": pg}, "SHARD_ID"},
		{map[string]string{"SHARD_COUNT": "2"}, "SHARD_COUNT"},
		{map[string]string{"SHARD_COUNT": "1", "SHARD_ID": "0"}, ""},
	} {
		c, err := loadConfig(envOf(tc.env))
		var ce *ConfigError
		switch {
		case tc.wantVar == "" && err != nil:
			t.Errorf("%v: %v", tc.env, err)
		case tc.wantVar == "" && (c.Shard().Count < 1 || c.Shard().ID >= c.Shard().Count):
			t.Errorf("%v: shard %+v", tc.env, c.Shard())
		case tc.wantVar != "" && (!errors.As(err, &ce) || ce.Var != tc.wantVar || strings.Contains(err.Error(), "\n")):
			t.Errorf("%v: err = %v, want one line naming %s", tc.env, err, tc.wantVar)
		}
	}
}
