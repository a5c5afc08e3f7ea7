package discordadapter

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
)

// The message pipeline. discordgo would run every event in a goroutine of
// its own; under a burst of thousands of messages that meant thousands of
// goroutines, each with a grown stack, parked on a handful of database
// slots, and with a hanging LLM they never drained (figures in
// docs/benchmarks.md). Instead the session delivers
// events in order on its reader goroutine (SyncEvents), and:
//
//   - the reader classifies each message where it is read (Service.Intake:
//     the channel's condition from memory, the rules and the learned layer
//     over the author's recent messages: microseconds), in arrival
//     order, so each message is read after the ones before it;
//   - an emergency goes at once to a lane of its own (emergencyWorkers
//     workers, never behind other messages): store, crisis reply, alert;
//   - everything else waits in a queue of fixed size (queueSize) for a
//     fixed set of workers (pipelineWorkers) that store the decision and
//     what it causes, in group commits;
//   - when the queue is full the reader waits, so it stops reading the
//     websocket and Discord holds what is not read yet (backpressure):
//     memory does not grow with a burst.
//
// Deletions and edits of a message still in the pipeline wait for it to
// be handled first, so a message deleted a moment after it was posted is
// never stored after its deletion. At shutdown (Drain) the pipeline stops
// taking events and the workers finish what is queued within the budget;
// what they cannot finish, and what Discord sent after, has no decision,
// so the next start's catch-up reads it back from the channel's history.

const (
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

// work is one event for the workers.
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

type pipeline struct {
	b       *Bot
	queue   chan work
	urgent  chan work
	workers sync.WaitGroup

	// mu orders intake against close: intake sends under RLock, close
	// takes the lock once no send is in progress.
	mu       sync.RWMutex
	closed   bool
	stopOnce sync.Once
	stopping chan struct{} // closed when Drain starts: a blocked send gives up
	// abandon is closed when the drain's budget is spent: the workers
	// drop what is left (the next start's catch-up finds it), and the
	// handling in progress is cancelled.
	abandon chan struct{}
	base    context.Context
	cancel  context.CancelFunc
	dropped atomic.Int64

	// pending are the messages in the pipeline; a deletion or an edit of
	// one waits until it was handled.
	pendMu  sync.Mutex
	pending map[string]chan struct{}
}

func newPipeline(b *Bot) *pipeline {
	base, cancel := context.WithCancel(context.Background())
	p := &pipeline{b: b, queue: make(chan work, queueSize), urgent: make(chan work, emergencyQueue),
		stopping: make(chan struct{}), abandon: make(chan struct{}), base: base, cancel: cancel,
		pending: map[string]chan struct{}{}}
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

// Queued reports how many events wait for a worker, for metrics.
func (p *pipeline) Queued() int { return len(p.queue) + len(p.urgent) }

// send puts w on a lane, waiting while the lane is full. It reports false
// once the pipeline is stopping: the event is left for the catch-up.
func (p *pipeline) send(lane chan work, w work) bool {
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
	case lane <- w:
		return true
	default:
	}
	select {
	case lane <- w:
		return true
	case <-p.stopping:
		if w.kind == workCreate {
			p.release(w.m.ID)
		}
		p.dropped.Add(1)
		return false
	}
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

func (p *pipeline) work(lane chan work) {
	defer p.workers.Done()
	for w := range lane {
		select {
		case <-p.abandon:
			if w.kind == workCreate {
				p.release(w.m.ID)
			}
			p.dropped.Add(1)
			continue
		default:
		}
		p.handle(w)
	}
}

// handle runs one event; a panic is logged and the worker goes on.
func (p *pipeline) handle(w work) {
	if w.kind == workCreate {
		defer p.release(w.m.ID)
	}
	b := p.b
	defer func() {
		if r := recover(); r != nil {
			b.log.Error().Str("guild_id", w.m.GuildID).Str("channel_id", w.m.ChannelID).Str("message_id", w.m.ID).
				Str("panic", panicType(r)).Msg("message handler panicked")
		}
	}()
	ctx, cancel := context.WithTimeout(p.base, messageBudget)
	defer cancel()
	switch w.kind {
	case workDelete:
		p.awaitHandled(ctx, w.ids...)
		b.deleted(ctx, w.m.GuildID, w.m.ChannelID, w.ids...)
		return
	case workMemberLeft:
		b.memberLeft(ctx, w.guildID, w.userID)
		return
	case workEdit:
		p.awaitHandled(ctx, w.m.ID)
	}
	m := w.m
	if w.resolve {
		m.ParentID = b.threadParent(ctx, m.ChannelID)
		var ok bool
		if m, ok = b.svc.Intake(ctx, m, w.kind == workEdit); !ok {
			return
		}
	}
	var err error
	if w.kind == workEdit {
		err = b.svc.HandleEdit(ctx, m)
	} else {
		err = b.svc.HandleMessage(ctx, m)
	}
	// The logger's fields are built only for a line that is written.
	if err != nil {
		b.log.Error().Str("guild_id", m.GuildID).Str("channel_id", m.ChannelID).Str("message_id", m.ID).
			Str("user_id", m.AuthorID).Bool("edit", w.kind == workEdit).
			Str("code", bot.ErrorCode(err)).Str("error", errorClass(err)).Msg("handling a message failed")
		return
	}
	if e := b.log.Debug(); e.Enabled() {
		e.Str("guild_id", m.GuildID).Str("channel_id", m.ChannelID).Str("message_id", m.ID).
			Str("user_id", m.AuthorID).Bool("edit", w.kind == workEdit).Dur("took", time.Since(w.arrived)).Msg("message handled")
	}
}

// intake is where a message is read: on the session's reader goroutine,
// in order. It must not wait on anything but a full queue.
func (p *pipeline) intake(m *discordgo.Message, edit bool) {
	if m.Author == nil || m.Author.Bot || m.GuildID == "" || m.WebhookID != "" {
		return
	}
	// System messages (an AutoMod alert carries the flagged member as its
	// author and their words) are not members speaking.
	if !humanMessage(m.Type) {
		return
	}
	kind := workCreate
	if edit {
		kind = workEdit
	}
	w := work{kind: kind, arrived: time.Now()}
	parent, known := p.b.cachedParent(m.ChannelID)
	w.m = messageOf(m, parent)
	if !known {
		// Which condition a message in an unknown thread belongs to is a
		// REST call away: the worker makes it.
		w.resolve = true
		p.send(p.queue, w)
		return
	}
	msg, ok := p.b.svc.Intake(p.base, w.m, edit)
	if !ok {
		// Outside condition channels (or empty): nothing to do. The line
		// is built only when debug is on.
		if e := p.b.log.Debug(); e.Enabled() {
			e.Str("guild_id", m.GuildID).Str("channel_id", m.ChannelID).Str("message_id", m.ID).
				Bool("edit", edit).Msg("message not triaged")
		}
		return
	}
	w.m = msg
	lane := p.queue
	if msg.Rules.Category == triage.Emergency {
		lane = p.urgent
	}
	p.send(lane, w)
}

// close stops taking events and lets the workers finish what is queued
// within timeout; what is left then is dropped (and found by the next
// start's catch-up). It reports whether everything was handled.
func (p *pipeline) close(timeout time.Duration) bool {
	p.stopOnce.Do(func() { close(p.stopping) })
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return true
	}
	p.closed = true
	close(p.queue)
	close(p.urgent)
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
