package storage

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// Leadership is a process's claim to be the one, among those of its shard
// (shard.go) sharing a PostgreSQL database, that holds the Discord gateway session and runs
// the jobs (issue 20's active/standby: `peerhours run` on PostgreSQL waits
// for it, cmd/peerhours/leadership.go; one lock per shard).
//
// It is a session-level advisory lock (pg_try_advisory_lock) held on a
// connection of its own: the server releases it the moment that session
// ends, whether the leader let it go, died (the kernel closes its socket)
// or was cut off (TCP keepalives on the session, below, let the server
// notice a silent peer within seconds), and a standby's next TryLead
// takes it. The leader checks its connection every interval and closes
// Lost when a check fails, so that it stops serving before, or about when,
// the server lets someone else lead; Holds checks once more on demand. On
// SQLite, one process per file, the process always leads.
type Leadership struct {
	pool *sql.DB // nil on SQLite
	conn *sql.Conn
	lost chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
	key  int64 // the advisory lock held
}

// leaderKey is the advisory lock's key for shard 0: any fixed number, the
// same in every peerhours process ("peerhour" in ASCII); shard n's is
// leaderKey+n, so that each shard has its leader and its standbys, and
// shards do not exclude each other. Advisory locks belong to one
// database, so databases on one server do not share it.
const leaderKey int64 = 0x70656572686f7572

// lockKey is the advisory lock of this process's shard.
func (db *DB) lockKey() int64 { return leaderKey + int64(db.shard.ID) }

// leaderCheck is how often a leader checks its lock's connection.
const leaderCheck = time.Second

// TryLead tries once to become the leader; false, with no error, when
// another process leads.
func (db *DB) TryLead(ctx context.Context) (*Leadership, bool, error) {
	return db.tryLead(ctx, leaderCheck)
}

func (db *DB) tryLead(ctx context.Context, every time.Duration) (*Leadership, bool, error) {
	l := &Leadership{lost: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{}), key: db.lockKey()}
	if !db.postgres {
		close(l.done)
		return l, true, nil
	}
	cfg := db.pgcfg.Copy()
	// The server drops a session whose peer went silent after about 5 s
	// (2 s idle, then 3 probes a second apart), and so the lock. A leader
	// that is alive to the kernel but does nothing (paused with SIGSTOP,
	// or stuck) answers the keepalives all the same: its session ends
	// after 5 s without a check instead (idle_session_timeout, PostgreSQL
	// 14 and later; the leader checks every second).
	for k, v := range map[string]string{"tcp_keepalives_idle": "2", "tcp_keepalives_interval": "1",
		"tcp_keepalives_count": "3", "tcp_user_timeout": "5000", "idle_session_timeout": "5000"} {
		cfg.RuntimeParams[k] = v
	}
	l.pool = openPostgresPool(cfg, false)
	l.pool.SetMaxOpenConns(1)
	conn, err := l.pool.Conn(ctx)
	if err != nil {
		l.pool.Close()
		return nil, false, err
	}
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?)`, db.lockKey()).Scan(&got); err != nil || !got {
		conn.Close()
		l.pool.Close()
		return nil, false, err
	}
	l.conn = conn
	go l.watch(every)
	return l, true, nil
}

// Lost is closed when the leader can no longer be sure it holds the lock:
// its connection failed a check. It must stop serving and Release.
func (l *Leadership) Lost() <-chan struct{} { return l.lost }

// holdsWithin bounds Holds's check: a leader cut off from the database
// must not wait long to learn it.
const holdsWithin = 500 * time.Millisecond

// Holds checks now, on the lock's connection, that this process still
// leads: false once Lost is closed, or when the connection does not answer
// within half a second. (A dead connection means the server has ended, or
// soon will, the session holding the lock.)
func (l *Leadership) Holds(ctx context.Context) bool {
	select {
	case <-l.lost:
		return false
	default:
	}
	if l.pool == nil {
		return true
	}
	ctx, cancel := context.WithTimeout(ctx, holdsWithin)
	defer cancel()
	return l.conn.PingContext(ctx) == nil
}

func (l *Leadership) watch(every time.Duration) {
	defer close(l.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), every)
			err := l.conn.PingContext(ctx)
			cancel()
			if err != nil {
				close(l.lost)
				return
			}
		}
	}
}

// Release gives leadership up (closing its connection ends the lock even
// when the unlock cannot be sent).
func (l *Leadership) Release() error {
	l.once.Do(func() { close(l.stop) })
	<-l.done
	if l.pool == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.conn.ExecContext(ctx, `SELECT pg_advisory_unlock(?)`, l.key)
	l.conn.Close()
	return l.pool.Close()
}
