package discordadapter

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
)

// The message pipeline. discordgo would run every event in a goroutine of
// its own; under a burst of thousands of messages that meant thousands of
// goroutines, each with a grown stack, parked on a handful of database
// slots, and with a hanging LLM they never drained (figures in
// docs/benchmarks.md). Instead the session delivers events in order on
// its reader goroutine (SyncEvents), and:
//
//   - the reader only decodes (discordgo) and puts each event the
//     pipeline handles (a message, an edit, a deletion, a departure) on
//     one FIFO of fixed size (intakeSize). It holds a new message's ID as
//     it does, so a deletion or an edit read a moment later waits for the
//     message to be handled;
//   - one intake goroutine takes the events in that order and classifies
//     each message (Service.Intake: the channel's condition from memory,
//     the rules and the learned layer over the author's recent messages:
//     microseconds), so each message is read after the ones before it,
//     as when the reader did it; decoding is most of the reader's time,
//     and classifying beside it rather than after it lets the reader read
//     faster;
//   - an emergency goes at once to a lane of its own (emergencyWorkers
//     workers, never behind other messages): store, crisis reply, alert;
//   - everything else waits in a queue of fixed size (queueSize) for a
//     fixed set of workers (pipelineWorkers) that store the decision and
//     what it causes, in group commits;
//   - when the queue is full the intake goroutine waits, the FIFO fills,
//     and then the reader waits, so it stops reading the websocket and
//     Discord holds what is not read yet (backpressure): memory does not
//     grow with a burst.
//
// Deletions and edits of a message still in the pipeline wait for it to
// be handled first, so a message deleted a moment after it was posted is
// never stored after its deletion. At shutdown (Drain) the pipeline stops
// taking events; the intake goroutine classifies and routes what is in
// the FIFO, and the workers finish it and what is queued, within the
// budget. What they cannot finish, and what Discord sent after, has no
// decision, so the next start's catch-up reads it back from the
// channel's history.

const (
	// intakeSize bounds the events read but not yet classified. An
	// emergency read behind a full FIFO waits for the messages ahead of
	// it to be classified: about 25 µs a typical message (the triage
	// benchmark's 17.5 µs median, the cache lookups and the author's
	// recent messages), so about 6 ms for 256; at Discord's longest
	// messages (about 0.3 ms each) 80 ms, still far inside the crisis
	// reply's 2 seconds. The intake goroutine does less a message than
	// the reader, so the FIFO fills only when the queue is full; then the
	// intake goroutine waits with the message ahead for a place in the
	// queue, one worker's turn, as the reader did before it had this
	// FIFO. More room would only delay emergencies. At most about 1 MB
	// of text.
	intakeSize = 256
	// queueSize bounds the messages waiting for a worker: about a fifth
	// of a second of a burst, and about 4 MB at Discord's largest
	// messages.
	queueSize = 1024
	// pipelineWorkers handle queued messages side by side. Their work is
	// mostly waiting for a group commit; more of them make larger groups,
	// so fewer commits a message in a burst (a goroutine each, a few kB;
	// storage's BenchmarkMessageWrite shows what a group's size saves).
	pipelineWorkers = 64
	// emergencyQueue and emergencyWorkers are the emergencies' lane.
	emergencyQueue   = 256
	emergencyWorkers = 8
)

type workKind int

const (
	workCreate workKind = iota
	workEdit
	workDelete
	workMemberLeft
)

// work is one event for the pipeline.
type work struct {
	kind workKind
	m    bot.Message
	// resolve is set when the reader could not tell the message's home
	// channel (a thread the gateway's cache has not seen): the worker
	// asks Discord, then classifies.
	resolve bool
	// ids are the messages of a deletion.
	ids []string
	// guildID and userID are a departure's.
	guildID, userID string
	arrived         time.Time
}

// stages are what the pipeline runs on each event: the Bot's
// (messages.go), or a test's.
type stages struct {
	// classify runs on the intake goroutine, one event at a time in
	// arrival order, and must not wait on anything: it returns the event
	// with its decision, or false when there is nothing more to do.
	classify func(ctx context.Context, w work) (work, bool)
	// handle runs on a worker: it stores the decision and what it causes.
	handle func(ctx context.Context, w work)
}

type pipeline struct {
	stages
	log     zerolog.Logger
	in      chan work // the reader's FIFO, taken by the intake goroutine
	queue   chan work
	urgent  chan work
	workers sync.WaitGroup // the intake goroutine and the workers

	// mu orders enqueue against close: enqueue sends under RLock, close
	// takes the lock once no send is in progress.
	mu       sync.RWMutex
	closed   bool
	stopOnce sync.Once
	stopping chan struct{} // closed when Drain starts: a blocked send gives up
	// abandon is closed when the drain's budget is spent: the intake
	// goroutine and the workers drop what is left (the next start's
	// catch-up finds it), and the handling in progress is cancelled.
	abandon chan struct{}
	base    context.Context
	cancel  context.CancelFunc
	dropped atomic.Int64

	// pending are the messages in the pipeline, from the moment the
	// reader enqueues them; a deletion or an edit of one waits until it
	// was handled.
	pendMu  sync.Mutex
	pending map[string]chan struct{}
}

