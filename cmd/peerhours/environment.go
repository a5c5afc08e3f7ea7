package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/joho/godotenv"
)

// environment returns the settings lookup: the process environment first,
// then a .env file in the working directory, then one beside the binary.
// Nothing is written into the process environment. warnings name keys in
// those files that look like peerhours settings but are none (a
// misspelling such as DISCORD_TOKN would otherwise be ignored without a
// word), one line a file.
func environment() (lookup func(string) (string, bool), warnings []string, err error) {
	return environmentFrom(envDirs(), os.LookupEnv)
}

func environmentFrom(dirs []string, getenv func(string) (string, bool)) (func(string) (string, bool), []string, error) {
	var files []map[string]string
	var warnings []string
	seen := map[string]bool{}
	for _, dir := range dirs {
		path := filepath.Join(dir, ".env")
		if seen[path] {
			continue
		}
		seen[path] = true
		vars, err := godotenv.Read(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, &ConfigError{Var: path, Problem: fmt.Sprintf("cannot be read as a .env file: %v", err)}
		}
		if w := unknownSettings(path, vars); w != "" {
			warnings = append(warnings, w)
		}
		files = append(files, vars)
	}
	return func(key string) (string, bool) {
		if v, ok := getenv(key); ok {
			return v, true
		}
		for _, f := range files {
			if v, ok := f[key]; ok {
				return v, true
			}
		}
		return "", false
	}, warnings, nil
}

// settingPrefixes start the names of peerhours' settings: a key in .env
// that starts with one and is no setting is most likely a misspelt one.
var settingPrefixes = []string{"DISCORD_", "DATABASE_", "OPENAI_", "LLM_", "HTTP_", "RETENTION_", "LOG_", "SANDBOX_", "PEERHOURS_"}

// unknownSettings describes, on one line, the keys of a .env file that look
// like peerhours settings but are none, with the setting each was likely
// meant to be; "" when there are none. Keys unlike ours (a file shared
// with other programs) are left alone.
func unknownSettings(path string, vars map[string]string) string {
	known := map[string]bool{}
	var names []string
	for _, s := range settings() {
		known[s.name] = true
		names = append(names, s.name)
	}
	var odd []string
	for key := range vars {
		if known[key] {
			continue
		}
		near := nearest(key, names)
		ours := near != ""
		for _, p := range settingPrefixes {
			ours = ours || strings.HasPrefix(strings.ToUpper(key), p)
		}
		if !ours {
			continue
		}
		if near != "" {
			odd = append(odd, fmt.Sprintf("%s (did you mean %s?)", key, near))
		} else {
			odd = append(odd, key)
		}
	}
	if len(odd) == 0 {
		return ""
	}
	slices.Sort(odd)
	return fmt.Sprintf("%s: ignoring %s: not a peerhours setting (peerhours help lists them)", path, strings.Join(odd, ", "))
}

// nearest is the setting name within two edits of key (case aside), or "".
func nearest(key string, names []string) string {
	best, bestD := "", 3
	for _, n := range names {
		if d := editDistance(strings.ToUpper(key), n); d < bestD {
			best, bestD = n, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes (the
// names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func envDirs() []string {
	var dirs []string
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, wd)
	}
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		dirs = append(dirs, filepath.Dir(exe))
	}
	return dirs
}
