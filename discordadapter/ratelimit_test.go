package discordadapter

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/internal/fakediscord"
)

func TestPriorityOf(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		urgent       bool
		want         Priority
	}{
		{"POST", "/api/v9/channels/1/messages", false, PriorityNormal},
		{"POST", "/api/v9/channels/1/messages", true, PriorityUrgent},
		{"POST", "/api/v9/interactions/2/tok/callback", false, PriorityInteraction},
		{"PATCH", "/api/v9/webhooks/3/tok/messages/@original", false, PriorityInteraction},
		{"POST", "/api/v9/webhooks/3/tok", false, PriorityInteraction},
		{"PUT", "/api/v9/guilds/1/members/2/roles/3", false, PriorityNormal},
		{"GET", "/api/v9/gateway", false, PriorityNormal},
		{"POST", "/proxy/api/v9/interactions/2/tok/callback", false, PriorityInteraction},
	} {
		ctx := context.Background()
		if tc.urgent {
			ctx = Urgent(ctx)
		}
		req, _ := http.NewRequestWithContext(ctx, tc.method, "https://discord.com"+tc.path, nil)
		if got := PriorityOf(req); got != tc.want {
			t.Errorf("%s %s urgent=%v: %v, want %v", tc.method, tc.path, tc.urgent, got, tc.want)
		}
	}
	req, _ := http.NewRequestWithContext(Crisis(context.Background()), "POST", "https://discord.com/api/v9/channels/1/messages", nil)
	if got := PriorityOf(req); got != PriorityCrisis {
		t.Errorf("a crisis reply: %v, want %v", got, PriorityCrisis)
	}
}

// fakeTime is a clock that moves only when the scheduler sleeps; gate,
// while open, holds every sleep so a test can build a backlog.
type fakeTime struct {
	mu   sync.Mutex
	now  time.Time
	gate chan struct{}
}

func (f *fakeTime) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeTime) Sleep(d time.Duration) {
	<-f.gate
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

type grant struct {
	p  Priority
	at time.Time
}

func newFakeScheduler(perSecond float64) (*Scheduler, *fakeTime, func() []grant) {
	ft := &fakeTime{now: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC), gate: make(chan struct{})}
	s := newScheduler(perSecond, ft.Now, ft.Sleep)
	var mu sync.Mutex
	var grants []grant
	s.granted = func(p Priority, at time.Time) {
		mu.Lock()
		grants = append(grants, grant{p, at})
		mu.Unlock()
	}
	return s, ft, func() []grant {
		mu.Lock()
		defer mu.Unlock()
		return append([]grant(nil), grants...)
	}
}

// waitFor yields until cond holds; the scheduler's goroutines make
// progress without any wall-clock wait. The minute only bounds a broken
// test (a count of yields would be a bound in time too, and a loaded
// machine's 500 goroutines can need many of them).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition never held")
		}
		runtime.Gosched()
	}
}

// A burst of 500 normal requests drains at the limit, never two tokens
// closer than 25 ms, while an urgent request queued behind all of them
// gets the very next token.
func TestSchedulerBurstAndUrgent(t *testing.T) {
	s, ft, grants := newFakeScheduler(40)
	ctx := context.Background()
	var wg sync.WaitGroup
	for range 500 {
		wg.Add(1)
		go func() { defer wg.Done(); s.Wait(ctx, PriorityNormal) }()
	}
	// The first goes at once; the rest wait for the sleeping scheduler.
	waitFor(t, func() bool { return s.Waiting()[PriorityNormal] == 499 })
	wg.Add(1)
	go func() { defer wg.Done(); s.Wait(ctx, PriorityUrgent) }()
	waitFor(t, func() bool { return s.Waiting()[PriorityUrgent] == 1 })
	close(ft.gate)
	wg.Wait()

	g := grants()
	if len(g) != 501 {
		t.Fatalf("%d grants, want 501", len(g))
	}
	if g[1].p != PriorityUrgent {
		t.Errorf("the urgent request was granted %v after queueing behind the burst; want the next token", g[1].at.Sub(g[0].at))
	}
	for i := 1; i < len(g); i++ {
		if gap := g[i].at.Sub(g[i-1].at); gap < 25*time.Millisecond {
			t.Fatalf("grants %d and %d are %v apart, want ≥ 25 ms", i-1, i, gap)
		}
	}
	if maxInWindow(g, time.Second) > 40 {
		t.Errorf("%d grants in one second, want ≤ 40", maxInWindow(g, time.Second))
	}
	if span := g[len(g)-1].at.Sub(g[0].at); span != 500*25*time.Millisecond {
		t.Errorf("501 grants took %v, want 12.5 s", span)
	}
}

