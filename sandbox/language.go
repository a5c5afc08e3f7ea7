package sandbox

import (
	"net/http"
	"strings"
)

// The demo's languages: the locale a Discord client in that language sends
// (each persona's, and the server's preferred locale), and the toggle's
// label.
var demoLanguages = []struct{ Locale, Label string }{
	{"en-US", "English"},
	{"es-419", "Español"},
}

// language switches the whole demo to another language, as if every
// persona's Discord client and the server's settings were in it: the bot
// then answers each persona in their locale and writes public posts in the
// server's (until a moderator's /setup language: says otherwise).
func (s *Server) language(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	locale := r.FormValue("locale")
	known := false
	for _, l := range demoLanguages {
		known = known || l.Locale == locale
	}
	if !known {
		http.Error(w, "unknown language", http.StatusBadRequest)
		return
	}
	for _, q := range s.world.Personas {
		if err := s.dc.SetUserLocale(q.UserID, locale); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
	}
	if err := s.dc.SetGuildLocale(s.world.GuildID, locale); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	back := "/as/" + p.Key + "/"
	if ch := r.FormValue("channel"); ch != "" && !strings.ContainsAny(ch, "/?#") {
		back = channelURL(p.Key, ch)
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// languageChoice is one button of the page's language toggle.
type languageChoice struct {
	Locale, Label string
	Current       bool
}

// languageChoices are the toggle's buttons, the server's current language
// marked.
func (s *Server) languageChoices() []languageChoice {
	current := "en-US"
	if g, ok := s.dc.Guild(s.world.GuildID); ok && g.PreferredLocale != "" {
		current = g.PreferredLocale
	}
	out := make([]languageChoice, len(demoLanguages))
	for i, l := range demoLanguages {
		out[i] = languageChoice{Locale: l.Locale, Label: l.Label, Current: l.Locale == current}
	}
	return out
}
