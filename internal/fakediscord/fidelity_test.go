package fakediscord

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Behaviours a live Discord shows that the emulator models (issue 15): each
// against the emulator's clock, never a sleep.

func TestThreadsArchiveOnTheClock(t *testing.T) {
	clock := newFakeClock()
	w := newWorld(t, Options{Now: clock.Now}, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages|
		discordgo.PermissionCreatePublicThreads|discordgo.PermissionSendMessagesInThreads|discordgo.PermissionReadMessageHistory)
	s, _ := newSession(t, w.srv, w.srv.Token())
	post := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "tips for night lows?"}))
	th := must[*discordgo.Channel](t)(s.MessageThreadStart(w.general.ID, post.ID, "Night lows", 60))
	receipt := must[*discordgo.Message](t)(s.ChannelMessageSendComplex(th.ID, &discordgo.MessageSend{Content: "queued", AllowedMentions: noMentions()}))

	clock.Advance(59 * time.Minute)
	w.srv.Tick()
	if ch, _ := w.srv.Channel(th.ID); ch.ThreadMetadata.Archived {
		t.Fatal("archived before its hour without activity")
	}
	clock.Advance(time.Minute)
	w.srv.Tick()
	if ch, _ := w.srv.Channel(th.ID); !ch.ThreadMetadata.Archived {
		t.Fatal("not archived after an hour without activity")
	}

	// Edits in an archived thread: 50083, as on Discord.
	_, err := s.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: receipt.ID, Channel: th.ID, Content: ptr("withdrawn"), AllowedMentions: noMentions()})
	wantAPIError(t, err, 400, CodeArchivedThread)
	// So is a member add.
	wantAPIError(t, s.ThreadMemberAdd(th.ID, w.modUser.User.ID), 400, CodeArchivedThread)
	// Unarchiving an unlocked thread needs only the right to send there.
	if _, err := s.ChannelEditComplex(th.ID, &discordgo.ChannelEdit{Archived: ptr(false)}); err != nil {
		t.Fatalf("unarchive: %v", err)
	}
	if _, err := s.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: receipt.ID, Channel: th.ID, Content: ptr("withdrawn"), AllowedMentions: noMentions()}); err != nil {
		t.Errorf("edit after unarchiving: %v", err)
	}

	// Sending in an archived, unlocked thread unarchives it.
	clock.Advance(2 * time.Hour)
	w.srv.Tick()
	if _, err := s.ChannelMessageSendComplex(th.ID, &discordgo.MessageSend{Content: "still here", AllowedMentions: noMentions()}); err != nil {
		t.Fatalf("send in an archived thread: %v", err)
	}
	if ch, _ := w.srv.Channel(th.ID); ch.ThreadMetadata.Archived {
		t.Error("a message did not unarchive the thread")
	}

	// A locked thread takes posts only from thread moderators: 160005.
	if err := w.srv.SetThreadLocked(th.ID, true); err != nil {
		t.Fatal(err)
	}
	_, err = s.ChannelMessageSendComplex(th.ID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()})
	wantAPIError(t, err, 400, CodeThreadLocked)
	_, err = w.srv.PostMessage(UserMessage{ChannelID: th.ID, AuthorID: w.patient.User.ID, Content: "hello?"})
	if ae, ok := err.(*APIError); !ok || ae.Code != CodeThreadLocked {
		t.Errorf("a member posting in a locked thread: %v, want 160005", err)
	}
}

func TestPrivateThreadInvitable(t *testing.T) {
	w := newWorld(t, Options{}, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages|
		discordgo.PermissionCreatePrivateThreads|discordgo.PermissionSendMessagesInThreads)
	s, _ := newSession(t, w.srv, w.srv.Token())
	closed := must[*discordgo.Channel](t)(s.ThreadStartComplex(w.general.ID, &discordgo.ThreadStart{Name: "Question 1", Type: discordgo.ChannelTypeGuildPrivateThread, Invitable: false}))
	// Without Manage Threads the bot may not add anyone, nor add them by
	// mentioning them.
	wantAPIError(t, s.ThreadMemberAdd(closed.ID, w.patient.User.ID), 403, CodeMissingPermissions)
	must[*discordgo.Message](t)(s.ChannelMessageSendComplex(closed.ID, &discordgo.MessageSend{Content: "<@" + w.patient.User.ID + ">",
		AllowedMentions: &discordgo.MessageAllowedMentions{Users: []string{w.patient.User.ID}}}))
	if got := w.srv.ThreadMembers(closed.ID); len(got) != 1 {
		t.Errorf("members of an uninvitable thread after a mention: %v, want the bot only", got)
	}
	// In an invitable one a mention adds the member, as an add does.
	open := must[*discordgo.Channel](t)(s.ThreadStartComplex(w.general.ID, &discordgo.ThreadStart{Name: "Question 2", Type: discordgo.ChannelTypeGuildPrivateThread, Invitable: true}))
	must[*discordgo.Message](t)(s.ChannelMessageSendComplex(open.ID, &discordgo.MessageSend{Content: "<@" + w.patient.User.ID + ">",
		AllowedMentions: &discordgo.MessageAllowedMentions{Users: []string{w.patient.User.ID}}}))
	if got := w.srv.ThreadMembers(open.ID); len(got) != 2 {
		t.Errorf("members after a mention: %v, want the bot and the member", got)
	}
	// With Manage Threads the bot adds to an uninvitable thread too.
	if err := w.srv.SetBotPermissions(w.guild.ID, discordgo.PermissionViewChannel|discordgo.PermissionSendMessagesInThreads|discordgo.PermissionManageThreads); err != nil {
		t.Fatal(err)
	}
	if err := s.ThreadMemberAdd(closed.ID, w.patient.User.ID); err != nil {
		t.Errorf("add with Manage Threads: %v", err)
	}
}

