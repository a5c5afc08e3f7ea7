package fakediscord

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// snapshotWithoutTime drops the moment a snapshot was taken, so two
// snapshots of the same state compare equal.
func snapshotWithoutTime(t *testing.T, srv *Server) []byte {
	t.Helper()
	raw, err := srv.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "taken")
	out, _ := json.Marshal(m)
	return out
}

func TestSnapshotRoundTrip(t *testing.T) {
	clock := newFakeClock()
	w := newWorld(t, Options{Now: clock.Now, PrivilegedIntents: discordgo.IntentMessageContent}, discordgo.PermissionSendMessages|discordgo.PermissionViewChannel|discordgo.PermissionCreatePublicThreads|discordgo.PermissionSendMessagesInThreads)
	srv := w.srv
	ctx := testCtx(t)

	// A bot that answers /help with an ephemeral reply carrying a button,
	// and the button by updating the message.
	s, _ := connect(t, srv, func(s *discordgo.Session) {
		s.Identify.Intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentMessageContent
		s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
			data := &discordgo.InteractionResponseData{Content: "hello", Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions(),
				Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
					discordgo.Button{Label: "OK", CustomID: "ok", Style: discordgo.PrimaryButton}}}}}
			typ := discordgo.InteractionResponseChannelMessageWithSource
			if ic.Type == discordgo.InteractionMessageComponent {
				typ, data = discordgo.InteractionResponseUpdateMessage, &discordgo.InteractionResponseData{Content: "done", AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}
			}
			_ = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: typ, Data: data})
		})
	})
	if _, err := s.ApplicationCommandBulkOverwrite(srv.ApplicationID(), w.guild.ID, []*discordgo.ApplicationCommand{{Name: "help", Description: "Help"}}); err != nil {
		t.Fatal(err)
	}
	posted := must[*discordgo.Message](t)(srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "hi <@" + w.modUser.User.ID + ">"}))
	thread := must[*discordgo.Channel](t)(srv.StartThread(UserThread{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "hi", MessageID: posted.ID}))
	must[*discordgo.Message](t)(srv.PostMessage(UserMessage{ChannelID: thread.ID, AuthorID: w.modUser.User.ID, Content: "welcome"}))
	it := must[*Interaction](t)(srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "help"}))
	reply := must[*discordgo.Message](t)(it.WaitReply(ctx))
	s.Close()

	before := snapshotWithoutTime(t, srv)
	raw, err := srv.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()

	again, err := NewFromSnapshot(raw, Options{Now: clock.Now, PrivilegedIntents: discordgo.IntentMessageContent, Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	if after := snapshotWithoutTime(t, again); !bytes.Equal(before, after) {
		t.Fatalf("the restored state differs:\nbefore %s\nafter  %s", before, after)
	}
	if again.ApplicationID() != srv.ApplicationID() || again.Token() != srv.Token() {
		t.Error("the application's identity changed")
	}

	// The ephemeral reply is still the patient's alone; the thread still
	// hangs off its starter message.
	if got := again.MessagesFor(w.general.ID, w.patient.User.ID); len(got) != 2 || got[1].ID != reply.ID {
		t.Errorf("patient sees %d messages, want the post and the ephemeral reply", len(got))
	}
	if got := again.MessagesFor(w.general.ID, w.modUser.User.ID); len(got) != 1 {
		t.Errorf("moderator sees %d messages, want only the post", len(got))
	}
	if again.EphemeralOwner(reply.ID) != w.patient.User.ID {
		t.Error("the ephemeral reply lost its owner")
	}
	starter, _ := again.Message(w.general.ID, posted.ID)
	if starter.Thread == nil || starter.Thread.ID != thread.ID {
		t.Error("the starter message lost its thread")
	}
	if len(starter.Mentions) != 1 {
		t.Error("the post lost its mentions")
	}

	// A bot connecting to the restored emulator works with what it finds:
	// the button on the restored reply, new IDs after the old ones.
	s2, _ := connect(t, again, func(s *discordgo.Session) {
		s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
			_ = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage,
				Data: &discordgo.InteractionResponseData{Content: "done", AllowedMentions: noMentions(), Components: []discordgo.MessageComponent{}}})
		})
	})
	defer s2.Close()
	click := must[*Interaction](t)(again.ClickButton(ComponentClick{ChannelID: w.general.ID, MessageID: reply.ID, UserID: w.patient.User.ID, CustomID: "ok"}))
	if m := must[*discordgo.Message](t)(click.WaitReply(ctx)); m.Content != "done" {
		t.Errorf("after the click: %q", m.Content)
	}
	if !snowflakeLess(reply.ID, click.ID) {
		t.Errorf("new ID %s does not sort after restored %s", click.ID, reply.ID)
	}
}

