//i18n:english the sandbox page's own chrome and its demo server's content (docs/sandbox.md); the bot's messages in it follow the language toggle
package sandbox

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configures the page.
type Options struct {
	// Emulator is the Discord emulator the bot is connected to.
	Emulator *fakediscord.Server
	// World is the demo server in it.
	World *World
	// About lines are shown in the developer view (where state is kept,
	// which LLM is used …). They must not hold secrets.
	About []string
	// Location is the time zone used for times before the page's script
	// redraws them in the reader's own; time.Local when nil.
	Location *time.Location
}

// Server is the sandbox's web page: an http.Handler.
type Server struct {
	dc    *fakediscord.Server
	world *World
	about []string
	loc   *time.Location
	tmpl  *template.Template
	mux   http.Handler

	mu sync.Mutex
	// lastSeen is, per persona and channel, the newest message the persona
	// has had on screen: channels with newer ones are drawn as unread.
	lastSeen map[string]map[string]string
	// baseline is every channel's newest message when the page started:
	// what was there before counts as read for everyone.
	baseline map[string]string
	// lastChannel is where each persona was last.
	lastChannel map[string]string
	// dismissed ephemeral messages, per persona.
	dismissed map[string]map[string]bool
	// flash is a one-time notice per persona (an action the emulator
	// refused, as the Discord client would say).
	flash map[string]string
	// draft is text a persona typed that was not sent (too long, or
	// refused), per persona and channel: the message box shows it again.
	draft map[string]string
}

// New builds the page's handler.
func New(opts Options) (*Server, error) {
	if opts.Emulator == nil || opts.World == nil {
		return nil, fmt.Errorf("sandbox: Emulator and World are required")
	}
	loc := opts.Location
	if loc == nil {
		loc = time.Local
	}
	s := &Server{
		dc: opts.Emulator, world: opts.World, about: opts.About, loc: loc,
		lastSeen:    map[string]map[string]string{},
		lastChannel: map[string]string{},
		dismissed:   map[string]map[string]bool{},
		flash:       map[string]string{},
		draft:       map[string]string{},
	}
	tmpl, err := template.New("").Funcs(template.FuncMap{
		"timeISO":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"timeShort": func(t time.Time) string { return s.shortTime(t) },
		"join":      strings.Join,
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	s.tmpl = tmpl
	s.mux = s.routes()
	s.baseline = map[string]string{}
	if g, ok := s.dc.Guild(s.world.GuildID); ok {
		for _, c := range append(g.Channels, g.Threads...) {
			s.baseline[c.ID] = c.LastMessageID
		}
	}
	return s, nil
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheShort(http.FileServerFS(static))))
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /as/{p}/{$}", s.personaHome)
	mux.HandleFunc("GET /as/{p}/channels", s.channelIndex)
	mux.HandleFunc("GET /as/{p}/c/{ch}", s.channelPage)
	mux.HandleFunc("POST /as/{p}/c/{ch}/send", s.send)
	mux.HandleFunc("POST /as/{p}/c/{ch}/run", s.runCommand)
	mux.HandleFunc("GET /as/{p}/c/{ch}/autocomplete", s.autocomplete)
	mux.HandleFunc("POST /as/{p}/c/{ch}/m/{msg}/component", s.component)
	mux.HandleFunc("POST /as/{p}/c/{ch}/m/{msg}/app", s.messageCommand)
	mux.HandleFunc("POST /as/{p}/c/{ch}/m/{msg}/thread", s.startThread)
	mux.HandleFunc("POST /as/{p}/c/{ch}/m/{msg}/dismiss", s.dismiss)
	mux.HandleFunc("POST /as/{p}/c/{ch}/modal/{id}", s.submitModal)
	mux.HandleFunc("GET /as/{p}/c/{ch}/m/{msg}/a/{id}", s.attachment)
	mux.HandleFunc("GET /as/{p}/events", s.events)
	mux.HandleFunc("POST /as/{p}/language", s.language)
	mux.HandleFunc("GET /dev", s.devView)
	return http.NewCrossOriginProtection().Handler(mux)
}

// ServeHTTP serves the page. Requests naming a host other than a loopback
// one (127.0.0.1, ::1, localhost) are refused, so a web page elsewhere
// cannot reach the sandbox through DNS rebinding; peerhours sandbox only
// listens on loopback addresses for the same reason.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !loopbackHost(r.Host) {
		http.Error(w, "the sandbox answers on 127.0.0.1 or localhost only", http.StatusMisdirectedRequest)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	// Inline styles carry role and embed colours only; html/template
	// escapes them like everything else.
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")
	s.mux.ServeHTTP(w, r)
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func cacheShort(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}

