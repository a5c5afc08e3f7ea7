package discordadapter

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Intents are the gateway intents peerhours asks for. MESSAGE_CONTENT is
// privileged: without it Discord delivers messages with empty text, and triage
// would see nothing, so it must also be switched on in the developer portal.
// AUTO_MODERATION_EXECUTION tells the bot when its AutoMod backstop rule
// fired (Discord sends it only with Manage Server).
const Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentMessageContent |
	discordgo.IntentAutoModerationExecution

// SessionOption tunes NewSession.
type SessionOption func(*sessionConfig)

type sessionConfig struct {
	restRate float64
	observer RESTObserver
	shard    [2]int
}

// WithShard makes the session shard id of count: its IDENTIFY says so, and
// Discord sends it only the events of the servers whose
// (ID >> 22) % count is id, and direct messages to shard 0.
func WithShard(id, count int) SessionOption {
	return func(c *sessionConfig) { c.shard = [2]int{id, count} }
}

// WithRESTRate changes the limit on REST requests a second (RESTRate).
func WithRESTRate(perSecond float64) SessionOption {
	return func(c *sessionConfig) { c.restRate = perSecond }
}

// WithRESTObserver reports every REST request to o, for metrics.
func WithRESTObserver(o RESTObserver) SessionOption {
	return func(c *sessionConfig) { c.observer = o }
}

// NewSession makes a discordgo session for token whose REST calls, and so the
// gateway address lookup, go to apiBase instead of https://discord.com. An
// empty apiBase means Discord itself. Every REST call passes the priority
// limiter (see ratelimit.go).
func NewSession(token, apiBase string, opts ...SessionOption) (*discordgo.Session, error) {
	cfg := sessionConfig{restRate: RESTRate}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, err
	}
	s.Identify.Intents = Intents
	// discordgo puts [ShardID, ShardCount] in IDENTIFY when ShardCount > 1.
	s.ShardID, s.ShardCount = cfg.shard[0], max(cfg.shard[1], 1)
	if s.ShardCount > 1 {
		// Which shard sent a request, for whoever reads Discord-side logs
		// (and the emulator's tests); Discord allows text after its form.
		s.UserAgent += fmt.Sprintf(" shard %d/%d", s.ShardID, s.ShardCount)
	}
	// Member names are kept by the adapter's own bounded cache
	// (members.go); discordgo's state would keep every member again,
	// without a bound.
	s.State.TrackMembers = false
	// We run our own reconnect loop (see Gateway) so that fatal close codes
	// stop the program instead of being retried forever.
	s.ShouldReconnectOnError = false
	// discordgo's warnings include raw gateway payloads, which hold message
	// text; its errors do not.
	s.LogLevel = discordgo.LogError
	// Discord answers 429 with retry_after; discordgo waits and retries, which
	// is what we want for everything it sends.
	s.ShouldRetryOnRateLimit = true
	s.MaxRestRetries = 3

	// Requests to different routes run side by side (discordgo locks one
	// bucket per route): keep their connections for reuse instead of
	// dialling anew, which would add jitter after the limiter spaced them.
	pooled := http.DefaultTransport.(*http.Transport).Clone()
	pooled.MaxIdleConnsPerHost = 64
	var transport http.RoundTripper = pooled
	if apiBase != "" {
		base, err := url.Parse(strings.TrimRight(apiBase, "/"))
		if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
			return nil, fmt.Errorf("DISCORD_API_URL %q is not an http(s) URL", apiBase)
		}
		if base.String() != strings.TrimRight(discordgo.EndpointDiscord, "/") {
			transport = rebaseTransport{base: base, next: pooled}
		}
	}
	transport = limitTransport{next: transport, sched: NewScheduler(cfg.restRate), obs: cfg.observer, pause: &pauses{}}
	s.Client = &http.Client{Transport: transport, Timeout: 20 * time.Second}
	return s, nil
}

// rebaseTransport sends every request to base instead of the host discordgo
// wrote into the URL, keeping the path (/api/v9/...) and query, and
// prefixing base's own path so a proxy under a sub-path works.
type rebaseTransport struct {
	base *url.URL
	next http.RoundTripper
}

func (t rebaseTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.URL.Scheme = t.base.Scheme
	r.URL.Host = t.base.Host
	r.URL.Path = t.base.Path + req.URL.Path
	if req.URL.RawPath != "" {
		r.URL.RawPath = t.base.Path + req.URL.RawPath
	}
	r.Host = t.base.Host
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		return nil, &rebasedError{url: r.URL.Redacted(), err: err}
	}
	return resp, nil
}

// rebasedError is the failure of a request sent to DISCORD_API_URL.
// http.Client wraps it in a *url.Error that names the URL discordgo wrote
// (https://discord.com/api/v9/…), not the one the request went to; errText
// names the real one.
type rebasedError struct {
	url string
	err error
}

func (e *rebasedError) Error() string { return e.err.Error() }
func (e *rebasedError) Unwrap() error { return e.err }

// errText is err's text with the URL a request really went to: with
// DISCORD_API_URL set, a network error reads `Get "http://proxy/api/v9/…":
// dial tcp …` instead of naming discord.com.
func errText(err error) string {
	var ue *url.Error
	var rb *rebasedError
	if !errors.As(err, &ue) || !errors.As(ue.Err, &rb) {
		return err.Error()
	}
	return strings.Replace(err.Error(), strconv.Quote(ue.URL), strconv.Quote(rb.url), 1)
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the
// pooled transport underneath.
func (t rebaseTransport) CloseIdleConnections() { closeIdle(t.next) }

// closeIdle closes rt's kept-alive connections, if it keeps any.
func closeIdle(rt http.RoundTripper) {
	if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
