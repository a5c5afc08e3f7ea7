package fakediscord

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// membersOf lists the user IDs of a GUILD_CREATE's members.
func membersOf(gc *discordgo.GuildCreate) map[string]bool {
	out := map[string]bool{}
	for _, m := range gc.Members {
		out[m.User.ID] = true
	}
	return out
}

func TestGuildCreateListsOnlyTheBotAndVoiceWithoutPresences(t *testing.T) {
	w := newWorld(t, Options{PrivilegedIntents: discordgo.IntentGuildMembers | discordgo.IntentGuildPresences}, 0)
	voice := must[*discordgo.Channel](t)(w.srv.AddChannel(w.guild.ID, ChannelSpec{Name: "Lounge", Type: discordgo.ChannelTypeGuildVoice}))
	if err := w.srv.SetVoiceChannel(w.guild.ID, w.patient.User.ID, w.general.ID); err == nil {
		t.Error("joined a text channel's voice")
	}
	if err := w.srv.SetVoiceChannel(w.guild.ID, w.patient.User.ID, voice.ID); err != nil {
		t.Fatal(err)
	}

	// The Server Members intent does not add members to GUILD_CREATE.
	_, rec := connect(t, w.srv, func(s *discordgo.Session) {
		s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentGuildMembers
	})
	rec.mu.Lock()
	gc := rec.ofType("GUILD_CREATE")[0].Struct.(*discordgo.GuildCreate)
	rec.mu.Unlock()
	got := membersOf(gc)
	if len(got) != 2 || !got[w.srv.BotUserID()] || !got[w.patient.User.ID] {
		t.Errorf("members = %v, want the bot and the member in voice", got)
	}
	if len(gc.VoiceStates) != 1 || gc.VoiceStates[0].UserID != w.patient.User.ID || gc.VoiceStates[0].ChannelID != voice.ID {
		t.Errorf("voice states = %+v", gc.VoiceStates)
	}
	if gc.MemberCount != 4 { // owner, bot, patient, moderator
		t.Errorf("member_count = %d", gc.MemberCount)
	}

	// With Guild Presences a server under large_threshold comes whole.
	_, rec2 := connect(t, w.srv, func(s *discordgo.Session) {
		s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentGuildPresences
	})
	rec2.mu.Lock()
	gc2 := rec2.ofType("GUILD_CREATE")[0].Struct.(*discordgo.GuildCreate)
	rec2.mu.Unlock()
	if len(gc2.Members) != 4 || gc2.Large {
		t.Errorf("with presences: %d members, large %v", len(gc2.Members), gc2.Large)
	}

	// Leaving voice is announced to sessions with Guild Voice States.
	_, rec3 := connect(t, w.srv, func(s *discordgo.Session) {
		s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentGuildVoiceStates
	})
	if err := w.srv.SetVoiceChannel(w.guild.ID, w.patient.User.ID, ""); err != nil {
		t.Fatal(err)
	}
	rec3.wait(t, testCtx(t), "VOICE_STATE_UPDATE", func() bool { return len(rec3.ofType("VOICE_STATE_UPDATE")) == 1 })
	if n := rec.count("VOICE_STATE_UPDATE"); n != 0 {
		t.Errorf("%d voice updates reached a session without the intent", n)
	}
}

// chunks returns the GUILD_MEMBERS_CHUNKs with a nonce (under the lock).
func chunks(rec *recorder, nonce string) []*discordgo.GuildMembersChunk {
	var out []*discordgo.GuildMembersChunk
	for _, e := range rec.ofType("GUILD_MEMBERS_CHUNK") {
		if c := e.Struct.(*discordgo.GuildMembersChunk); c.Nonce == nonce {
			out = append(out, c)
		}
	}
	return out
}

