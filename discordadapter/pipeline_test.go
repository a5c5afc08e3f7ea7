package discordadapter

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
)

// fakeStages stand in for the Bot's: a message whose text is "emergency"
// is one, everything else is chat. classify waits while gate holds the
// message's ID (until the pipeline is abandoned); handle waits on
// holdHandle for chat, and records each event it handled, in order.
type fakeStages struct {
	gate       map[string]chan struct{} // set before the pipeline starts
	holdHandle chan struct{}            // nil: chat is handled at once

	waiting chan string // the ID of a message classify waits on

	mu      sync.Mutex
	handled []string // "create 3", "delete 3"
	seen    chan string
}

func newFakeStages() *fakeStages {
	return &fakeStages{gate: map[string]chan struct{}{}, waiting: make(chan string, 16), seen: make(chan string, 4096)}
}

func (f *fakeStages) classify(ctx context.Context, w work) (work, bool) {
	if g, ok := f.gate[w.m.ID]; ok && w.kind == workCreate {
		f.waiting <- w.m.ID
		select {
		case <-g:
		case <-ctx.Done():
			return w, false
		}
	}
	if w.kind == workCreate || w.kind == workEdit {
		d := triage.Decision{Category: triage.None}
		if w.m.Content == "emergency" {
			d.Category = triage.Emergency
		}
		w.m.Rules = &d
	}
	return w, true
}

func (f *fakeStages) handle(ctx context.Context, w work) {
	if w.kind == workCreate && w.m.Rules.Category != triage.Emergency && f.holdHandle != nil {
		select {
		case <-f.holdHandle:
		case <-ctx.Done():
			return
		}
	}
	var ev string
	switch w.kind {
	case workCreate:
		ev = "create " + w.m.ID
	case workDelete:
		ev = "delete " + w.ids[0]
	default:
		ev = fmt.Sprint("event ", w.kind)
	}
	f.mu.Lock()
	f.handled = append(f.handled, ev)
	f.mu.Unlock()
	f.seen <- ev
}

func (f *fakeStages) events() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.handled...)
}

func (f *fakeStages) pipeline(t *testing.T) *pipeline {
	p := newPipeline(stages{classify: f.classify, handle: f.handle}, zerolog.Nop())
	t.Cleanup(func() { p.close(0) })
	return p
}

func message(id, text string) work {
	return work{kind: workCreate, m: bot.Message{ID: id, GuildID: "g", ChannelID: "c", AuthorID: "a", Content: text}}
}

func (p *pipeline) holds(id string) bool {
	p.pendMu.Lock()
	defer p.pendMu.Unlock()
	_, ok := p.pending[id]
	return ok
}

// SIGTERM with events still in the intake FIFO, read but not classified:
// Drain classifies and hands them on, and the workers handle every one
// (an emergency among them included, a deletion after its message)
// before close returns. What the reader would put on after the drain
// began is refused and counted, for the catch-up.
func TestPipelineDrainsTheIntakeFIFOAtClose(t *testing.T) {
	f := newFakeStages()
	first := make(chan struct{})
	f.gate["0"] = first
	p := f.pipeline(t)
	// The first message stops the intake goroutine; the rest fill the
	// FIFO behind it.
	var want []string
	for i := range intakeSize {
		id := fmt.Sprint(i)
		text := "chat"
		if i == intakeSize/2 {
			text = "emergency"
		}
		if !p.enqueue(message(id, text)) {
			t.Fatalf("message %d refused", i)
		}
		want = append(want, "create "+id)
	}
	<-f.waiting // the intake goroutine took the first
	p.enqueue(work{kind: workDelete, ids: []string{"1"}})
	want = append(want, "delete 1")
	if !p.holds("1") {
		t.Error("a message in the FIFO is not held: a deletion would not wait for it")
	}
	closed := make(chan bool)
	go func() { closed <- p.close(time.Minute) }()
	<-p.stopping
	if n := len(p.in); n != intakeSize {
		t.Fatalf("%d events in the FIFO when the drain began, want %d", n, intakeSize)
	}
	// The FIFO is full: the reader waits, and gives up as the drain began.
	if p.enqueue(message("late", "chat")) {
		t.Error("an event read after the drain began was taken")
	}
	close(first)
	if <-closed {
		t.Error("close reported everything handled, the late event too")
	}
	got := f.events()
	if len(got) != len(want) {
		t.Fatalf("%d events handled, want %d", len(got), len(want))
	}
	handled := map[string]int{}
	for i, ev := range got {
		handled[ev] = i
	}
	for _, ev := range want {
		if _, ok := handled[ev]; !ok {
			t.Errorf("%s was not handled", ev)
		}
	}
	if handled["delete 1"] < handled["create 1"] {
		t.Error("the deletion of message 1 was handled before the message")
	}
	if n := p.dropped.Load(); n != 1 {
		t.Errorf("%d events counted for the catch-up, want the late one", n)
	}
}

