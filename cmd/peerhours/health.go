package main

import (
	"context"
	"net/http"
	"time"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/calendar"
)

// withCalendar serves clinicians' calendar feeds (/calendar/{token}.ics)
// beside the health endpoints.
func withCalendar(health http.Handler, svc *bot.Service) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /calendar/", calendar.Handler(svc.CalendarFor, svc.Now))
	mux.Handle("/", health)
	return mux
}

// healthHandler serves /healthz (the process lives) and /readyz (the gateway
// is connected and the database answers).
func healthHandler(connected func() bool, ping func(context.Context) error) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !connected() {
			http.Error(w, "gateway not connected", http.StatusServiceUnavailable)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := ping(ctx); err != nil {
			http.Error(w, "database not answering", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
	return mux
}
