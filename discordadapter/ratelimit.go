package discordadapter

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"

	"github.com/peerhours/peerhours/bot"
)

// Discord allows a bot 50 REST requests a second in all. peerhours stays
// under that on its own instead of learning it from 429s: every request
// passes one token bucket of RESTRate a second, and while requests wait for
// it they are served by priority, then in arrival order:
//
//  1. crisis: crisis replies (the Discord adapter marks their context with
//     Crisis), so that in a mass event every person in danger is answered
//     before moderators are paged about them,
//  2. urgent: emergency alerts (marked Urgent),
//  3. interaction responses: callbacks, follow-ups and edits of them, which
//     Discord drops after 3 seconds (recognised by path),
//  4. everything else: receipts, role changes, summaries, history reads.
//
// Interaction responses do not in fact wait for a token: Discord does not
// count the interaction endpoints (/interactions/{id}/{token}/callback and
// the /webhooks/{application}/{token} follow-ups and edits) against a
// bot's global limit, and a 40/s bucket would hold the 1,000th of 1,000
// simultaneous commands 25 s, far past the 3-second window. limitTransport
// sends them at once; the priority still names them for the metrics.
//
// So a burst of 500 receipts drains at 40 a second while a crisis reply
// posted in the middle of it goes out with the next free token, at most one
// token interval (25 ms) after it arrives.
//
// discordgo holds its per-route bucket lock while a request is in the
// transport, so two requests to the same route (one channel's messages)
// never overtake each other there. Urgent posts therefore go out under a
// route bucket of their own (see postUrgent): a crisis reply in a channel
// busy with receipts does not wait behind them for discordgo's lock.

// RESTRate is the default limit on REST requests, per second, 80% of
// Discord's global limit, leaving room for the clock differences between
// us and Discord.
const RESTRate = 40

// Priority orders requests waiting for the REST limiter.
type Priority int

const (
	PriorityNormal      Priority = iota // receipts, role changes, summaries, reads
	PriorityInteraction                 // interaction callbacks, follow-ups and their edits
	PriorityUrgent                      // emergency alerts
	PriorityCrisis                      // crisis replies
	numPriorities
)

func (p Priority) String() string {
	switch p {
	case PriorityCrisis:
		return "crisis"
	case PriorityUrgent:
		return "urgent"
	case PriorityInteraction:
		return "interaction"
	}
	return "normal"
}

type priorityKey struct{}

// Urgent marks the REST requests made with ctx as urgent: they go ahead of
// everything else waiting for the limiter but crisis replies.
func Urgent(ctx context.Context) context.Context {
	return context.WithValue(ctx, priorityKey{}, PriorityUrgent)
}

// Crisis marks the REST requests made with ctx as a crisis reply's: they go
// ahead of everything else waiting for the limiter.
func Crisis(ctx context.Context) context.Context {
	return context.WithValue(ctx, priorityKey{}, PriorityCrisis)
}

// PriorityOf is a request's priority: crisis or urgent when its context
// says so, an interaction response by its path, normal otherwise.
func PriorityOf(req *http.Request) Priority {
	if p, ok := req.Context().Value(priorityKey{}).(Priority); ok {
		return p
	}
	p := req.URL.Path
	// /api/v9/interactions/{id}/{token}/callback and
	// /api/v9/webhooks/{application}/{token}[/messages/@original|/{id}]: a bot
	// uses webhooks only to answer interactions.
	if strings.Contains(p, "/interactions/") || strings.Contains(p, "/webhooks/") {
		return PriorityInteraction
	}
	return PriorityNormal
}

// RESTObserver is told about every request that passed the limiter: its
// priority, how long it waited for a token, the HTTP status (0 when the
// request failed) and how long Discord took.
type RESTObserver interface {
	RESTRequest(priority string, waited time.Duration, status int, took time.Duration)
}

// Scheduler hands out tokens of a rate.Limiter to waiting callers by
// priority. The zero value is not usable; call NewScheduler.
type Scheduler struct {
	lim      *rate.Limiter
	interval time.Duration
	now      func() time.Time
	sleep    func(time.Duration)
	// granted, when set, is called as each token is handed out (tests).
	granted func(p Priority, at time.Time)

	mu      sync.Mutex
	queues  [numPriorities][]*waiter
	running bool
	last    time.Time // when the last token was handed out
}