func TestNewFromSnapshotRefusesGarbage(t *testing.T) {
	for _, raw := range []string{``, `{}`, `{"version":99}`, `{"version":1,"application_id":"1","bot_user_id":"1","token":"t"}`} {
		if srv, err := NewFromSnapshot([]byte(raw), Options{}); err == nil {
			srv.Close()
			t.Errorf("%q: accepted", raw)
		}
	}
}

func TestViewerQueries(t *testing.T) {
	clock := newFakeClock()
	w := newWorld(t, Options{Now: clock.Now}, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages)
	srv := w.srv
	private := must[*discordgo.Channel](t)(srv.AddChannel(w.guild.ID, ChannelSpec{Name: "mods", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: w.guild.ID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionViewChannel},
		{ID: w.mod.ID, Type: discordgo.PermissionOverwriteTypeRole, Allow: discordgo.PermissionViewChannel},
	}}))
	if srv.CanView(w.patient.User.ID, private.ID) || !srv.CanView(w.modUser.User.ID, private.ID) {
		t.Error("CanView ignores the overwrites")
	}
	if srv.MessagesFor(private.ID, w.patient.User.ID) != nil {
		t.Error("MessagesFor shows a hidden channel")
	}
	s, _ := connect(t, srv)
	defer s.Close()
	perms := int64(discordgo.PermissionManageGuild)
	if _, err := s.ApplicationCommandBulkOverwrite(srv.ApplicationID(), w.guild.ID, []*discordgo.ApplicationCommand{
		{Name: "help", Description: "Help"},
		{Name: "setup", Description: "Setup", DefaultMemberPermissions: &perms},
		{Name: "Flag", Type: discordgo.MessageApplicationCommand},
	}); err != nil {
		t.Fatal(err)
	}
	names := func(userID string) []string {
		var out []string
		for _, c := range srv.CommandsFor(w.general.ID, userID) {
			out = append(out, c.Name)
		}
		return out
	}
	if got := names(w.patient.User.ID); len(got) != 2 || got[0] != "help" || got[1] != "Flag" {
		t.Errorf("patient's commands: %q", got)
	}
	if got := names(w.modUser.User.ID); len(got) != 3 {
		t.Errorf("moderator's commands: %q", got)
	}
	// An unanswered interaction fails once the window has passed.
	it := must[*Interaction](t)(srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "help"}))
	infos := srv.Interactions(w.patient.User.ID)
	if len(infos) != 1 || infos[0].ID != it.ID || infos[0].CommandName != "help" || infos[0].Responded {
		t.Errorf("Interactions = %+v", infos)
	}
	if len(srv.Interactions(w.modUser.User.ID)) != 0 {
		t.Error("the moderator's list has the patient's interaction")
	}
	clock.Advance(4 * time.Second)
	if infos := srv.Interactions(w.patient.User.ID); !infos[0].Failed {
		t.Error("an interaction unanswered after 4 s is not marked failed")
	}
}

// A bot that re-sends a message with the same enforced nonce after the
// emulator restarted from its snapshot gets the first message back, as it
// would from Discord: the nonces are kept.
func TestSnapshotKeepsNonces(t *testing.T) {
	clock := newFakeClock()
	w := newWorld(t, Options{Now: clock.Now}, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages)
	post := func(srv *Server) string {
		t.Helper()
		body := `{"content":"hello","nonce":"job-42","enforce_nonce":true,"allowed_mentions":{"parse":[]}}`
		req, _ := http.NewRequest("POST", srv.URL()+"/api/v9/channels/"+w.general.ID+"/messages", strings.NewReader(body))
		req.Header.Set("Authorization", "Bot "+srv.Token())
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m discordgo.Message
		if err := json.NewDecoder(resp.Body).Decode(&m); err != nil || resp.StatusCode != 200 {
			t.Fatalf("post: %d %v", resp.StatusCode, err)
		}
		return m.ID
	}
	first := post(w.srv)
	raw, err := w.srv.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	w.srv.Close()
	again, err := NewFromSnapshot(raw, Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	if second := post(again); second != first {
		t.Errorf("the re-sent message is %s, want the first one back (%s)", second, first)
	}
	if n := len(again.Messages(w.general.ID)); n != 1 {
		t.Errorf("%d messages after the re-send, want 1", n)
	}
}
