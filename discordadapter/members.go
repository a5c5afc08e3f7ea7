package discordadapter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// The member list redaction needs. Redaction removes every member's
// username, display name and nickname from text before it reaches an LLM,
// so peerhours keeps each server's member names in memory (never on disk).
//
// Discord gives a bot its members in GUILD_CREATE only when it has the
// privileged Guild Presences intent, which peerhours does not ask for:
// without it GUILD_CREATE lists the bot itself and whoever is in a voice
// channel. The rest must be fetched. With the Server Members intent (asked
// for when the application has it switched on, see RequestMembersIntent)
// peerhours reads the whole list with GET /guilds/{id}/members, 1,000 a
// page, when a server becomes available (at start, after a reconnect that
// could not resume, on joining a server), and keeps it current from
// GUILD_MEMBER_ADD, _UPDATE and _REMOVE. Without the intent Discord sends
// neither the list nor the events: the cache then holds the members
// peerhours has seen (authors of messages, people mentioned, people who ran
// a command, those looked up for a summary), and a name of a member it never
// saw, typed in plain text, is left to the redactor's name rules. /setup
// and the README say so.
//
// Nothing here asks Discord per message: messages and interactions only add
// the names they carry.

// Bounds of the cache.
const (
	// maxMembersPerGuild bounds one server's list (about 150 bytes a
	// member). A server beyond it is read up to the bound and its list is
	// marked incomplete.
	maxMembersPerGuild = 50_000
	// membersPageSize is GET /guilds/{id}/members' largest page.
	membersPageSize = 1000
	// memberFetchBudget bounds reading one server's list.
	memberFetchBudget = 5 * time.Minute
	// memberFetchesAtOnce bounds servers read side by side (the REST
	// limiter spaces the requests anyway).
	memberFetchesAtOnce = 2
)

// memberCache holds each server's members' names.
type memberCache struct {
	mu     sync.Mutex
	guilds map[string]*guildMembers
	limit  int
	// changed is closed and replaced at every change, for waitMembers.
	changed chan struct{}
}

type guildMembers struct {
	byID map[string]bot.Member
	// list is byID as a slice, shared with callers (who must not change
	// it) until the next change; nil when it must be rebuilt.
	list []bot.Member
	// complete is set once the whole list was read and member events keep
	// it current.
	complete bool
	// fetching is set while the list is being read; touched records what
	// member events changed meanwhile (true: removed), to apply over the
	// pages, which may predate them.
	fetching bool
	touched  map[string]bool
}

func newMemberCache(limit int) *memberCache {
	return &memberCache{guilds: map[string]*guildMembers{}, limit: limit, changed: make(chan struct{})}
}