type waiter struct{ ready chan struct{} }

// NewScheduler allows perSecond requests a second, never two closer than
// 1/perSecond apart: the bucket holds one token, so an idle bot cannot
// burst past the limit either.
func NewScheduler(perSecond float64) *Scheduler {
	return newScheduler(perSecond, time.Now, time.Sleep)
}

// newScheduler takes the clock and the sleep, so tests can run the
// schedule on a fake clock.
func newScheduler(perSecond float64, now func() time.Time, sleep func(time.Duration)) *Scheduler {
	return &Scheduler{
		lim:      rate.NewLimiter(rate.Limit(perSecond), 1),
		interval: time.Duration(float64(time.Second) / perSecond),
		now:      now, sleep: sleep,
	}
}

// Wait blocks until the caller may send a request of priority p, or ctx
// ends.
func (s *Scheduler) Wait(ctx context.Context, p Priority) error {
	if p < 0 || p >= numPriorities {
		p = PriorityNormal
	}
	w := &waiter{ready: make(chan struct{})}
	s.mu.Lock()
	s.queues[p] = append(s.queues[p], w)
	if !s.running {
		s.running = true
		go s.serve()
	}
	s.mu.Unlock()
	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		removed := s.remove(p, w)
		s.mu.Unlock()
		if !removed {
			return nil // the token came as ctx ended: use it
		}
		return ctx.Err()
	}
}

// Waiting counts the callers waiting, by priority.
func (s *Scheduler) Waiting() [numPriorities]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n [numPriorities]int
	for p, q := range s.queues {
		n[p] = len(q)
	}
	return n
}

func (s *Scheduler) remove(p Priority, w *waiter) bool {
	q := s.queues[p]
	for i, x := range q {
		if x == w {
			s.queues[p] = append(q[:i:i], q[i+1:]...)
			return true
		}
	}
	return false
}

// serve hands out one token at a time to the first waiter of the highest
// priority, while anyone waits. It picks the waiter after the token is
// there, so a request that arrives while a token is pending still goes
// ahead of lower ones queued before it.
func (s *Scheduler) serve() {
	for {
		s.mu.Lock()
		if s.empty() {
			s.running = false
			s.mu.Unlock()
			return
		}
		last := s.last
		s.mu.Unlock()

		now := s.now()
		r := s.lim.ReserveN(now, 1)
		d := r.DelayFrom(now)
		// A late timer must not let the next token come early: keep the
		// spacing from the last token actually handed out.
		if !last.IsZero() {
			d = max(d, last.Add(s.interval).Sub(now))
		}
		if d > 0 {
			s.sleep(d)
		}

		s.mu.Lock()
		w := s.pop()
		if w == nil {
			// Everyone waiting gave up: give the token back.
			r.CancelAt(s.now())
			s.running = false
			s.mu.Unlock()
			return
		}
		s.last = s.now()
		close(w.ready)
		s.mu.Unlock()
	}
}

func (s *Scheduler) empty() bool {
	for _, q := range s.queues {
		if len(q) > 0 {
			return false
		}
	}
	return true
}

func (s *Scheduler) pop() *waiter {
	for p := numPriorities - 1; p >= 0; p-- {
		if q := s.queues[p]; len(q) > 0 {
			w := q[0]
			s.queues[p] = q[1:]
			if s.granted != nil {
				s.granted(p, s.now())
			}
			return w
		}
	}
	return nil
}

// limitTransport passes every request through the Scheduler.
type limitTransport struct {
	next  http.RoundTripper
	sched *Scheduler
	obs   RESTObserver
	pause *pauses // Discord's 429s (ratelimit_pause.go)
}

func (t limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	p := PriorityOf(req)
	start := time.Now()
	if p != PriorityInteraction {
		if err := t.sched.Wait(req.Context(), p); err != nil {
			return nil, err
		}
	}
	if t.pause != nil {
		if err := t.pause.wait(req.Context(), req.URL.Path, p != PriorityInteraction); err != nil {
			return nil, err
		}
	}
	sent := time.Now()
	resp, err := t.next.RoundTrip(req)
	if t.pause != nil {
		t.pause.observe(req.URL.Path, resp)
	}
	if t.obs != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.obs.RESTRequest(p.String(), sent.Sub(start), status, time.Since(sent))
	}
	return resp, err
}

