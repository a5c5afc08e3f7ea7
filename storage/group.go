package storage

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/peerhours/peerhours/bot"
)

// groupCommit runs the small writes every message makes (its triage
// decision and its captured text) that arrive at about the same time in
// one transaction on the writer, instead of one transaction each.
//
// A commit costs more than the insert it carries: it appends every page
// the insert touched (the table's and each index's) to the WAL. Messages
// in a burst touch the same pages, so a group of them writes each page
// once. In back-to-back runs of cmd/peerload it raised the messages
// handled a second from 3,600–4,500 to 4,700–4,800.
//
// Each write is idempotent (statements that insert once, enqueue by key),
// so a group that fails (a full disk, a lock held past the busy timeout)
// is rolled back and its writes are tried again one by one, each in a
// transaction of its own, and each caller gets its own answer. A write
// made with Grouped may fail on its own (it reports ErrDuplicate, say):
// the group then runs again with each such write inside a savepoint,
// rolled back alone, and the rest of the group commits.
type groupCommit struct {
	db    *DB
	queue chan *groupWrite
	quit  chan struct{}
	done  chan struct{}
	once  sync.Once
	// groups and writes count what the loop committed, for the
	// benchmark's mean group size.
	groups, writes atomic.Int64
}

// maxGroup bounds a group: enough for every message handled at once and
// the emergencies beside them, small enough that a group's commit is short.
const maxGroup = 64

type groupWrite struct {
	ctx context.Context
	fn  func(context.Context, *Queries) (bool, error)
	// atomic writes run in a savepoint: an error from fn rolls back fn's
	// statements only.
	atomic bool
	stored bool
	err    error
	done   chan struct{}
}

var errClosed = errors.New("database is closed")

func newGroupCommit(db *DB) *groupCommit {
	// The queue is unbuffered: a write is handed to the loop itself, so none
	// can be left in a buffer when the loop ends at Close.
	g := &groupCommit{db: db, queue: make(chan *groupWrite), quit: make(chan struct{}), done: make(chan struct{})}
	go g.loop()
	return g
}

// do runs fn in the next group and reports what it did. A caller whose
// context ends while it waits for a group is told so and its write is
// skipped; once the write's group has begun, do waits for it (at most
// the busy timeout), so that what it reports is what was stored.
func (g *groupCommit) do(ctx context.Context, fn func(context.Context, *Queries) (bool, error)) (bool, error) {
	return g.run(&groupWrite{ctx: ctx, fn: fn, done: make(chan struct{})})
}

func (g *groupCommit) run(w *groupWrite) (bool, error) {
	ctx := w.ctx
	select {
	case g.queue <- w:
	case <-ctx.Done():
		return false, ctx.Err()
	case <-g.quit:
		return false, errClosed
	}
	<-w.done
	return w.stored, w.err
}

// close stops the loop once the writes already queued are done.
func (g *groupCommit) close() {
	g.once.Do(func() { close(g.quit) })
	<-g.done
}

func (g *groupCommit) loop() {
	defer close(g.done)
	batch := make([]*groupWrite, 0, maxGroup)
	for {
		select {
		case w := <-g.queue:
			batch = append(batch[:0], w)
		case <-g.quit:
			// Nothing can join the queue now; finish what is in it.
			for {
				select {
				case w := <-g.queue:
					g.commit([]*groupWrite{w})
				default:
					return
				}
			}
		}
		// Whoever came to write while the last group ran joins this one,
		// and whoever is about to: yielding once lets the writers that are
		// runnable but not running (a burst on few cores) reach the queue.
		// It costs a write that comes alone one scheduler turn, and spares
		// a burst a commit per write (BenchmarkMessageWrite with 4 writers).
		yielded := false
	more:
		for len(batch) < maxGroup {
			select {
			case w := <-g.queue:
				batch = append(batch, w)
			default:
				if yielded {
					break more
				}
				yielded = true
				runtime.Gosched()
			}
		}
		g.commit(batch)
	}
}

