package discordadapter

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/rs/zerolog"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/internal/fakediscord"
)

// memberWorld is the emulator with one server of n members and a session
// for the bot, not yet open.
func memberWorld(t *testing.T, intents discordgo.Intent, n int) (*fakediscord.Server, string, *discordgo.Session, *Discord) {
	t.Helper()
	dc, err := fakediscord.New(fakediscord.Options{PrivilegedIntents: discordgo.IntentMessageContent | intents})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dc.Close() })
	g, err := dc.AddGuild(fakediscord.GuildSpec{Name: "g", BotPermissions: invitePerms})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if _, err := dc.AddMember(g.ID, fakediscord.MemberSpec{Username: fmt.Sprintf("member%04d", i),
			GlobalName: fmt.Sprintf("Given%d Family%d", i, i), Nick: fmt.Sprintf("nick%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := NewSession(dc.Token(), dc.URL())
	if err != nil {
		t.Fatal(err)
	}
	RequestMembersIntent(s, zerolog.Nop())
	d := NewDiscord(s)
	t.Cleanup(func() {
		s.Close()
		d.Close()
	})
	return dc, g.ID, s, d
}

const invitePerms = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionReadMessageHistory

func memberCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func names(ms []bot.Member) map[string]bot.Member {
	out := map[string]bot.Member{}
	for _, m := range ms {
		out[m.ID] = m
	}
	return out
}

func TestMemberListIsReadWithTheServerMembersIntent(t *testing.T) {
	dc, guild, s, d := memberWorld(t, discordgo.IntentGuildMembers, 2300)
	ctx := memberCtx(t)
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	// 2,302 members (the owner and the bot too) in three pages.
	if err := d.waitMembers(ctx, func() bool { return d.MemberListComplete(guild) }); err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, c := range dc.Calls() {
		if c.Route == "GET /guilds/{g}/members" && c.Status == 200 {
			pages++
		}
	}
	ms, err := d.Members(ctx, guild)
	if err != nil || len(ms) != 2302 || pages != 3 {
		t.Fatalf("%d members in %d pages (%v), want 2302 in 3", len(ms), pages, err)
	}
	m1 := dc.Members(guild)[5]
	if got := names(ms)[m1.User.ID]; got.Username != m1.User.Username || got.GlobalName != m1.User.GlobalName || got.Nick != m1.Nick {
		t.Errorf("member %s = %+v", m1.User.ID, got)
	}

	// Events keep it current: a join, a nickname, a departure.
	joined, err := dc.AddMember(guild, fakediscord.MemberSpec{Username: "newcomer", GlobalName: "Zebulon Quarrie"})
	if err != nil {
		t.Fatal(err)
	}
	if err := dc.RemoveMember(guild, m1.User.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.waitMembers(ctx, func() bool {
		ms, _ := d.Members(ctx, guild)
		got := names(ms)
		_, gone := got[m1.User.ID]
		return got[joined.User.ID].GlobalName == "Zebulon Quarrie" && !gone
	}); err != nil {
		t.Fatal("join and departure not applied")
	}
	// A member not in the complete list has left: no lookup.
	before := len(dc.Calls())
	if found, err := d.MembersByID(ctx, guild, []string{m1.User.ID, joined.User.ID}); err != nil || len(found) != 1 {
		t.Errorf("MembersByID = %+v %v", found, err)
	}
	if n := len(dc.Calls()) - before; n != 0 {
		t.Errorf("%d REST calls for members the complete list holds", n)
	}
}

func TestWithoutTheIntentMembersAreLearntNotListed(t *testing.T) {
	dc, guild, s, d := memberWorld(t, 0, 3)
	ctx := memberCtx(t)
	all := dc.Members(guild)
	var author, mentioned, unseen *discordgo.Member
	for _, m := range all {
		switch m.User.Username {
		case "member0000":
			author = m
		case "member0001":
			mentioned = m
		case "member0002":
			unseen = m
		}
	}
	ch, err := dc.AddChannel(guild, fakediscord.ChannelSpec{Name: "general"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	if err := d.waitMembers(ctx, func() bool { _, err := d.Members(ctx, guild); return err == nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := dc.PostMessage(fakediscord.UserMessage{ChannelID: ch.ID, AuthorID: author.User.ID,
		Content: "thanks <@" + mentioned.User.ID + ">"}); err != nil {
		t.Fatal(err)
	}
	if err := d.waitMembers(ctx, func() bool {
		ms, _ := d.Members(ctx, guild)
		got := names(ms)
		return got[author.User.ID].Nick == author.Nick && got[mentioned.User.ID].Username == mentioned.User.Username
	}); err != nil {
		t.Fatal("the author and the mentioned member were not learnt")
	}
	for _, c := range dc.Calls() {
		if c.Route == "GET /guilds/{g}/members" || c.Route == "GET /guilds/{g}/members/{u}" {
			t.Errorf("asked Discord for members: %s", c.Route)
		}
	}
	if d.MemberListComplete(guild) {
		t.Error("the list is complete without the intent")
	}
	// A summary's lookup asks the gateway (a member chunk), never REST,
	// and the member is cached from then on.
	for range 2 {
		found, err := d.MembersByID(ctx, guild, []string{unseen.User.ID, author.User.ID})
		if err != nil || len(found) != 2 {
			t.Fatalf("MembersByID = %+v %v", found, err)
		}
	}
	for _, c := range dc.Calls() {
		if c.Route == "GET /guilds/{g}/members/{u}" {
			t.Errorf("looked a member up over REST: %s", c.Path)
		}
	}
	if ms, _ := d.Members(ctx, guild); names(ms)[unseen.User.ID].Username != unseen.User.Username {
		t.Error("the member the gateway found was not cached")
	}
}

func TestMemberCacheIsBoundedAndMergesEventsIntoAFetch(t *testing.T) {
	c := newMemberCache(3)
	for i := range 5 {
		c.put("g", bot.Member{ID: fmt.Sprint(i), Username: fmt.Sprint("u", i)}, false)
	}
	if ms, _, _ := c.members("g"); len(ms) != 3 {
		t.Errorf("%d members cached, bound 3", len(ms))
	}
	// A partial member keeps the nickname known.
	c.put("g", bot.Member{ID: "4", Username: "u4", Nick: "Four"}, false)
	c.put("g", bot.Member{ID: "4", Username: "u4"}, true)
	if found, _, _ := c.lookup("g", []string{"4"}); len(found) != 1 || found[0].Nick != "Four" {
		t.Errorf("partial update lost the nickname: %+v", found)
	}

	// Events during a fetch win over its pages.
	c = newMemberCache(10)
	c.startFetch("g")
	c.put("g", bot.Member{ID: "new", Username: "joined-during"}, false)
	c.remove("g", "left")
	c.finishFetch("g", map[string]bot.Member{"left": {ID: "left"}, "a": {ID: "a"}}, true)
	found, missing, complete := c.lookup("g", []string{"new", "left", "a"})
	if len(found) != 2 || len(missing) != 1 || missing[0] != "left" || !complete {
		t.Errorf("after the fetch: found %+v missing %v complete %v", found, missing, complete)
	}
}