func maxInWindow(g []grant, window time.Duration) int {
	best := 0
	j := 0
	for i := range g {
		for g[i].at.Sub(g[j].at) >= window {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

func TestSchedulerOrdersByPriorityThenArrival(t *testing.T) {
	s, ft, grants := newFakeScheduler(40)
	ctx := context.Background()
	var wg sync.WaitGroup
	wait := func(p Priority) {
		wg.Add(1)
		go func() { defer wg.Done(); s.Wait(ctx, p) }()
	}
	wait(PriorityNormal) // granted at once; the scheduler then sleeps on the gate
	waitFor(t, func() bool { return len(grants()) == 1 })
	wait(PriorityNormal)
	waitFor(t, func() bool { return s.Waiting()[PriorityNormal] == 1 })
	wait(PriorityInteraction)
	waitFor(t, func() bool { return s.Waiting()[PriorityInteraction] == 1 })
	wait(PriorityUrgent)
	waitFor(t, func() bool { return s.Waiting()[PriorityUrgent] == 1 })
	wait(PriorityCrisis)
	waitFor(t, func() bool { return s.Waiting()[PriorityCrisis] == 1 })
	close(ft.gate)
	wg.Wait()
	var order []Priority
	for _, g := range grants() {
		order = append(order, g.p)
	}
	// A crisis reply goes before the alert that arrived before it.
	want := []Priority{PriorityNormal, PriorityCrisis, PriorityUrgent, PriorityInteraction, PriorityNormal}
	if len(order) != len(want) {
		t.Fatalf("order = %v", order)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order = %v, want %v", order, want)
		}
	}
}

func TestSchedulerWaiterGivesUp(t *testing.T) {
	s, ft, grants := newFakeScheduler(40)
	s.Wait(context.Background(), PriorityNormal)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Wait(ctx, PriorityNormal) }()
	waitFor(t, func() bool { return s.Waiting()[PriorityNormal] == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
	if n := s.Waiting()[PriorityNormal]; n != 0 {
		t.Errorf("%d still waiting", n)
	}
	close(ft.gate) // the scheduler wakes, finds nobody, and stops
	if err := s.Wait(context.Background(), PriorityNormal); err != nil {
		t.Fatal(err)
	}
	if n := len(grants()); n != 2 {
		t.Errorf("%d grants, want 2", n)
	}
}

// The same through the real stack: the Discord adapter posting through a
// discordgo session into the emulator. 500 receipts in 50 channels pass the
// limiter at no more than 40 a second and draw no 429, and a crisis reply
// posted once the burst is under way goes ahead of the receipts: it is not
// held behind its busy channel's receipts in discordgo's route bucket. It
// runs the whole 12.5 s burst, once.
//
// The limits are checked where the limiter keeps them, on the times it
// hands out its tokens, and the crisis reply's place by the order in which
// Discord received the posts. Arrival times at the emulator and the
// crisis reply's latency are logged, not held to a bound: a goroutine that
// wakes late with its token, on a loaded machine, moves them by as much as
// the machine is loaded (TestSchedulerBurstAndUrgent holds the schedule to
// the millisecond on a fake clock).
func TestBurstReachesDiscordAtTheLimitAndCrisisRepliesGoFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 500 messages at 40 a second: 12.5 s")
	}
	dc, err := fakediscord.New(fakediscord.Options{Spec: fakediscord.RepoSpec(t.Logf)}) // the real clock: Call.At is arrival time
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dc.Close() })
	g, err := dc.AddGuild(fakediscord.GuildSpec{Name: "g", BotPermissions: discordgo.PermissionViewChannel |
		discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks | discordgo.PermissionReadMessageHistory})
	if err != nil {
		t.Fatal(err)
	}
	var channels []string
	for i := range 50 {
		ch, err := dc.AddChannel(g.ID, fakediscord.ChannelSpec{Name: "c" + string(rune('a'+i%26)) + string(rune('a'+i/26))})
		if err != nil {
			t.Fatal(err)
		}
		channels = append(channels, ch.ID)
	}
	crisisChannel := channels[0] // busy with receipts too
	sent := &sendTimes{}
	s, err := NewSession(dc.Token(), dc.URL(), WithRESTObserver(sent))
	if err != nil {
		t.Fatal(err)
	}
	var gmu sync.Mutex
	var grants []grant
	s.Client.Transport.(limitTransport).sched.granted = func(p Priority, at time.Time) {
		gmu.Lock()
		grants = append(grants, grant{p, at})
		gmu.Unlock()
	}
	d := NewDiscord(s)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // a bound on a broken run only
	defer cancel()

	const burst = 500
	var wg sync.WaitGroup
	errs := make(chan error, burst+1)
	for i := range burst {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.Post(ctx, bot.QueueReceipt{ChannelID: channels[i%len(channels)], UserID: "1", QuestionID: bot.QuestionID(i), Condition: "Asthma", Status: bot.QuestionQueued}); err != nil {
				errs <- err
			}
		}()
	}
	isPost := func(c fakediscord.Call) bool { return c.Route == "POST /channels/{id}/messages" }
	if _, err := dc.WaitCalls(ctx, 40, isPost); err != nil {
		t.Fatal(err)
	}
	queued := time.Now()
	var crisisAt time.Time
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := d.Post(ctx, bot.CrisisReply{ChannelID: crisisChannel, EmergencyNumber: bot.DefaultEmergencyNumber, CrisisLines: bot.DefaultCrisisLines}); err != nil {
			errs <- err
		}
		crisisAt = time.Now()
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	var posts []fakediscord.Call
	crisisSeq, lastReceiptThere := 0, 0
	for _, c := range dc.Calls() {
		if c.Status == http.StatusTooManyRequests {
			t.Errorf("429 on %s", c.Route)
		}
		if !isPost(c) {
			continue
		}
		posts = append(posts, c)
		body, _ := c.Body.(map[string]any)
		switch {
		case body["message_reference"] == nil && body["components"] == nil:
			crisisSeq = c.Seq
		case c.Params["id"] == crisisChannel:
			lastReceiptThere = c.Seq
		}
	}
	if len(posts) != burst+1 {
		t.Fatalf("%d posts reached the emulator, want %d", len(posts), burst+1)
	}

	// The limiter's own record: every post took a token, never two closer
	// than 25 ms, never 41 in a second, one of them a crisis reply's.
	gmu.Lock()
	g2 := append([]grant(nil), grants...)
	gmu.Unlock()
	if len(g2) != burst+1 {
		t.Fatalf("%d tokens handed out for %d posts", len(g2), burst+1)
	}
	urgent := 0
	for i, gr := range g2 {
		if gr.p == PriorityCrisis {
			urgent++
		}
		if i > 0 {
			if gap := gr.at.Sub(g2[i-1].at); gap < 25*time.Millisecond {
				t.Errorf("tokens %d and %d handed out %v apart, want ≥ 25 ms", i-1, i, gap)
			}
		}
	}
	if urgent != 1 {
		t.Errorf("%d crisis tokens, want 1 (the crisis reply)", urgent)
	}
	if n := maxInWindow(g2, time.Second); n > 40 {
		t.Errorf("%d tokens in one second, want ≤ 40", n)
	}

	// The crisis reply went out ahead of its own channel's receipts queued
	// before it. Behind discordgo's route bucket it would have gone after
	// all of them: they leave one at a time, one every 50 tokens or so, and
	// about nine were still waiting when it was posted.
	if crisisSeq == 0 || crisisSeq > lastReceiptThere {
		t.Errorf("the crisis reply reached Discord after the last receipt in its channel (calls %d and %d): it waited behind them", crisisSeq, lastReceiptThere)
	}

	ahead := 0
	for _, c := range posts {
		if c.Seq < crisisSeq {
			ahead++
		}
	}
	times := make([]grant, len(posts))
	for i, c := range posts {
		times[i] = grant{at: c.At}
	}
	sort.Slice(times, func(i, j int) bool { return times[i].at.Before(times[j].at) })
	span := times[len(times)-1].at.Sub(times[0].at)
	t.Logf("%d posts in %v (%.1f/s); in any one second at most %d tokens, %d sent, %d stamped by the emulator; crisis reply %v after it was queued, %d posts ahead of it",
		len(posts), span.Round(time.Millisecond), float64(len(posts)-1)/span.Seconds(), maxInWindow(g2, time.Second),
		maxInWindow(sent.sorted(), time.Second), maxInWindow(times, time.Second), crisisAt.Sub(queued).Round(time.Millisecond), ahead)
}

// sendTimes records when each request left the limiter.
type sendTimes struct {
	mu sync.Mutex
	at []grant
}

func (s *sendTimes) RESTRequest(_ string, _ time.Duration, _ int, took time.Duration) {
	s.mu.Lock()
	s.at = append(s.at, grant{at: time.Now().Add(-took)})
	s.mu.Unlock()
}

func (s *sendTimes) sorted() []grant {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]grant(nil), s.at...)
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}