// notify wakes waitMembers; call with c.mu held.
func (c *memberCache) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// waitMembers blocks until cond (run without the cache's lock) holds or
// ctx ends; tests use it instead of sleeping.
func (d *Discord) waitMembers(ctx context.Context, cond func() bool) error {
	for {
		d.members.mu.Lock()
		ch := d.members.changed
		d.members.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (c *memberCache) guild(guildID string) *guildMembers {
	g := c.guilds[guildID]
	if g == nil {
		g = &guildMembers{byID: map[string]bot.Member{}}
		c.guilds[guildID] = g
	}
	return g
}

// put adds or updates a member. An empty name field of a partial member
// keeps what is known (a message's author carries no nickname when it
// comes without its member object). A full cache makes room by forgetting
// one member it learnt, unless the server's list is complete.
func (c *memberCache) put(guildID string, m bot.Member, partial bool) {
	if guildID == "" || m.ID == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.guild(guildID)
	old, ok := g.byID[m.ID]
	if ok && partial {
		if m.Username == "" {
			m.Username = old.Username
		}
		if m.GlobalName == "" {
			m.GlobalName = old.GlobalName
		}
		if m.Nick == "" {
			m.Nick = old.Nick
		}
	}
	if g.fetching {
		g.touched[m.ID] = false
	}
	if ok && old == m {
		return
	}
	if !ok && len(g.byID) >= c.limit {
		if g.complete {
			return
		}
		for id := range g.byID {
			delete(g.byID, id)
			break
		}
	}
	g.byID[m.ID] = m
	g.list = nil
	c.notify()
}

// remove forgets a member who left.
func (c *memberCache) remove(guildID, userID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.guilds[guildID]
	if g == nil {
		return
	}
	if g.fetching {
		g.touched[userID] = true
	}
	if _, ok := g.byID[userID]; ok {
		delete(g.byID, userID)
		g.list = nil
		c.notify()
	}
}

// dropGuild forgets a server the bot left.
func (c *memberCache) dropGuild(guildID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.guilds, guildID)
	c.notify()
}

// startFetch marks a server's list as being read; it reports false when a
// read is already running.
func (c *memberCache) startFetch(guildID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.guild(guildID)
	if g.fetching {
		return false
	}
	g.fetching, g.touched = true, map[string]bool{}
	return true
}

// finishFetch replaces a server's list with the pages read (nil after a
// failure, which keeps the list as it was), with the member events that
// arrived meanwhile applied over them.
func (c *memberCache) finishFetch(guildID string, fetched map[string]bot.Member, complete bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.guild(guildID)
	if fetched != nil {
		for id, removed := range g.touched {
			if removed {
				delete(fetched, id)
			} else if m, ok := g.byID[id]; ok {
				fetched[id] = m
			}
		}
		g.byID, g.list, g.complete = fetched, nil, complete
	}
	g.fetching, g.touched = false, nil
	c.notify()
}

// members returns a server's members and whether the list is complete.
// The slice is shared: callers must not change it.
func (c *memberCache) members(guildID string) ([]bot.Member, bool, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.guilds[guildID]
	if g == nil {
		return nil, false, false
	}
	if g.list == nil {
		g.list = make([]bot.Member, 0, len(g.byID))
		for _, m := range g.byID {
			g.list = append(g.list, m)
		}
	}
	return g.list, g.complete, true
}

// lookup returns the cached members among ids, the ids it does not hold,
// and whether the server's list is complete (then the missing ones are not
// members).
func (c *memberCache) lookup(guildID string, ids []string) (found []bot.Member, missing []string, complete bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.guilds[guildID]
	for _, id := range ids {
		if g != nil {
			if m, ok := g.byID[id]; ok {
				found = append(found, m)
				continue
			}
		}
		missing = append(missing, id)
	}
	return found, missing, g != nil && g.complete
}

// memberOf turns a discordgo member into the names redaction needs.
func memberOf(m *discordgo.Member) (bot.Member, bool) {
	if m == nil || m.User == nil {
		return bot.Member{}, false
	}
	return bot.Member{ID: m.User.ID, Username: m.User.Username, GlobalName: m.User.GlobalName, Nick: m.Nick}, true
}

// watchMembers keeps the cache from the session's events.
func (d *Discord) watchMembers() {
	d.s.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) {
		if g.Guild == nil || g.Unavailable {
			return
		}
		for _, m := range g.Members {
			if bm, ok := memberOf(m); ok {
				d.members.put(g.ID, bm, false)
			}
		}
		d.fetchMembersSoon(g.ID)
	})
	d.s.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildDelete) {
		if g.Guild != nil && !g.Unavailable {
			d.members.dropGuild(g.ID)
		}
	})
	d.s.AddHandler(func(_ *discordgo.Session, m *discordgo.GuildMemberAdd) {
		if bm, ok := memberOf(m.Member); ok {
			d.members.put(m.GuildID, bm, false)
		}
	})
	d.s.AddHandler(func(_ *discordgo.Session, m *discordgo.GuildMemberUpdate) {
		if bm, ok := memberOf(m.Member); ok {
			d.members.put(m.GuildID, bm, false)
		}
	})
	d.s.AddHandler(func(_ *discordgo.Session, m *discordgo.GuildMemberRemove) {
		if m.Member != nil && m.User != nil {
			d.members.remove(m.GuildID, m.User.ID)
		}
	})
	d.s.AddHandler(func(_ *discordgo.Session, c *discordgo.GuildMembersChunk) { d.onMemberChunk(c) })
	d.s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { d.learnFromMessage(m.Message) })
	d.s.AddHandler(func(_ *discordgo.Session, i *discordgo.InteractionCreate) {
		if i.Interaction != nil && i.GuildID != "" {
			if bm, ok := memberOf(i.Member); ok {
				d.members.put(i.GuildID, bm, false)
			}
		}
	})
}

