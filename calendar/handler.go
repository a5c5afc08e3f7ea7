package calendar

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// Handler serves clinicians' feeds at GET /calendar/{token}.ics. An unknown
// or revoked token gets 404; the token itself is never logged.
func Handler(feed func(ctx context.Context, token string) (bot.Calendar, error), now func() time.Time) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /calendar/{file}", func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
		if !ok {
			http.NotFound(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		cal, err := feed(ctx, token)
		if bot.ErrorCode(err) == bot.ENOTFOUND {
			http.Error(w, "no such calendar: the link is wrong or was revoked", http.StatusNotFound)
			return
		}
		if err != nil {
			http.Error(w, "the calendar could not be read; try again later", http.StatusServiceUnavailable)
			return
		}
		var b bytes.Buffer
		if err := Write(&b, cal, now()); err != nil {
			http.Error(w, "the calendar could not be written", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
		w.Header().Set("Content-Disposition", `inline; filename="peerhours.ics"`)
		w.Header().Set("Cache-Control", "private, max-age=300")
		w.Write(b.Bytes())
	})
	return mux
}
