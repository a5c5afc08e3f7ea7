package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/peerhours/peerhours/internal/fakediscord"
	"github.com/peerhours/peerhours/internal/pgtest"
)

// Sharding (issue 20): two `peerhours run` processes, shards 0 and 1 of 2,
// on one PostgreSQL database and one emulator serving six servers, three
// on each shard by Discord's rule. An emergency and a clinical question in
// each server: each gets its reply (crisis reply, receipt) exactly once,
// from the process of the server's shard, which alone handled it (its
// gateway alone got it), and the commands are registered once in each
// server, by that process.
func TestShardsServeTheirOwnGuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two processes and a PostgreSQL server")
	}
	dbURL := pgtest.Database(t) // skips with a line when there is no PostgreSQL
	bin := peerhoursBinary(t)
	const perShard = 3
	// Snowflakes whose (id >> 22) % 2 alternates: 0, 1, 0, 1, …
	var ids []string
	owner := map[string]int{} // server → shard
	for i := range 2 * perShard {
		id := strconv.FormatUint(uint64(1_100_000_000+i)<<22, 10)
		ids = append(ids, id)
		owner[id] = i % 2
	}
	h := newWorld(t, func(_ *fakediscord.Options, g *fakediscord.GuildSpec) { g.ID = ids[0] })
	guilds := []*harness{h}
	for _, id := range ids[1:] {
		g := &harness{t: t, dc: h.dc, ctx: h.ctx, logs: h.logs, clock: h.clock, env: h.env}
		g.addGuild(fakediscord.GuildSpec{ID: id, Name: "Peer Support " + id, BotPermissions: invitePermissions})
		guilds = append(guilds, g)
	}
	h.env["DATABASE_URL"] = dbURL
	h.env["DISCORD_GUILD_IDS"] = strings.Join(ids, ",")
	h.env["SHARD_COUNT"] = "2"
	// (LOG_LEVEL stays debug: "message handled" says which process took a post.)
	var procs [2]*botProcess
	for shard := range procs {
		procs[shard] = h.launch(bin, fmt.Sprintf("shard %d", shard), map[string]string{"SHARD_ID": strconv.Itoa(shard)})
	}
	agent := func(shard int) string { return fmt.Sprintf(" shard %d/2", shard) }
	sentBy := func(c fakediscord.Call) int {
		for shard := range procs {
			if strings.HasSuffix(c.UserAgent, agent(shard)) {
				return shard
			}
		}
		return -1
	}
	const guildCommands = "PUT /applications/{app}/guilds/{g}/commands"
	if err := h.dc.WaitFor(h.ctx, func() bool {
		n := 0
		for _, c := range h.dc.Calls() {
			if c.Route == guildCommands && c.Status == 200 {
				n++
			}
		}
		return n >= len(ids)
	}); err != nil {
		t.Fatalf("commands not registered in every server: %v\nlogs:\n%s", err, tail(h.logs.String(), 80))
	}

	// In each server: /setup, a condition, and two posts in its channel.
	type post struct{ guild, id string }
	var posts []post
	for _, g := range guilds {
		g.setup()
		_, peer, _, roleID := g.createCondition("Diabetes")
		who := g.patients(2, roleID)
		for i, content := range []string{textEmergency, textClinical} {
			m := g.post(peer.ID, who[i], content)
			posts = append(posts, post{g.guild, m.ID})
		}
	}
	replies := func() map[string][]fakediscord.Call {
		out := map[string][]fakediscord.Call{}
		for _, c := range h.dc.Calls() {
			if id, ok := repliedTo(c); ok {
				out[id] = append(out[id], c)
			}
		}
		return out
	}
	if err := h.dc.WaitFor(h.ctx, func() bool {
		r := replies()
		for _, p := range posts {
			if len(r[p.id]) == 0 {
				return false
			}
		}
		for i, g := range guilds {
			if g.alertsFor(posts[2*i].id) == 0 {
				return false
			}
		}
		return true
	}); err != nil {
		t.Fatalf("not every post answered: %v\nlogs:\n%s", err, tail(h.logs.String(), 80))
	}

	r := replies()
	for i, p := range posts {
		what := [2]string{"crisis reply", "receipt"}[i%2]
		if len(r[p.id]) != 1 {
			t.Errorf("server %s: %d %ss (want 1)", p.guild, len(r[p.id]), what)
			continue
		}
		if by := sentBy(r[p.id][0]); by != owner[p.guild] {
			t.Errorf("server %s (shard %d): its %s sent by shard %d", p.guild, owner[p.guild], what, by)
		}
	}
	for i, g := range guilds {
		if n := g.alertsFor(posts[2*i].id); n != 1 {
			t.Errorf("server %s: %d alerts (want 1)", g.guild, n)
		}
	}
	// Every post to a server's channels came from its shard's process.
	channelOf := map[string]string{} // channel → server
	for _, g := range guilds {
		for _, ch := range h.dc.Channels(g.guild) {
			channelOf[ch.ID] = g.guild
		}
	}
	registered := map[string]int{}
	for _, c := range h.dc.Calls() {
		switch {
		case c.Route == "POST /channels/{id}/messages" && c.Status == 200:
			if g := channelOf[c.Params["id"]]; sentBy(c) != owner[g] {
				t.Errorf("a post in server %s (shard %d) sent by shard %d", g, owner[g], sentBy(c))
			}
		case c.Route == guildCommands:
			registered[c.Params["g"]]++
			if sentBy(c) != owner[c.Params["g"]] {
				t.Errorf("commands of server %s (shard %d) registered by shard %d", c.Params["g"], owner[c.Params["g"]], sentBy(c))
			}
		case c.Route == "PUT /applications/{app}/commands":
			t.Errorf("commands registered globally, by shard %d", sentBy(c))
		}
	}
	for _, id := range ids {
		if registered[id] != 1 {
			t.Errorf("server %s: commands registered %d times (want once)", id, registered[id])
		}
	}
	// Each post was handled by its server's process only: the other's
	// gateway never got it.
	for shard, p := range procs {
		handled := p.handledIDs()
		for _, post := range posts {
			want := 0
			if owner[post.guild] == shard {
				want = 1
			}
			if handled[post.id] != want {
				t.Errorf("shard %d handled message %s of server %s (shard %d) %d times (want %d)", shard, post.id, post.guild, owner[post.guild], handled[post.id], want)
			}
		}
	}
	var shards []string
	for _, id := range h.dc.Identifies() {
		if id.Accepted && id.Shard != nil {
			shards = append(shards, fmt.Sprint(*id.Shard))
		}
	}
	t.Logf("%d servers on 2 shards; identifies %v; every post answered once by its shard's process", len(ids), shards)
	h.checkNoPingByAccident()
	for shard, p := range procs {
		if err := p.stop(); err != nil {
			t.Errorf("shard %d: %v", shard, err)
		}
	}
}

// handledIDs counts the process's "message handled" log lines by message.
func (p *botProcess) handledIDs() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return handledIn(p.own.String())
}

// A bot in more servers than its shards should hold is told so at start,
// in the words an operator needs, before Discord closes it with 4011.
func TestWarnsWhenDiscordRecommendsMoreShards(t *testing.T) {
	h := newWorld(t, func(o *fakediscord.Options, _ *fakediscord.GuildSpec) { o.RecommendedShards = 3 })
	h.start()
	want := "Discord recommends 3 shards for this bot and SHARD_COUNT is 1: start 3 processes (or active/standby pairs) with SHARD_COUNT=3"
	if !strings.Contains(h.logs.String(), want) {
		t.Errorf("no warning %q in the logs:\n%s", want, h.logs)
	}
	if err := h.stop(); err != nil {
		t.Errorf("run returned %v", err)
	}
}