// learnFromMessage keeps the names a message carries: its author's (with
// the nickname, when the member object came along) and those of the users
// it mentions.
func (d *Discord) learnFromMessage(m *discordgo.Message) {
	if m == nil || m.GuildID == "" || m.Author == nil || m.WebhookID != "" {
		return
	}
	author := bot.Member{ID: m.Author.ID, Username: m.Author.Username, GlobalName: m.Author.GlobalName}
	if m.Member != nil {
		author.Nick = m.Member.Nick
	}
	d.members.put(m.GuildID, author, m.Member == nil)
	for _, u := range m.Mentions {
		if u != nil && !u.Bot {
			d.members.put(m.GuildID, bot.Member{ID: u.ID, Username: u.Username, GlobalName: u.GlobalName}, true)
		}
	}
}

// canListMembers reports whether the session asked for the Server Members
// intent, which reading the whole list needs (RequestMembersIntent adds it
// when the application has it).
func (d *Discord) canListMembers() bool {
	return d.s.Identify.Intents&discordgo.IntentGuildMembers != 0
}

// fetchMembersSoon reads a server's member list in the background when the
// session has the Server Members intent.
func (d *Discord) fetchMembersSoon(guildID string) {
	if !d.canListMembers() || d.ctx.Err() != nil || !d.members.startFetch(guildID) {
		return
	}
	d.fetches.Add(1)
	go func() {
		defer d.fetches.Done()
		defer func() {
			if p := recover(); p != nil {
				d.members.finishFetch(guildID, nil, false)
				d.log.Error().Str("guild_id", guildID).Str("panic", panicType(p)).Msg("member list fetch panicked")
			}
		}()
		select {
		case d.fetchSlots <- struct{}{}:
		case <-d.ctx.Done():
			d.members.finishFetch(guildID, nil, false)
			return
		}
		defer func() { <-d.fetchSlots }()
		ctx, cancel := context.WithTimeout(d.ctx, memberFetchBudget)
		defer cancel()
		start := time.Now()
		fetched, complete, err := d.fetchMembers(ctx, guildID)
		if err != nil {
			d.members.finishFetch(guildID, nil, false)
			d.log.Warn().Str("guild_id", guildID).Str("error", errorClass(err)).
				Msg("could not read the server's member list; redaction knows only the members seen so far")
			return
		}
		d.members.finishFetch(guildID, fetched, complete)
		d.log.Info().Str("guild_id", guildID).Int("members", len(fetched)).Bool("complete", complete).
			Dur("took", time.Since(start)).Msg("member list read")
	}()
}

// fetchMembers reads a server's members page by page, up to the cache's
// bound; complete is false when the bound cut it short.
func (d *Discord) fetchMembers(ctx context.Context, guildID string) (map[string]bot.Member, bool, error) {
	out := map[string]bot.Member{}
	after := ""
	for {
		page, err := d.s.GuildMembers(guildID, after, membersPageSize, discordgo.WithContext(ctx))
		if err != nil {
			return nil, false, err
		}
		for _, m := range page {
			if bm, ok := memberOf(m); ok {
				if len(out) >= d.members.limit {
					return out, false, nil
				}
				out[bm.ID] = bm
				after = bm.ID
			}
		}
		if len(page) < membersPageSize {
			return out, true, nil
		}
	}
}