func TestExternalEventsRunOnTheClock(t *testing.T) {
	clock := newFakeClock()
	w := newWorld(t, Options{Now: clock.Now}, discordgo.PermissionManageEvents)
	s, _ := newSession(t, w.srv, w.srv.Token())
	event := func(start time.Time) (*discordgo.GuildScheduledEvent, error) {
		end := start.Add(time.Hour)
		return s.GuildScheduledEventCreate(w.guild.ID, &discordgo.GuildScheduledEventParams{
			Name: "Office hours", ScheduledStartTime: &start, ScheduledEndTime: &end,
			PrivacyLevel: discordgo.GuildScheduledEventPrivacyLevelGuildOnly, EntityType: discordgo.GuildScheduledEventEntityTypeExternal,
			EntityMetadata: &discordgo.GuildScheduledEventEntityMetadata{Location: "#office-hours"},
		})
	}
	ev := must[*discordgo.GuildScheduledEvent](t)(event(clock.Now().Add(time.Hour)))
	status := func() discordgo.GuildScheduledEventStatus {
		for _, e := range w.srv.ScheduledEvents(w.guild.ID) {
			if e.ID == ev.ID {
				return e.Status
			}
		}
		return 0
	}
	clock.Advance(time.Hour)
	w.srv.Tick()
	if st := status(); st != discordgo.GuildScheduledEventStatusActive {
		t.Fatalf("at its start the event is %d, want ACTIVE", st)
	}
	// ACTIVE cannot be cancelled.
	_, err := s.GuildScheduledEventEdit(w.guild.ID, ev.ID, &discordgo.GuildScheduledEventParams{Status: discordgo.GuildScheduledEventStatusCanceled})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	clock.Advance(time.Hour)
	w.srv.Tick()
	if st := status(); st != discordgo.GuildScheduledEventStatusCompleted {
		t.Fatalf("at its end the event is %d, want COMPLETED", st)
	}
	// A finished event takes no edit.
	_, err = s.GuildScheduledEventEdit(w.guild.ID, ev.ID, &discordgo.GuildScheduledEventParams{Description: "late"})
	wantAPIError(t, err, 400, CodeCannotUpdateFinishedEvnt)

	// At most 100 scheduled or active events a guild.
	for i := range 100 {
		if _, err := event(clock.Now().Add(time.Duration(i+1) * 24 * time.Hour)); err != nil {
			t.Fatalf("event %d: %v", i+1, err)
		}
	}
	_, err = event(clock.Now().Add(200 * 24 * time.Hour))
	wantAPIError(t, err, 400, CodeMaxEvents)
}

func TestChannelCapsAndMessageRules(t *testing.T) {
	w := newWorld(t, Options{}, discordgo.PermissionManageChannels|discordgo.PermissionViewChannel|discordgo.PermissionSendMessages|discordgo.PermissionAttachFiles)
	s, _ := newSession(t, w.srv, w.srv.Token())
	cat := must[*discordgo.Channel](t)(w.srv.AddChannel(w.guild.ID, ChannelSpec{Name: "Diabetes", Type: discordgo.ChannelTypeGuildCategory}))
	for i := range 50 {
		must[*discordgo.Channel](t)(w.srv.AddChannel(w.guild.ID, ChannelSpec{Name: "c" + strconv.Itoa(i), ParentID: cat.ID}))
	}
	_, err := s.GuildChannelCreateComplex(w.guild.ID, discordgo.GuildChannelCreateData{Name: "one-more", ParentID: cat.ID})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	if !strings.Contains(err.Error(), "CHANNEL_PARENT_MAX_CHANNELS") {
		t.Errorf("51st channel in a category: %v", err)
	}
	for i := 0; len(w.srv.GuildChannels(w.guild.ID)) < 500; i++ {
		must[*discordgo.Channel](t)(w.srv.AddChannel(w.guild.ID, ChannelSpec{Name: "x" + strconv.Itoa(i)}))
	}
	_, err = s.GuildChannelCreate(w.guild.ID, "five-hundred-and-one", discordgo.ChannelTypeGuildText)
	wantAPIError(t, err, 400, CodeMaxGuildChannels)

	// EPHEMERAL belongs to interaction responses only.
	_, err = s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: "psst", Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	// A bot uploads at most 10 MiB.
	big := bytes.Repeat([]byte{'x'}, 10<<20+1)
	_, err = s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: "export", AllowedMentions: noMentions(),
		Files: []*discordgo.File{{Name: "export.json", ContentType: "application/json", Reader: bytes.NewReader(big)}}})
	wantAPIError(t, err, 413, CodeEntityTooLarge)
	// Link buttons: http, https or discord URLs of at most 512 characters.
	_, err = s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: "link", AllowedMentions: noMentions(),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Style: discordgo.LinkButton, Label: "go", URL: "ftp://example.com"}}}}})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
}
