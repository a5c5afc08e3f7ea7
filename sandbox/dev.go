//i18n:english the sandbox page's own chrome and its demo server's content (docs/sandbox.md); the bot's messages in it follow the language toggle
package sandbox

import (
	"bytes"
	"net/http"
	"strings"
	"time"
)

// The developer view: what the bot asked of "Discord", the requests Discord
// would have let ping people by accident, and where state is kept. It shows
// routes, IDs, status codes and durations, never message text.

type devData struct {
	Title      string
	About      []string
	Violations []callView
	Unknown    []callView
	Calls      []callView
	Total      int
	Personas   []personaLink
}

type callView struct {
	Seq      int
	At       time.Time
	Route    string
	Path     string
	Status   int
	Duration string
	Error    string
	Flags    []string
}

const devCalls = 200

func (s *Server) devView(w http.ResponseWriter, r *http.Request) {
	calls := s.dc.Calls()
	data := devData{Title: "Developer view — peerhours sandbox", About: s.about, Total: len(calls)}
	for _, p := range s.world.Personas {
		data.Personas = append(data.Personas, personaLink{Persona: p, Href: "/as/" + p.Key + "/"})
	}
	view := func(i int) callView {
		c := calls[i]
		path := c.Path
		if tok := c.Params["token"]; tok != "" {
			// Interaction tokens are credentials for 15 minutes.
			path = strings.ReplaceAll(path, tok, "{token}")
		}
		v := callView{Seq: c.Seq, At: c.At, Route: c.Route, Path: c.Method + " " + path, Status: c.Status, Duration: c.Duration.Round(time.Microsecond).String()}
		if c.Error != nil {
			v.Error = c.Error.Message
		}
		if c.MissingAllowedMentions {
			v.Flags = append(v.Flags, "no allowed_mentions")
		}
		if c.Injected {
			v.Flags = append(v.Flags, "injected")
		}
		if c.Unknown {
			v.Flags = append(v.Flags, "unknown route")
		}
		return v
	}
	for i := len(calls) - 1; i >= 0; i-- {
		c := calls[i]
		if c.MissingAllowedMentions {
			data.Violations = append(data.Violations, view(i))
		}
		if c.Unknown {
			data.Unknown = append(data.Unknown, view(i))
		}
		if len(data.Calls) < devCalls {
			data.Calls = append(data.Calls, view(i))
		}
	}
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, "dev", data); err != nil {
		http.Error(w, "render: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