// persona resolves {p}; it answers 404 itself when there is none.
func (s *Server) persona(w http.ResponseWriter, r *http.Request) (Persona, bool) {
	p, ok := s.world.Persona(r.PathValue("p"))
	if !ok {
		http.Error(w, "no such persona", http.StatusNotFound)
	}
	return p, ok
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	key := "alice"
	if c, err := r.Cookie("persona"); err == nil {
		if _, ok := s.world.Persona(c.Value); ok {
			key = c.Value
		}
	}
	http.Redirect(w, r, "/as/"+key+"/", http.StatusSeeOther)
}

func (s *Server) personaHome(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	http.Redirect(w, r, channelURL(p.Key, s.defaultChannel(p)), http.StatusSeeOther)
}

// defaultChannel is where a persona lands: where they were last, else
// #general.
func (s *Server) defaultChannel(p Persona) string {
	s.mu.Lock()
	last := s.lastChannel[p.Key]
	s.mu.Unlock()
	if last != "" && s.dc.CanView(p.UserID, last) {
		return last
	}
	return s.world.General
}

func channelURL(persona, channelID string) string {
	return "/as/" + persona + "/c/" + channelID
}

func (s *Server) setFlash(p Persona, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flash[p.Key] = msg
}

// keepDraft remembers text that was not sent, for the message box of
// channelID to show again.
func (s *Server) keepDraft(p Persona, channelID, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.draft[p.Key+"/"+channelID] = text
}

func (s *Server) takeDraft(p Persona, channelID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	text := s.draft[p.Key+"/"+channelID]
	delete(s.draft, p.Key+"/"+channelID)
	return text
}

func (s *Server) takeFlash(p Persona) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := s.flash[p.Key]
	delete(s.flash, p.Key)
	return msg
}

// events streams a "change" event whenever the emulator's state changes, at
// most every 150 ms; the page then fetches what it shows again.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.persona(w, r); !ok {
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	// No change may fall between two waits: the next one is subscribed to
	// before the client hears of the last (or, for the first, before the
	// stream opens: the page fetches itself again when it does, which
	// covers what changed between its rendering and now).
	changed := s.dc.Changed()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 1000\n\n")
	fl.Flush()
	ctx := r.Context()
	keepalive := time.NewTicker(25 * time.Second)
	defer keepalive.Stop()
	for n := 1; ; {
		select {
		case <-ctx.Done():
			return
		case <-keepalive.C:
			fmt.Fprint(w, ": keepalive\n\n")
			fl.Flush()
			continue
		case <-changed:
		}
		changed = s.dc.Changed()
		// Let a burst of changes (a command's several REST calls) settle.
		select {
		case <-ctx.Done():
			return
		case <-time.After(150 * time.Millisecond):
		}
		fmt.Fprintf(w, "event: change\ndata: %d\n\n", n)
		fl.Flush()
		n++
	}
}

// awaitBot waits for the bot's first answer to an interaction (wait is
// WaitResponse or WaitChoices) as long as the Discord client would: until
// Discord's 3-second window has passed by the emulator's clock, after which
// the client gives up too, or the request ends. On the real clock that is
// a little over 3 s; on a test's clock, which stands still, it is until the
// bot answers, however loaded the machine.
func awaitBot[T any](r *http.Request, it *fakediscord.Interaction, wait func(context.Context) (T, error)) (T, error) {
	for {
		ctx, cancel := context.WithTimeout(r.Context(), 3500*time.Millisecond)
		v, err := wait(ctx)
		cancel()
		if err == nil || r.Context().Err() != nil || it.Late() {
			return v, err
		}
	}
}

func (s *Server) shortTime(t time.Time) string {
	t = t.In(s.loc)
	now := time.Now().In(s.loc)
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return "Today at " + t.Format("15:04")
	}
	return t.Format("02/01/2006 15:04")
}

// withQuery adds query parameters to a path.
func withQuery(path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// attachment serves a file attached to a message the persona can see: the
// /stats chart shown in the message, a CSV or an export to download.
func (s *Server) attachment(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	chID, msgID, id := r.PathValue("ch"), r.PathValue("msg"), r.PathValue("id")
	if !s.dc.CanView(p.UserID, chID) {
		http.NotFound(w, r)
		return
	}
	for _, m := range s.dc.MessagesFor(chID, p.UserID) {
		if m.ID != msgID {
			continue
		}
		for _, a := range m.Attachments {
			if a.ID != id {
				continue
			}
			_, data, ok := s.dc.Attachment(id)
			if !ok {
				break
			}
			ct := a.ContentType
			if ct == "" {
				ct = http.DetectContentType(data)
			}
			w.Header().Set("Content-Type", ct)
			w.Header().Set("X-Content-Type-Options", "nosniff")
			if !strings.HasPrefix(ct, "image/") {
				w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
			}
			w.Write(data)
			return
		}
	}
	http.NotFound(w, r)
}
