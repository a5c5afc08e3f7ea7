package bot

import (
	"container/list"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/peerhours/peerhours/bot/triage"
)

// A person's recent talk feeds triage: "I'm done" after "nothing helps
// anymore" is not the same message as "I'm done" alone. The service keeps,
// in memory only, each person's last few messages in each condition
// channel (a channel's threads count as the channel) for the last hour, and
// triage reads a new message after them (triage.ClassifyInContext). It is
// never logged and never stored in the database; it is bounded in people,
// messages and bytes; it forgets a message deleted on Discord and everything
// of a person who runs /privacy delete. A restart forgets it all.

const (
	talkWindow    = time.Hour
	talkPerPerson = 4    // triage reads at most this many earlier messages
	talkTextBytes = 1000 // of each (triage reads ~2,000 bytes of context in all)
	talkMaxPeople = 20000
	talkMaxBytes  = 8 << 20
	talkOverhead  = 96 // bytes counted per message beside its text
)

type talkKey struct{ guild, channel, user string }

type said struct {
	id   string
	text string
	at   time.Time
}

type talkEntry struct {
	key  talkKey
	msgs []said // oldest first, at most talkPerPerson
}

// recentTalk is the bounded, in-memory record of recent messages. The
// most recently written people are at the front of lru; the oldest go
// first when a bound is reached.
type recentTalk struct {
	mu    sync.Mutex
	byKey map[talkKey]*list.Element
	byMsg map[string]talkKey
	lru   *list.List
	bytes int
}

func newRecentTalk() *recentTalk {
	return &recentTalk{byKey: map[talkKey]*list.Element{}, byMsg: map[string]talkKey{}, lru: list.New()}
}

func talkKeyOf(m Message) talkKey {
	return talkKey{guild: m.GuildID, channel: m.HomeChannel(), user: m.AuthorID}
}

// earlier returns the texts the person wrote in the channel in the hour
// before at, oldest first, leaving out the message itself (a redelivery or
// an edit).
func (r *recentTalk) earlier(k talkKey, messageID string, at time.Time) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.byKey[k]
	if !ok {
		return nil
	}
	var out []string
	for _, m := range e.Value.(*talkEntry).msgs {
		if m.id != messageID && !m.at.Before(at.Add(-talkWindow)) && !m.at.After(at) {
			out = append(out, m.text)
		}
	}
	return out
}

// remember records a message (once: a redelivery changes nothing, an edit
// replaces the text) and drops what the bounds no longer allow.
func (r *recentTalk) remember(k talkKey, id, text string, at, now time.Time) {
	text = clipBytes(text, talkTextBytes)
	r.mu.Lock()
	defer r.mu.Unlock()
	if old, ok := r.byMsg[id]; ok && old == k {
		r.replaceLocked(id, text)
		return
	}
	el, ok := r.byKey[k]
	if !ok {
		el = r.lru.PushFront(&talkEntry{key: k})
		r.byKey[k] = el
	} else {
		r.lru.MoveToFront(el)
	}
	e := el.Value.(*talkEntry)
	e.msgs = append(e.msgs, said{id: id, text: text, at: at})
	r.byMsg[id] = k
	r.bytes += len(text) + talkOverhead
	for len(e.msgs) > talkPerPerson {
		r.dropLocked(e, 0)
	}
	r.trimLocked(now)
}

// edit replaces a remembered message's text, if it is remembered.
func (r *recentTalk) edit(id, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.replaceLocked(id, clipBytes(text, talkTextBytes))
}

// forget drops messages (deleted on Discord).
func (r *recentTalk) forget(ids ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, id := range ids {
		k, ok := r.byMsg[id]
		if !ok {
			continue
		}
		e := r.byKey[k].Value.(*talkEntry)
		for i, m := range e.msgs {
			if m.id == id {
				r.dropLocked(e, i)
				break
			}
		}
	}
}

// forgetPerson drops everything a person wrote in a server.
func (r *recentTalk) forgetPerson(guildID, userID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, el := range r.byKey {
		if k.guild == guildID && k.user == userID {
			e := el.Value.(*talkEntry)
			for len(e.msgs) > 0 {
				r.dropLocked(e, 0)
			}
		}
	}
}

// expire drops what is older than the window.
func (r *recentTalk) expire(now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.trimLocked(now)
}

// size reports how many people and messages are held, and their bytes.
func (r *recentTalk) size() (people, messages, bytes int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byKey), len(r.byMsg), r.bytes
}

func (r *recentTalk) replaceLocked(id, text string) {
	k, ok := r.byMsg[id]
	if !ok {
		return
	}
	e := r.byKey[k].Value.(*talkEntry)
	for i := range e.msgs {
		if e.msgs[i].id == id {
			r.bytes += len(text) - len(e.msgs[i].text)
			e.msgs[i].text = text
		}
	}
}

// dropLocked removes e's i-th message, and e itself once it is empty.
func (r *recentTalk) dropLocked(e *talkEntry, i int) {
	m := e.msgs[i]
	e.msgs = append(e.msgs[:i], e.msgs[i+1:]...)
	delete(r.byMsg, m.id)
	r.bytes -= len(m.text) + talkOverhead
	if len(e.msgs) == 0 {
		r.lru.Remove(r.byKey[e.key])
		delete(r.byKey, e.key)
	}
}

// trimLocked drops the people written to least recently while a bound is
// passed, and anyone whose newest message is older than the window.
func (r *recentTalk) trimLocked(now time.Time) {
	for el := r.lru.Back(); el != nil; el = r.lru.Back() {
		e := el.Value.(*talkEntry)
		stale := e.msgs[len(e.msgs)-1].at.Before(now.Add(-talkWindow))
		if !stale && len(r.byKey) <= talkMaxPeople && r.bytes <= talkMaxBytes {
			return
		}
		for len(e.msgs) > 0 {
			r.dropLocked(e, 0)
		}
	}
}

// clipBytes cuts s to at most n bytes at a rune boundary, keeping its end:
// the end of a message is what the next one follows.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	for len(s) > 0 && !utf8.RuneStart(s[0]) {
		s = s[1:]
	}
	return s
}

// Classify is triage's decision on a new message, read after the same
// person's messages in the same channel (and its threads) within the hour
// before it.
func (s *Service) Classify(m Message) triage.Decision {
	at := s.talkTime(m)
	return s.classify(m.Content, s.talk.earlier(talkKeyOf(m), m.ID, at))
}

// rules is the decision HandleMessage acts on: the caller's, or Classify's.
func (s *Service) rules(m Message) triage.Decision {
	if m.Rules != nil {
		return *m.Rules
	}
	return s.Classify(m)
}

// remember adds a message of a condition channel to its author's recent
// talk.
func (s *Service) remember(m Message) {
	if m.AuthorID == "" || m.ID == "" {
		return
	}
	s.talk.remember(talkKeyOf(m), m.ID, m.Content, s.talkTime(m), s.now())
}

// talkTime is when a message was written, as far as its context goes: its
// timestamp, or now when it has none or one from the future.
func (s *Service) talkTime(m Message) time.Time {
	now := s.now()
	if m.CreatedAt.IsZero() || m.CreatedAt.After(now) {
		return now
	}
	return m.CreatedAt
}