// commit runs a group in one transaction; if anything in it fails, it
// rolls the transaction back and runs each write on its own.
func (g *groupCommit) commit(batch []*groupWrite) {
	live := batch[:0:0]
	for _, w := range batch {
		if err := w.ctx.Err(); err != nil {
			w.err = err
			close(w.done)
			continue
		}
		live = append(live, w)
	}
	if len(live) == 0 {
		return
	}
	g.groups.Add(1)
	g.writes.Add(int64(len(live)))
	defer func() {
		for _, w := range live {
			close(w.done)
		}
	}()
	if len(live) > 1 {
		// First without savepoints: they cost a grouped write as much as
		// its own two inserts (BenchmarkMessageWrite: 52 µs of CPU a
		// message with them, 37 without), and a write rarely fails. When
		// one does, the group runs again with them, so it fails alone.
		err := g.together(live, false)
		if errors.Is(err, errWriteFailed) {
			err = g.together(live, true)
		}
		if err == nil {
			return
		}
	}
	for _, w := range live {
		w.stored, w.err = g.alone(w)
	}
}

// errWriteFailed is together's answer when a write made with Grouped
// failed in a group run without savepoints: the group was rolled back.
var errWriteFailed = errors.New("a grouped write failed")

// alone runs one write in a transaction of its own.
func (g *groupCommit) alone(w *groupWrite) (bool, error) {
	tx, err := g.db.sql.BeginTx(context.Background(), nil)
	if err != nil {
		return false, err
	}
	q := g.db.inTx(tx)
	defer q.tx.ended(q.c)
	stored, err := w.fn(context.WithoutCancel(w.ctx), q)
	if err != nil {
		tx.Rollback()
		return false, err
	}
	return stored, tx.Commit()
}

// together runs the writes in one transaction. Their contexts do not
// cancel it: one caller giving up must not roll back the others' writes.
// With savepoints, a write made with Grouped that fails undoes its own
// statements only; without, it rolls the group back (errWriteFailed).
func (g *groupCommit) together(batch []*groupWrite, savepoints bool) error {
	tx, err := g.db.sql.BeginTx(context.Background(), nil)
	if err != nil {
		return err
	}
	q := g.db.inTx(tx)
	defer q.tx.ended(q.c)
	stored := make([]bool, len(batch))
	errs := make([]error, len(batch))
	for i, w := range batch {
		savepoint := w.atomic && savepoints
		if savepoint {
			if _, err := tx.Exec(`SAVEPOINT w`); err != nil {
				tx.Rollback()
				return err
			}
		}
		stored[i], errs[i] = w.fn(context.WithoutCancel(w.ctx), q)
		switch {
		case errs[i] != nil && w.atomic && !savepoints:
			tx.Rollback()
			return errWriteFailed
		case errs[i] != nil && savepoint:
			// This write fails alone: undo its statements and go on.
			if _, err := tx.Exec(`ROLLBACK TO w`); err != nil {
				tx.Rollback()
				return err
			}
			fallthrough
		case savepoint:
			if _, err := tx.Exec(`RELEASE w`); err != nil {
				tx.Rollback()
				return err
			}
		case errs[i] != nil:
			tx.Rollback()
			return errs[i]
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for i, w := range batch {
		w.stored, w.err = stored[i], errs[i]
	}
	return nil
}

// Grouped runs fn like Atomically, in a transaction it may share with
// other writes of the moment (a group commit): what fn stores lands
// together or not at all, and an error from fn undoes fn's writes only.
// fn must be short and idempotent (it may run twice: in a group that
// fails to commit, then alone), and must not wait on anything but the
// database. The message path stores every decision with it.
func (db *DB) Grouped(ctx context.Context, fn func(bot.Store) error) error {
	_, err := db.group.run(&groupWrite{ctx: ctx, atomic: true, done: make(chan struct{}),
		fn: func(ctx context.Context, q *Queries) (bool, error) { return false, fn(&txStore{Queries: q}) }})
	return err
}

// RecordDecision stores a message's first decision, in a group commit.
func (db *DB) RecordDecision(ctx context.Context, d bot.DecisionRecord) (bool, error) {
	return db.group.do(ctx, func(ctx context.Context, q *Queries) (bool, error) { return q.RecordDecision(ctx, d) })
}

// CaptureMessage stores a message's text once per message ID, in a group
// commit.
func (db *DB) CaptureMessage(ctx context.Context, m bot.CapturedMessage) (bool, error) {
	return db.group.do(ctx, func(ctx context.Context, q *Queries) (bool, error) { return q.CaptureMessage(ctx, m) })
}
