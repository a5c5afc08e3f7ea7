//go:build pprof

package main

import (
	"net/http"
	"net/http/pprof"
)

// addProfiling serves Go's profiles under /debug/pprof/ beside /metrics.
// Only a binary built with -tags pprof has them (cmd/peerload -cpuprofile
// builds one to profile the bot under a burst); the release build, the
// container's, does not.
func addProfiling(mux *http.ServeMux) {
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
}
