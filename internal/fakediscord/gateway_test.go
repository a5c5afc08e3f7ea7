package fakediscord

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

func TestConnectReceivesReadyAndGuildCreate(t *testing.T) {
	w := newWorld(t, Options{BotName: "peerhours"}, discordgo.PermissionManageRoles)
	s, rec := connect(t, w.srv)
	ctx := testCtx(t)

	rec.mu.Lock()
	if len(rec.ready) != 1 {
		t.Fatalf("got %d READY, want 1", len(rec.ready))
	}
	ready := rec.ready[0]
	creates := rec.ofType("GUILD_CREATE")
	rec.mu.Unlock()

	if ready.User == nil || ready.User.ID != w.srv.BotUserID() || !ready.User.Bot || ready.User.Username != "peerhours" {
		t.Errorf("READY user = %+v, want the bot", ready.User)
	}
	if ready.Application == nil || ready.Application.ID != w.srv.ApplicationID() {
		t.Errorf("READY application = %+v", ready.Application)
	}
	if ready.SessionID == "" || ready.Version != 9 {
		t.Errorf("READY session %q version %d", ready.SessionID, ready.Version)
	}
	// discordgo's state later fills the same guild pointers from
	// GUILD_CREATE, so the stubs are checked in the raw payload.
	var raw struct {
		Guilds []struct {
			ID          string `json:"id"`
			Unavailable bool   `json:"unavailable"`
		} `json:"guilds"`
		ResumeURL string `json:"resume_gateway_url"`
	}
	// discordgo calls the raw-event handler and the Ready handler in
	// goroutines of their own, in no set order: wait for the raw one.
	rec.wait(t, ctx, "the raw READY event", func() bool { return len(rec.ofType("READY")) > 0 })
	rec.mu.Lock()
	_ = json.Unmarshal(rec.ofType("READY")[0].RawData, &raw)
	rec.mu.Unlock()
	if len(raw.Guilds) != 1 || raw.Guilds[0].ID != w.guild.ID || !raw.Guilds[0].Unavailable {
		t.Errorf("READY guilds = %+v, want one unavailable stub", raw.Guilds)
	}
	if raw.ResumeURL != w.srv.GatewayURL() {
		t.Errorf("resume_gateway_url = %q", raw.ResumeURL)
	}
	if len(creates) != 1 || creates[0].Sequence < 2 {
		t.Fatalf("GUILD_CREATE events = %d", len(creates))
	}
	gc := creates[0].Struct.(*discordgo.GuildCreate)
	if gc.ID != w.guild.ID || gc.Name != "Peer Support" {
		t.Errorf("GUILD_CREATE guild = %s %q", gc.ID, gc.Name)
	}
	if len(gc.Channels) != 1 || gc.Channels[0].Name != "general" {
		t.Errorf("GUILD_CREATE channels = %+v", gc.Channels)
	}
	if len(gc.Roles) != 3 { // @everyone, the bot's role, Moderator
		t.Errorf("GUILD_CREATE has %d roles, want 3", len(gc.Roles))
	}
	// Without Guild Presences only the bot (and members in voice) are sent.
	if len(gc.Members) != 1 || gc.Members[0].User.ID != w.srv.BotUserID() {
		t.Errorf("GUILD_CREATE members = %+v, want only the bot", gc.Members)
	}
	// discordgo's state cache took the guild.
	if g, err := s.State.Guild(w.guild.ID); err != nil || len(g.Channels) != 1 {
		t.Errorf("state guild: %v %+v", err, g)
	}
	if err := w.srv.WaitConnected(ctx); err != nil {
		t.Fatal(err)
	}
	conns := w.srv.Connections()
	if len(conns) != 1 || conns[0].SessionID != ready.SessionID || conns[0].Intents != discordgo.IntentsAllWithoutPrivileged {
		t.Errorf("connections = %+v", conns)
	}
	// Heartbeats are answered (the client sends one at once).
	if err := w.srv.WaitFor(ctx, func() bool {
		c := w.srv.Connections()
		return len(c) == 1 && c[0].Heartbeats > 0
	}); err != nil {
		t.Fatal(err)
	}
}

func TestBadTokenIsClosedWith4004(t *testing.T) {
	srv := newServer(t, Options{})
	s, _ := newSession(t, srv, "wrong-token")
	err := s.Open()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4004 {
		t.Fatalf("Open = %v, want *websocket.CloseError 4004", err)
	}
	ids := srv.Identifies()
	if len(ids) != 1 || ids[0].Accepted || ids[0].CloseCode != 4004 {
		t.Errorf("identifies = %+v", ids)
	}
	// REST refuses the token too, with Discord's body.
	_, err = s.User("@me")
	wantAPIError(t, err, 401, 0)
	var re *discordgo.RESTError
	errors.As(err, &re)
	if re.Message.Message != "401: Unauthorized" {
		t.Errorf("message = %q", re.Message.Message)
	}
}

