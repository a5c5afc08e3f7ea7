package storage

import (
	"context"
	"errors"
	"sync"

	"github.com/peerhours/peerhours/bot"
)

// Three questions are asked for every message and almost never change
// their answer: which condition a channel belongs to, whether a member may
// be summarised (accepted the guidelines, did not opt out), and whether the
// channel has a current summary to mark outdated. Under a burst they were
// a fifth of the bot's SQLite time (and the last, an UPDATE that found
// nothing, another fifth of its CPU), so the database answers them from
// memory.
//
// The cache is exact, not eventually right: every statement that changes
// conditions, consents, summary opt-outs or which summaries are current
// (CreateCondition, ArchiveCondition, UpdateConditionParts, SaveConsent,
// SetSummaryOptOut, ErasePerson, AddSummary, MarkSummariesOutdated when
// it marks one) clears it when it runs and again when its transaction ends,
// and an answer read from the database is kept only if nothing cleared the
// cache while it was being read (a generation number says so). So a reader
// that raced a commit never keeps the answer from before it. Inside a
// transaction that changed one of these tables the cache is not used at
// all (the transaction must see its own writes), and nothing read inside a
// transaction is kept (it may not commit). One process writes to the
// database at a time (on PostgreSQL, the leader), and it empties the cache
// when it starts to (see ReleaseClaims), so no other writer can make it
// stale.
//
// It is bounded: past maxCachedChannels or maxCachedMembers entries it is
// emptied and fills again from the database.

const (
	maxCachedChannels = 1 << 16
	maxCachedMembers  = 100_000
)

type caches struct {
	mu       sync.Mutex
	gen      uint64
	channels map[string]cachedCondition
	members  map[memberKey]bool
	// summarised is every channel a current summary names as its channel
	// or its thread's channel: the whole set, read at once (there are few
	// current summaries), or nil until it is read again.
	summarised map[string]bool
	// readers answer the summarised set's query outside any transaction.
	readers execer
}

type cachedCondition struct {
	c     bot.Condition
	found bool
}

type memberKey struct{ guild, user string }

func newCaches(readers execer) *caches {
	return &caches{channels: map[string]cachedCondition{}, members: map[memberKey]bool{}, readers: readers}
}

// invalidate forgets everything and starts a new generation.
func (c *caches) invalidate() {
	c.mu.Lock()
	c.gen++
	clear(c.channels)
	clear(c.members)
	c.summarised = nil
	c.mu.Unlock()
}

func (c *caches) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *caches) condition(channelID string) (cachedCondition, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.channels[channelID]
	return v, ok
}

func (c *caches) putCondition(gen uint64, channelID string, v cachedCondition) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if len(c.channels) >= maxCachedChannels {
		clear(c.channels)
	}
	c.channels[channelID] = v
}

func (c *caches) summarisable(k memberKey) (bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.members[k]
	return v, ok
}

func (c *caches) putSummarisable(gen uint64, k memberKey, v bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if len(c.members) >= maxCachedMembers {
		clear(c.members)
	}
	c.members[k] = v
}

// txState is what a transaction's Queries know about it.
type txState struct {
	// dirty is set once the transaction changed a cached table: the
	// cache is then cleared again when it ends, and not read before.
	dirty bool
}

// changed is called by every statement that changes a cached table.
func (q *Queries) changed() {
	if q.c != nil {
		q.c.invalidate()
	}
	if q.tx != nil {
		q.tx.dirty = true
	}
}

// cacheUsable reports whether q may read the cache, and keep what it reads
// from the database in it.
func (q *Queries) cacheUsable() (read, keep bool) {
	if q.c == nil {
		return false, false
	}
	if q.tx != nil {
		return !q.tx.dirty, false
	}
	return true, true
}

// ended is called when a transaction commits or rolls back.
func (t *txState) ended(c *caches) {
	if t.dirty && c != nil {
		c.invalidate()
	}
}

// ConditionByChannel returns the condition whose peer or office-hours
// channel is channelID, from memory when it can (see caches).
func (q *Queries) ConditionByChannel(ctx context.Context, channelID string) (bot.Condition, error) {
	read, keep := q.cacheUsable()
	if read {
		if v, ok := q.c.condition(channelID); ok {
			if !v.found {
				return bot.Condition{}, bot.ErrNotFound
			}
			return v.c, nil
		}
	}
	var gen uint64
	if keep {
		gen = q.c.generation()
	}
	cond, err := q.conditionByChannel(ctx, channelID)
	if keep {
		switch {
		case err == nil:
			q.c.putCondition(gen, channelID, cachedCondition{c: cond, found: true})
		case errors.Is(err, bot.ErrNotFound):
			q.c.putCondition(gen, channelID, cachedCondition{})
		}
	}
	return cond, err
}

// Summarisable reports whether a member accepted the guidelines and did
// not opt out of summaries, from memory when it can (see caches).
func (q *Queries) Summarisable(ctx context.Context, guildID, userID string) (bool, error) {
	k := memberKey{guildID, userID}
	read, keep := q.cacheUsable()
	if read {
		if v, ok := q.c.summarisable(k); ok {
			return v, nil
		}
	}
	var gen uint64
	if keep {
		gen = q.c.generation()
	}
	ok, err := q.summarisable(ctx, guildID, userID)
	if keep && err == nil {
		q.c.putSummarisable(gen, k, ok)
	}
	return ok, err
}

// mayHaveCurrentSummary reports whether any of these channels may have a
// current summary; false means certainly not. Only a clean state of the
// cache answers false: inside a transaction that changed summaries, or
// when the set cannot be read, it answers true and the caller asks the
// database.
func (q *Queries) mayHaveCurrentSummary(ctx context.Context, channelIDs []string) bool {
	read, _ := q.cacheUsable()
	if !read {
		return true
	}
	c := q.c
	c.mu.Lock()
	set, gen := c.summarised, c.gen
	c.mu.Unlock()
	if set == nil {
		var err error
		if set, err = currentSummaryChannels(ctx, c.readers); err != nil {
			return true
		}
		c.mu.Lock()
		if c.gen == gen {
			c.summarised = set
		}
		c.mu.Unlock()
	}
	for _, id := range channelIDs {
		if id != "" && set[id] {
			return true
		}
	}
	return false
}

// currentSummaryChannels reads the channels that current summaries name.
// It reads committed state through the readers: a transaction that adds
// or outdates a summary marks itself changed first, and then does not ask.
func currentSummaryChannels(ctx context.Context, x execer) (map[string]bool, error) {
	rows, err := x.QueryContext(ctx, `SELECT channel_id, parent_id FROM summaries WHERE outdated = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := map[string]bool{}
	for rows.Next() {
		var channel, parent string
		if err := rows.Scan(&channel, &parent); err != nil {
			return nil, err
		}
		set[channel] = true
		if parent != "" {
			set[parent] = true
		}
	}
	return set, rows.Err()
}