// Members by ID through the gateway (op 8, Request Guild Members with
// user_ids): Discord answers with GUILD_MEMBERS_CHUNK events carrying the
// request's nonce, the members found and the IDs not found. No privileged
// intent is needed to ask for named users, 100 at a time.
const (
	memberIDsPerRequest = 100
	// memberChunkWait bounds the wait for one request's chunks.
	memberChunkWait = 5 * time.Second
)

// chunkWaiter collects the chunks answering one request.
type chunkWaiter struct {
	members []bot.Member
	got     map[int]bool
	count   int
	done    chan struct{}
}

// onMemberChunk keeps the members a chunk carries and hands it to the
// request waiting for it. It runs on the gateway's reader: no waiting.
func (d *Discord) onMemberChunk(c *discordgo.GuildMembersChunk) {
	var found []bot.Member
	for _, m := range c.Members {
		if bm, ok := memberOf(m); ok {
			d.members.put(c.GuildID, bm, false)
			found = append(found, bm)
		}
	}
	if c.Nonce == "" {
		return
	}
	d.chunkMu.Lock()
	defer d.chunkMu.Unlock()
	w := d.chunkWaits[c.Nonce]
	if w == nil || w.got[c.ChunkIndex] {
		return
	}
	w.got[c.ChunkIndex] = true
	w.count = max(c.ChunkCount, 1)
	w.members = append(w.members, found...)
	if len(w.got) >= w.count {
		delete(d.chunkWaits, c.Nonce)
		close(w.done)
	}
}

// requestMembers asks the gateway for these members, 100 a request, all
// requests at once, and waits for their answers together (at most
// memberChunkWait in all, so a gateway that never answers costs a summary
// seconds, not seconds per hundred members). The members found are cached
// too (onMemberChunk); what did not come in time is left to the
// redactor's name rules.
func (d *Discord) requestMembers(ctx context.Context, guildID string, ids []string) ([]bot.Member, error) {
	var waits []*chunkWaiter
	var nonces []string
	defer func() {
		d.chunkMu.Lock()
		for _, n := range nonces {
			delete(d.chunkWaits, n)
		}
		d.chunkMu.Unlock()
	}()
	for len(ids) > 0 {
		batch := ids[:min(len(ids), memberIDsPerRequest)]
		ids = ids[len(batch):]
		nonce := newNonce()
		w := &chunkWaiter{got: map[int]bool{}, done: make(chan struct{})}
		d.chunkMu.Lock()
		d.chunkWaits[nonce] = w
		d.chunkMu.Unlock()
		nonces = append(nonces, nonce)
		if err := d.s.RequestGuildMembersList(guildID, batch, 0, nonce, false); err != nil {
			return collect(waits), fmt.Errorf("request guild members: %s", errorClass(err))
		}
		waits = append(waits, w)
	}
	t := time.NewTimer(memberChunkWait)
	defer t.Stop()
	for _, w := range waits {
		select {
		case <-w.done:
		case <-t.C:
			return collect(waits), fmt.Errorf("request guild members: no answer in %v", memberChunkWait)
		case <-ctx.Done():
			return collect(waits), ctx.Err()
		}
	}
	return collect(waits), nil
}

// collect gathers the members of the requests that were answered in full.
func collect(waits []*chunkWaiter) []bot.Member {
	var out []bot.Member
	for _, w := range waits {
		select {
		case <-w.done:
			out = append(out, w.members...)
		default:
		}
	}
	return out
}

// newNonce is a request's nonce: 16 random hex digits (Discord keeps 32
// bytes at most).
func newNonce() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// WaitMemberFetches waits for the member list reads in progress (tests,
// and shutdown after Close).
func (d *Discord) WaitMemberFetches() { d.fetches.Wait() }

// MemberListComplete reports whether peerhours holds a server's whole
// member list (it has the Server Members intent and has read it).
func (d *Discord) MemberListComplete(guildID string) bool {
	_, complete, _ := d.members.members(guildID)
	return complete
}