func TestDisallowedIntentIsClosedWith4014(t *testing.T) {
	srv := newServer(t, Options{PrivilegedIntents: discordgo.IntentGuildMembers})
	s, _ := newSession(t, srv, srv.Token())
	s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentMessageContent
	err := s.Open()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4014 {
		t.Fatalf("Open = %v, want *websocket.CloseError 4014", err)
	}

	// The enabled privileged intent is accepted.
	s2, _ := newSession(t, srv, srv.Token())
	s2.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentGuildMembers
	if err := s2.Open(); err != nil {
		t.Fatalf("Open with an enabled intent: %v", err)
	}
	app, err := s2.Request("GET", discordgo.EndpointApplications+"/@me", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(app) == "" {
		t.Fatal("empty application")
	}
}

func TestApplicationFlagsReportMessageContent(t *testing.T) {
	srv := newServer(t, Options{PrivilegedIntents: discordgo.IntentMessageContent})
	s, _ := newSession(t, srv, srv.Token())
	app, err := s.Application("@me")
	if err != nil {
		t.Fatal(err)
	}
	if app.Flags&(1<<19) == 0 || app.ID != srv.ApplicationID() {
		t.Errorf("application = %+v, want flag 1<<19", app)
	}
}

func TestDropAndResumeReplaysMissedEvents(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, rec := connect(t, w.srv)
	ctx := testCtx(t)
	seen := map[string]int{}
	s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) {
		rec.update(func() { seen[m.ID]++ })
	})

	first := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "before"}))
	rec.wait(t, ctx, "first message", func() bool { return seen[first.ID] == 1 })

	w.srv.DropConnection()
	rec.wait(t, ctx, "disconnect", func() bool { return rec.discons == 1 })

	var missed []string
	for _, text := range []string{"while away 1", "while away 2"} {
		m := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: text}))
		missed = append(missed, m.ID)
	}

	// The bot's own reconnect loop calls Open again, which resumes.
	if err := s.Open(); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	rec.wait(t, ctx, "missed messages", func() bool { return seen[missed[0]] == 1 && seen[missed[1]] == 1 })
	rec.wait(t, ctx, "RESUMED", func() bool { return len(rec.ofType("RESUMED")) == 1 })

	after := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "after"}))
	rec.wait(t, ctx, "message after resume", func() bool { return seen[after.ID] == 1 })

	rec.mu.Lock()
	for id, n := range seen {
		if n != 1 {
			t.Errorf("message %s seen %d times", id, n)
		}
	}
	rec.mu.Unlock()
	resumes := w.srv.Resumes()
	if len(resumes) != 1 || !resumes[0].OK || resumes[0].Replayed < 2 {
		t.Errorf("resumes = %+v", resumes)
	}
	if n := len(w.srv.Identifies()); n != 1 {
		t.Errorf("%d IDENTIFYs, want 1", n)
	}
}

func TestInvalidSessionLeadsToFreshIdentify(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	_, rec := connect(t, w.srv)
	ctx := testCtx(t)

	w.srv.InvalidateSession(false)
	rec.wait(t, ctx, "second READY", func() bool { return len(rec.ready) == 2 })
	ids := w.srv.Identifies()
	if len(ids) != 2 || !ids[1].Accepted || ids[0].SessionID == ids[1].SessionID {
		t.Fatalf("identifies = %+v", ids)
	}
	rec.wait(t, ctx, "second GUILD_CREATE", func() bool { return len(rec.ofType("GUILD_CREATE")) == 2 })

	// Events flow on the new session.
	m := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "hi"}))
	rec.wait(t, ctx, "MESSAGE_CREATE", func() bool {
		for _, e := range rec.ofType("MESSAGE_CREATE") {
			if e.Struct.(*discordgo.MessageCreate).ID == m.ID {
				return true
			}
		}
		return false
	})
}

func TestResumeAfterCleanCloseIsRefused(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, rec := connect(t, w.srv)
	ctx := testCtx(t)
	// Closing with 1000 ends the session on Discord.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// discordgo sends the close frame, waits a second and drops the
	// connection, and its next Open resumes. Discord has read the frame by
	// then; the emulator's reader of the old connection may not have, on
	// a loaded machine, and would take the RESUME first: wait until it has
	// seen the close.
	if err := w.srv.WaitDisconnected(ctx); err != nil {
		t.Fatalf("the emulator never saw the close: %v", err)
	}
	if err := s.Open(); err != nil {
		t.Fatalf("reopen: %v", err)
	}
	rec.wait(t, ctx, "READY after op 9", func() bool { return len(rec.ready) == 2 })
	if r := w.srv.Resumes(); len(r) != 1 || r[0].OK {
		t.Errorf("resumes = %+v, want one refused", r)
	}
	if n := len(w.srv.Identifies()); n != 2 {
		t.Errorf("%d IDENTIFYs, want 2", n)
	}
}

func TestReconnectOpcodeThenResume(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, rec := connect(t, w.srv)
	ctx := testCtx(t)
	w.srv.SendReconnect()
	rec.wait(t, ctx, "disconnect after op 7", func() bool { return rec.discons == 1 })
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, ctx, "RESUMED", func() bool { return len(rec.ofType("RESUMED")) == 1 })
	if r := w.srv.Resumes(); len(r) != 1 || !r[0].OK {
		t.Errorf("resumes = %+v", r)
	}
}

func TestCloseConnectionWithCode(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, rec := connect(t, w.srv)
	ctx := testCtx(t)
	w.srv.CloseConnection(CloseSessionTimedOut, "")
	rec.wait(t, ctx, "disconnect", func() bool { return rec.discons == 1 })
	// 4009 ends the session: the next Open's RESUME gets op 9 and identifies.
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	rec.wait(t, ctx, "new READY", func() bool { return len(rec.ready) == 2 })
}

func TestMessageContentNeedsIntent(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	_, rec := connect(t, w.srv)
	ctx := testCtx(t)
	plain := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "secret"}))
	pinged := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "hey <@" + w.srv.BotUserID() + ">"}))
	got := map[string]string{}
	rec.wait(t, ctx, "two messages", func() bool {
		for _, e := range rec.ofType("MESSAGE_CREATE") {
			m := e.Struct.(*discordgo.MessageCreate)
			got[m.ID] = m.Content
		}
		return len(got) == 2
	})
	if got[plain.ID] != "" {
		t.Errorf("content without MESSAGE_CONTENT = %q, want empty", got[plain.ID])
	}
	if got[pinged.ID] == "" {
		t.Error("a message mentioning the bot keeps its content")
	}
}