func TestRequestGuildMembers(t *testing.T) {
	clock := newFakeClock()
	w := newWorld(t, Options{PrivilegedIntents: discordgo.IntentGuildMembers, Now: clock.Now}, 0)
	for i := range 1200 {
		must[*discordgo.Member](t)(w.srv.AddMember(w.guild.ID, MemberSpec{Username: fmt.Sprintf("member%04d", i)}))
	}
	ctx := testCtx(t)

	// Without the intent the whole list is not sent; a request by ID is.
	plain, rec := connect(t, w.srv, func(s *discordgo.Session) { s.Identify.Intents = discordgo.IntentsGuilds })
	if err := plain.RequestGuildMembers(w.guild.ID, "", 0, "all", false); err != nil {
		t.Fatal(err)
	}
	if err := plain.RequestGuildMembersList(w.guild.ID, []string{w.patient.User.ID, "1"}, 0, "ids", false); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, ctx, "the chunk by ID", func() bool { return len(chunks(rec, "ids")) == 1 })
	rec.mu.Lock()
	byID, all := chunks(rec, "ids")[0], chunks(rec, "all")
	rec.mu.Unlock()
	if len(all) != 0 {
		t.Errorf("the whole list reached a session without the intent")
	}
	if len(byID.Members) != 1 || byID.Members[0].User.ID != w.patient.User.ID || len(byID.NotFound) != 1 || byID.NotFound[0] != "1" {
		t.Errorf("by ID: %+v", byID)
	}
	// A prefix returns at most 100.
	if err := plain.RequestGuildMembers(w.guild.ID, "MEMBER", 0, "prefix", false); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, ctx, "the prefix chunk", func() bool { return len(chunks(rec, "prefix")) == 1 })
	rec.mu.Lock()
	if n := len(chunks(rec, "prefix")[0].Members); n != 100 {
		t.Errorf("prefix query returned %d members, want 100", n)
	}
	rec.mu.Unlock()

	// With the intent: 1,204 members in two chunks.
	s, rec2 := connect(t, w.srv, func(s *discordgo.Session) {
		s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentGuildMembers
	})
	if err := s.RequestGuildMembers(w.guild.ID, "", 0, "n1", false); err != nil {
		t.Fatal(err)
	}
	rec2.wait(t, ctx, "two chunks", func() bool { return len(chunks(rec2, "n1")) == 2 })
	rec2.mu.Lock()
	got := chunks(rec2, "n1")
	rec2.mu.Unlock()
	if got[0].ChunkCount != 2 || got[0].ChunkIndex != 0 || got[1].ChunkIndex != 1 || len(got[0].Members)+len(got[1].Members) != 1204 || len(got[0].Members) != 1000 {
		t.Errorf("chunks: %d/%d members, index %d %d, count %d", len(got[0].Members), len(got[1].Members), got[0].ChunkIndex, got[1].ChunkIndex, got[0].ChunkCount)
	}

	// Again within 30 seconds: RATE_LIMITED; after them, served.
	clock.Advance(10e9)
	if err := s.RequestGuildMembers(w.guild.ID, "", 0, "n2", false); err != nil {
		t.Fatal(err)
	}
	rec2.wait(t, ctx, "RATE_LIMITED", func() bool { return len(rec2.ofType("RATE_LIMITED")) == 1 })
	var limited struct {
		Opcode     int     `json:"opcode"`
		RetryAfter float64 `json:"retry_after"`
		Meta       struct {
			GuildID string `json:"guild_id"`
			Nonce   string `json:"nonce"`
		} `json:"meta"`
	}
	rec2.mu.Lock()
	_ = json.Unmarshal(rec2.ofType("RATE_LIMITED")[0].RawData, &limited)
	rec2.mu.Unlock()
	if limited.Opcode != 8 || limited.RetryAfter != 20 || limited.Meta.GuildID != w.guild.ID || limited.Meta.Nonce != "n2" {
		t.Errorf("RATE_LIMITED = %+v", limited)
	}
	clock.Advance(20e9)
	if err := s.RequestGuildMembers(w.guild.ID, "", 0, "n3", false); err != nil {
		t.Fatal(err)
	}
	rec2.wait(t, ctx, "chunks after the wait", func() bool { return len(chunks(rec2, "n3")) == 2 })
}
