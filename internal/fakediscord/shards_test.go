package fakediscord

import (
	"strconv"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// Two sessions identifying as shards 0 and 1 of 2 each get only their own
// servers, by Discord's rule (guild_id >> 22) % 2, in READY, GUILD_CREATE
// and the events after; a direct message goes to shard 0 only; and each
// REST call says, by its User-Agent, which client sent it.
func TestShardsGetOnlyTheirGuilds(t *testing.T) {
	srv := newServer(t, Options{})
	ctx := testCtx(t)
	owner := map[string]int{}    // guild → shard
	channels := map[string]int{} // channel → shard
	var user string
	for i := range 4 {
		id := strconv.FormatUint(uint64(1_100_000_000+i)<<22, 10)
		g := must[*discordgo.Guild](t)(srv.AddGuild(GuildSpec{ID: id, Name: "g" + id}))
		ch := must[*discordgo.Channel](t)(srv.AddChannel(g.ID, ChannelSpec{Name: "general"}))
		m := must[*discordgo.Member](t)(srv.AddMember(g.ID, MemberSpec{UserID: user, Username: "pat"}))
		user = m.User.ID
		owner[g.ID], channels[ch.ID] = (1_100_000_000+i)%2, (1_100_000_000+i)%2
	}
	dm := must[*discordgo.Channel](t)(srv.DMChannel(user))

	var sess [2]*discordgo.Session
	var rec [2]*recorder
	for shard := range 2 {
		sess[shard], rec[shard] = newSession(t, srv, srv.Token())
		sess[shard].ShardID, sess[shard].ShardCount = shard, 2
		sess[shard].UserAgent += " shard " + strconv.Itoa(shard)
		// Handlers run in the order the frames came, so once a later event
		// is seen no earlier one can still arrive.
		sess[shard].SyncEvents = true
		if err := sess[shard].Open(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sess[shard].Close() })
	}
	for shard := range 2 {
		rec[shard].wait(t, ctx, "READY and two GUILD_CREATEs", func() bool { return len(rec[shard].ofType("GUILD_CREATE")) == 2 })
		rec[shard].mu.Lock()
		for _, e := range rec[shard].ofType("GUILD_CREATE") {
			if id := e.Struct.(*discordgo.GuildCreate).ID; owner[id] != shard {
				t.Errorf("shard %d got GUILD_CREATE of %s, shard %d's", shard, id, owner[id])
			}
		}
		if r := rec[shard].ready[0]; len(r.Guilds) != 2 || r.Shard == nil || *r.Shard != [2]int{shard, 2} {
			t.Errorf("shard %d READY: %d guilds, shard %v", shard, len(r.Guilds), r.Shard)
		}
		rec[shard].mu.Unlock()
	}

	must[*discordgo.Message](t)(srv.PostMessage(UserMessage{ChannelID: dm.ID, AuthorID: user, Content: "hello bot"}))
	for ch := range channels {
		must[*discordgo.Message](t)(srv.PostMessage(UserMessage{ChannelID: ch, AuthorID: user, Content: "hi"}))
	}
	for shard, want := range []int{3, 2} {
		rec[shard].wait(t, ctx, "the messages", func() bool { return len(rec[shard].ofType("MESSAGE_CREATE")) == want })
		rec[shard].mu.Lock()
		for _, e := range rec[shard].ofType("MESSAGE_CREATE") {
			m := e.Struct.(*discordgo.MessageCreate)
			if s, ok := channels[m.ChannelID]; (ok && s != shard) || (!ok && shard != 0) {
				t.Errorf("shard %d got a message in channel %s", shard, m.ChannelID)
			}
		}
		rec[shard].mu.Unlock()
	}

	for shard := range 2 {
		if _, err := sess[shard].ChannelMessageSend(dm.ID, "reply"); err != nil {
			t.Fatal(err)
		}
	}
	var agents []string
	for _, c := range srv.Calls() {
		if c.Route == "POST /channels/{id}/messages" {
			agents = append(agents, c.UserAgent)
		}
	}
	if len(agents) != 2 || agents[0] == agents[1] || agents[1][len(agents[1])-1] != '1' {
		t.Errorf("User-Agents of the two posts: %q", agents)
	}
}
