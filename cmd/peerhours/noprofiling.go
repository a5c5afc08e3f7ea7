//go:build !pprof

package main

import "net/http"

// addProfiling adds nothing: profiles are served only by a binary built
// with -tags pprof (profiling.go).
func addProfiling(*http.ServeMux) {}