func newPipeline(st stages, log zerolog.Logger) *pipeline {
	base, cancel := context.WithCancel(context.Background())
	p := &pipeline{stages: st, log: log, in: make(chan work, intakeSize), queue: make(chan work, queueSize),
		urgent: make(chan work, emergencyQueue), stopping: make(chan struct{}), abandon: make(chan struct{}),
		base: base, cancel: cancel, pending: map[string]chan struct{}{}}
	p.workers.Add(1)
	go p.intake()
	for range pipelineWorkers {
		p.workers.Add(1)
		go p.work(p.queue)
	}
	for range emergencyWorkers {
		p.workers.Add(1)
		go p.work(p.urgent)
	}
	return p
}

// Queued reports how many events wait in the pipeline, for metrics.
func (p *pipeline) Queued() int { return len(p.in) + len(p.queue) + len(p.urgent) }

// enqueue puts w on the intake FIFO, on the reader goroutine, waiting
// while the FIFO is full. It reports false once the pipeline is stopping:
// the event is left for the catch-up.
func (p *pipeline) enqueue(w work) bool {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		p.dropped.Add(1)
		return false
	}
	if w.kind == workCreate {
		p.hold(w.m.ID)
	}
	select {
	case p.in <- w:
		return true
	default:
	}
	select {
	case p.in <- w:
		return true
	case <-p.stopping:
		p.drop(w)
		return false
	}
}

// drop leaves w for the next start's catch-up.
func (p *pipeline) drop(w work) {
	if w.kind == workCreate {
		p.release(w.m.ID)
	}
	p.dropped.Add(1)
}

func (p *pipeline) hold(id string) {
	p.pendMu.Lock()
	if _, ok := p.pending[id]; !ok {
		p.pending[id] = make(chan struct{})
	}
	p.pendMu.Unlock()
}

func (p *pipeline) release(id string) {
	p.pendMu.Lock()
	if ch, ok := p.pending[id]; ok {
		close(ch)
		delete(p.pending, id)
	}
	p.pendMu.Unlock()
}

// awaitHandled waits until none of these messages is in the pipeline.
func (p *pipeline) awaitHandled(ctx context.Context, ids ...string) {
	for _, id := range ids {
		p.pendMu.Lock()
		ch, ok := p.pending[id]
		p.pendMu.Unlock()
		if !ok {
			continue
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

// intake takes the events in the order they were read, classifies each,
// and routes it: an emergency to the urgent lane, the rest to the queue.
// It is the lanes' only sender, so it closes them once the FIFO is closed
// and empty.
func (p *pipeline) intake() {
	defer p.workers.Done()
	defer close(p.urgent)
	defer close(p.queue)
	for w := range p.in {
		select {
		case <-p.abandon:
			p.drop(w)
			continue
		default:
		}
		classified, ok := p.classifyOne(w)
		if !ok {
			if w.kind == workCreate {
				p.release(w.m.ID)
			}
			continue
		}
		w = classified
		lane := p.queue
		if w.m.Rules != nil && w.m.Rules.Category == triage.Emergency {
			lane = p.urgent
		}
		select {
		case lane <- w:
		case <-p.abandon:
			p.drop(w)
		}
	}
}

// classifyOne runs classify; a panic is logged and the event left alone.
func (p *pipeline) classifyOne(w work) (_ work, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			p.panicked(w, r)
			ok = false
		}
	}()
	return p.classify(p.base, w)
}

func (p *pipeline) panicked(w work, r any) {
	p.log.Error().Str("guild_id", w.m.GuildID).Str("channel_id", w.m.ChannelID).Str("message_id", w.m.ID).
		Str("panic", panicType(r)).Msg("message handler panicked")
}

func (p *pipeline) work(lane chan work) {
	defer p.workers.Done()
	for w := range lane {
		select {
		case <-p.abandon:
			p.drop(w)
			continue
		default:
		}
		p.handleOne(w)
	}
}

// handleOne runs one event on a worker, once the messages it is about
// were handled; a panic is logged and the worker goes on.
func (p *pipeline) handleOne(w work) {
	if w.kind == workCreate {
		defer p.release(w.m.ID)
	}
	defer func() {
		if r := recover(); r != nil {
			p.panicked(w, r)
		}
	}()
	ctx, cancel := context.WithTimeout(p.base, messageBudget)
	defer cancel()
	switch w.kind {
	case workDelete:
		p.awaitHandled(ctx, w.ids...)
	case workEdit:
		p.awaitHandled(ctx, w.m.ID)
	}
	p.handle(ctx, w)
}

// close stops taking events and lets the intake goroutine and the
// workers finish what is read within timeout; what is left then is
// dropped (and found by the next start's catch-up). It reports whether
// everything was handled.
func (p *pipeline) close(timeout time.Duration) bool {
	p.stopOnce.Do(func() { close(p.stopping) })
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return true
	}
	p.closed = true
	close(p.in)
	p.mu.Unlock()
	done := make(chan struct{})
	go func() { p.workers.Wait(); close(done) }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
		return p.dropped.Load() == 0
	case <-t.C:
	}
	close(p.abandon)
	p.cancel()
	// A write already in a group commit finishes (at most the busy
	// timeout); shutdown does not wait for it that long.
	t.Reset(abandonWait)
	select {
	case <-done:
	case <-t.C:
	}
	return false
}

// abandonWait is how long close waits for handling it cancelled.
const abandonWait = time.Second
