package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/joho/godotenv"
)

// environment returns the settings lookup: the process environment first,
// then a .env file in the working directory, then one beside the binary.
// Nothing is written into the process environment.
func environment() (func(string) (string, bool), error) {
	var files []map[string]string
	seen := map[string]bool{}
	for _, dir := range envDirs() {
		path := filepath.Join(dir, ".env")
		if seen[path] {
			continue
		}
		seen[path] = true
		vars, err := godotenv.Read(path)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, &ConfigError{Var: path, Problem: fmt.Sprintf("cannot be read as a .env file: %v", err)}
		}
		files = append(files, vars)
	}
	return func(key string) (string, bool) {
		if v, ok := os.LookupEnv(key); ok {
			return v, true
		}
		for _, f := range files {
			if v, ok := f[key]; ok {
				return v, true
			}
		}
		return "", false
	}, nil
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