// CloseIdleConnections lets http.Client.CloseIdleConnections reach the
// pooled transport underneath, so a stopped bot leaves no kept-alive
// connection (and no goroutines reading it) behind.
func (t limitTransport) CloseIdleConnections() { closeIdle(t.next) }

// isUrgent reports whether a notice must go ahead of everything else: the
// reply to someone in crisis and the page to moderators.
func isUrgent(n bot.Notice) bool {
	switch n.(type) {
	case bot.CrisisReply, bot.EmergencyAlert:
		return true
	}
	return false
}

// send posts a rendered notice: urgent ones through postUrgent, the rest
// as usual. A notice sent by a job carries a nonce Discord enforces (see
// nonce.go), so a job run again after a crash cannot post it twice.
func (d *Discord) send(ctx context.Context, n bot.Notice, msg *discordgo.MessageSend) (*discordgo.Message, error) {
	if isUrgent(n) && len(msg.Files) == 0 {
		return d.postUrgent(ctx, n, msg)
	}
	if len(msg.Files) == 0 && bot.JobKey(ctx) != "" {
		endpoint := discordgo.EndpointChannelMessages(n.Channel())
		return d.postJSON(ctx, n.Channel(), msg, endpoint)
	}
	return d.s.ChannelMessageSendComplex(n.Channel(), msg, discordgo.WithContext(ctx))
}

// postUrgent posts a crisis reply (marked Crisis) or an alert (marked
// Urgent) under a discordgo route bucket of its own: discordgo locks a
// route's bucket for the whole request, so an urgent post sharing it would
// wait behind every receipt queued for the same channel before it even
// reached the limiter. Discord's own per-channel limit still applies;
// discordgo honours a 429 on this bucket like any other.
func (d *Discord) postUrgent(ctx context.Context, n bot.Notice, msg *discordgo.MessageSend) (*discordgo.Message, error) {
	channelID := n.Channel()
	endpoint := discordgo.EndpointChannelMessages(channelID)
	if _, ok := n.(bot.CrisisReply); ok {
		return d.postJSON(Crisis(ctx), channelID, msg, "crisis:"+endpoint)
	}
	return d.postJSON(Urgent(ctx), channelID, msg, "urgent:"+endpoint)
}

// postJSON posts a message without files under the given discordgo
// bucket, with the job's nonce when there is one.
func (d *Discord) postJSON(ctx context.Context, channelID string, msg *discordgo.MessageSend, bucket string) (*discordgo.Message, error) {
	for _, e := range msg.Embeds {
		if e.Type == "" {
			e.Type = discordgo.EmbedTypeRich
		}
	}
	body, err := d.s.RequestWithBucketID("POST", discordgo.EndpointChannelMessages(channelID), withNonce(ctx, channelID, msg), bucket, discordgo.WithContext(ctx))
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("decode posted message: %w", err)
	}
	return &m, nil
}

// InteractionObserver is told how long each interaction took, from its
// arrival to the answer sent: the latency the limiter's priorities protect.
// kind is command, component, modal or autocomplete; name is the command or
// the component's route (only names in the tables, "other" for the rest).
type InteractionObserver interface {
	Interaction(kind, name string, took time.Duration)
}

func (b *Bot) observeInteractions(o InteractionObserver) func(*discordgo.Session, *discordgo.InteractionCreate) {
	if o == nil {
		return b.disp.onInteraction
	}
	return func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		start := time.Now()
		b.disp.onInteraction(s, ic)
		kind, name := b.interactionName(ic.Interaction)
		o.Interaction(kind, name, time.Since(start))
	}
}

func (b *Bot) interactionName(i *discordgo.Interaction) (kind, name string) {
	name = "other"
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		kind = "command"
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			kind = "autocomplete"
		}
		if n := i.ApplicationCommandData().Name; b.disp.commands[n] != nil {
			name = n
		}
	case discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
		kind = "component"
		id := ""
		if i.Type == discordgo.InteractionModalSubmit {
			kind, id = "modal", i.ModalSubmitData().CustomID
		} else {
			id = i.MessageComponentData().CustomID
		}
		prefix, _, _ := strings.Cut(id, ":")
		if b.disp.components[prefix] != nil {
			name = prefix
		}
	default:
		kind = "other"
	}
	return kind, name
}
