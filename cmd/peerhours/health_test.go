package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHealthAndReadiness(t *testing.T) {
	for _, tc := range []struct {
		name      string
		connected bool
		ping      error
		path      string
		want      int
	}{
		{"alive while disconnected", false, errors.New("down"), "/healthz", http.StatusOK},
		{"ready", true, nil, "/readyz", http.StatusOK},
		{"gateway down", false, nil, "/readyz", http.StatusServiceUnavailable},
		{"database down", true, errors.New("disk I/O error"), "/readyz", http.StatusServiceUnavailable},
		{"unknown path", true, nil, "/admin", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := healthHandler(func() bool { return tc.connected }, func(context.Context) error { return tc.ping })
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", tc.path, nil))
			if rec.Code != tc.want {
				t.Errorf("GET %s = %d, want %d", tc.path, rec.Code, tc.want)
			}
		})
	}
}