// When the budget is spent, what is still in the FIFO is left for the
// catch-up: counted, handled by nobody, and no longer held (a deletion
// or an AutoMod answer waiting on one of them goes on).
func TestPipelineAbandonsTheFIFOWhenTheBudgetIsSpent(t *testing.T) {
	f := newFakeStages()
	f.gate["0"] = make(chan struct{}) // never opened: the intake is stuck
	p := f.pipeline(t)
	for i := range 11 {
		p.enqueue(message(fmt.Sprint(i), "chat"))
	}
	<-f.waiting
	if p.close(0) {
		t.Error("close reported everything handled")
	}
	p.workers.Wait()
	if got := f.events(); len(got) > 0 {
		t.Errorf("handled after the budget: %v", got)
	}
	if n := p.dropped.Load(); n != 10 {
		t.Errorf("%d events counted for the catch-up, want the 10 behind the stuck one", n)
	}
	for i := range 11 {
		if p.holds(fmt.Sprint(i)) {
			t.Errorf("message %d still held after the drain", i)
		}
	}
}

// An emergency goes past the queue: with every worker busy and chat
// waiting in the queue, it is handled by a lane of its own.
func TestPipelineEmergencyPassesTheQueue(t *testing.T) {
	f := newFakeStages()
	f.holdHandle = make(chan struct{})
	p := f.pipeline(t)
	for i := range pipelineWorkers + 10 {
		p.enqueue(message(fmt.Sprint(i), "chat"))
	}
	p.enqueue(message("sos", "emergency"))
	if ev := <-f.seen; ev != "create sos" {
		t.Fatalf("first handled: %s, want the emergency", ev)
	}
	close(f.holdHandle)
	if !p.close(time.Minute) {
		t.Error("close reported events left")
	}
	if n := len(f.events()); n != pipelineWorkers+11 {
		t.Errorf("%d handled, want %d", n, pipelineWorkers+11)
	}
}

// A message is held from the moment the reader enqueues it, before it is
// classified, until it was handled: an AutoMod answer or a deletion read
// after it waits for it.
func TestPipelineHoldsAMessageFromTheReader(t *testing.T) {
	f := newFakeStages()
	gate := make(chan struct{})
	f.gate["m"] = gate
	p := f.pipeline(t)
	p.enqueue(message("m", "chat"))
	if !p.holds("m") {
		t.Fatal("a message waiting to be classified is not held")
	}
	p.enqueue(work{kind: workDelete, ids: []string{"m"}})
	awaited := make(chan []string)
	go func() {
		p.awaitHandled(context.Background(), "m")
		awaited <- f.events()
	}()
	close(gate)
	if got := <-awaited; len(got) == 0 || got[0] != "create m" {
		t.Errorf("awaitHandled returned with %v handled, want the message first", got)
	}
	if !p.close(time.Minute) {
		t.Error("close reported events left")
	}
	if got := f.events(); len(got) != 2 || got[1] != "delete m" {
		t.Errorf("handled %v, want the message, then its deletion", got)
	}
}
