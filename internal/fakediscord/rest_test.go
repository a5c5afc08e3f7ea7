package fakediscord

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestCreateRoleAndPrivateChannel(t *testing.T) {
	w := newWorld(t, Options{}, discordgo.PermissionManageRoles|discordgo.PermissionManageChannels|discordgo.PermissionViewChannel|discordgo.PermissionSendMessages)
	s, rec := connect(t, w.srv)
	ctx := testCtx(t)

	role, err := s.GuildRoleCreate(w.guild.ID, &discordgo.RoleParams{Name: "Diabetes", Mentionable: ptr(true), Permissions: ptr(int64(0))})
	if err != nil {
		t.Fatal(err)
	}
	if role.Name != "Diabetes" || role.Position != 1 {
		t.Errorf("role = %+v", role)
	}
	rec.wait(t, ctx, "GUILD_ROLE_CREATE", func() bool { return len(rec.ofType("GUILD_ROLE_CREATE")) == 1 })

	cat, err := s.GuildChannelCreateComplex(w.guild.ID, discordgo.GuildChannelCreateData{
		Name: "Diabetes", Type: discordgo.ChannelTypeGuildCategory,
		PermissionOverwrites: []*discordgo.PermissionOverwrite{
			{ID: w.guild.ID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionViewChannel},
			{ID: role.ID, Type: discordgo.PermissionOverwriteTypeRole, Allow: discordgo.PermissionViewChannel},
			{ID: w.srv.BotUserID(), Type: discordgo.PermissionOverwriteTypeMember, Allow: discordgo.PermissionViewChannel},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	peer, err := s.GuildChannelCreateComplex(w.guild.ID, discordgo.GuildChannelCreateData{Name: "Diabetes Peers", Type: discordgo.ChannelTypeGuildText, ParentID: cat.ID})
	if err != nil {
		t.Fatal(err)
	}
	if peer.Name != "diabetes-peers" || peer.ParentID != cat.ID || len(peer.PermissionOverwrites) != 3 {
		t.Errorf("channel = %q parent %s overwrites %d (want synced with the category)", peer.Name, peer.ParentID, len(peer.PermissionOverwrites))
	}
	rec.wait(t, ctx, "CHANNEL_CREATE", func() bool { return len(rec.ofType("CHANNEL_CREATE")) == 2 })

	// The overwrites decide who sees the channel.
	if p := w.srv.Permissions(w.guild.ID, w.patient.User.ID, peer.ID); p&discordgo.PermissionViewChannel != 0 {
		t.Error("a member without the role sees the private channel")
	}
	if err := s.GuildMemberRoleAdd(w.guild.ID, w.patient.User.ID, role.ID); err != nil {
		t.Fatal(err)
	}
	if p := w.srv.Permissions(w.guild.ID, w.patient.User.ID, peer.ID); p&discordgo.PermissionViewChannel == 0 {
		t.Error("a member with the role does not see the channel")
	}
	m, _ := w.srv.Member(w.guild.ID, w.patient.User.ID)
	if len(m.Roles) != 1 || m.Roles[0] != role.ID {
		t.Errorf("member roles = %v", m.Roles)
	}

	// Overwrites can be changed one by one.
	if err := s.ChannelPermissionSet(peer.ID, w.mod.ID, discordgo.PermissionOverwriteTypeRole, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages, 0); err != nil {
		t.Fatal(err)
	}
	ch, _ := w.srv.Channel(peer.ID)
	if len(ch.PermissionOverwrites) != 4 {
		t.Errorf("overwrites = %d, want 4", len(ch.PermissionOverwrites))
	}
	if err := s.ChannelPermissionDelete(peer.ID, w.mod.ID); err != nil {
		t.Fatal(err)
	}
	wantAPIError(t, s.ChannelPermissionDelete(peer.ID, w.mod.ID), 404, CodeUnknownOverwrite)
}

func TestPermissionsAreEnforced(t *testing.T) {
	w := newWorld(t, Options{}, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages)
	s, _ := newSession(t, w.srv, w.srv.Token())

	// Without MANAGE_ROLES or MANAGE_CHANNELS.
	_, err := s.GuildRoleCreate(w.guild.ID, &discordgo.RoleParams{Name: "x"})
	wantAPIError(t, err, 403, CodeMissingPermissions)
	_, err = s.GuildChannelCreate(w.guild.ID, "x", discordgo.ChannelTypeGuildText)
	wantAPIError(t, err, 403, CodeMissingPermissions)
	wantAPIError(t, s.GuildMemberRoleAdd(w.guild.ID, w.patient.User.ID, w.mod.ID), 403, CodeMissingPermissions)

	// With MANAGE_ROLES, but the role hierarchy still applies.
	if err := w.srv.SetBotPermissions(w.guild.ID, discordgo.PermissionManageRoles|discordgo.PermissionViewChannel|discordgo.PermissionSendMessages); err != nil {
		t.Fatal(err)
	}
	admin := must[*discordgo.Role](t)(w.srv.AddRole(w.guild.ID, RoleSpec{Name: "Admin", Permissions: discordgo.PermissionAdministrator, Position: 10}))
	_, err = s.GuildRoleEdit(w.guild.ID, admin.ID, &discordgo.RoleParams{Name: "Renamed"})
	wantAPIError(t, err, 403, CodeMissingPermissions)
	wantAPIError(t, s.GuildMemberRoleAdd(w.guild.ID, w.patient.User.ID, admin.ID), 403, CodeMissingPermissions)
	wantAPIError(t, s.GuildMemberRoleAdd(w.guild.ID, w.patient.User.ID, "123456789012345678"), 404, CodeUnknownRole)
	wantAPIError(t, s.GuildMemberRoleAdd(w.guild.ID, "123456789012345678", w.mod.ID), 404, CodeUnknownMember)
	if err := s.GuildMemberRoleAdd(w.guild.ID, w.patient.User.ID, w.mod.ID); err != nil {
		t.Errorf("assigning a role below the bot's: %v", err)
	}
	// A bot cannot grant permissions it lacks.
	_, err = s.GuildRoleCreate(w.guild.ID, &discordgo.RoleParams{Name: "Mods", Permissions: ptr(int64(discordgo.PermissionBanMembers))})
	wantAPIError(t, err, 403, CodeMissingPermissions)

	// A channel the bot cannot see: 403 Missing Access; unknown: 404.
	hidden := must[*discordgo.Channel](t)(w.srv.AddChannel(w.guild.ID, ChannelSpec{Name: "staff", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: w.guild.ID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionViewChannel},
	}}))
	_, err = s.ChannelMessageSendComplex(hidden.ID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()})
	wantAPIError(t, err, 403, CodeMissingAccess)
	_, err = s.ChannelMessageSendComplex("123456789012345678", &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()})
	wantAPIError(t, err, 404, CodeUnknownChannel)
	// Seeing but not sending.
	readOnly := must[*discordgo.Channel](t)(w.srv.AddChannel(w.guild.ID, ChannelSpec{Name: "announcements", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: w.srv.BotRoleID(w.guild.ID), Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionSendMessages},
	}}))
	_, err = s.ChannelMessageSendComplex(readOnly.ID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()})
	wantAPIError(t, err, 403, CodeMissingPermissions)
	// ADMINISTRATOR overrides everything.
	if err := w.srv.SetBotPermissions(w.guild.ID, discordgo.PermissionAdministrator); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChannelMessageSendComplex(hidden.ID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()}); err != nil {
		t.Errorf("administrator sending: %v", err)
	}
	_, err = s.ChannelMessage(hidden.ID, "123456789012345678")
	wantAPIError(t, err, 404, CodeUnknownMessage)
}

func TestMessageLimits(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	send := func(m *discordgo.MessageSend) error {
		m.AllowedMentions = noMentions()
		_, err := s.ChannelMessageSendComplex(w.general.ID, m)
		return err
	}
	if err := send(&discordgo.MessageSend{Content: strings.Repeat("é", 2000)}); err != nil {
		t.Errorf("2000 characters: %v", err)
	}
	err := send(&discordgo.MessageSend{Content: strings.Repeat("a", 2001)})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	if !strings.Contains(err.Error(), `"content"`) || !strings.Contains(err.Error(), "BASE_TYPE_MAX_LENGTH") {
		t.Errorf("error body lacks the field error: %v", err)
	}
	wantAPIError(t, send(&discordgo.MessageSend{}), 400, CodeEmptyMessage)

	embeds := make([]*discordgo.MessageEmbed, 11)
	for i := range embeds {
		embeds[i] = &discordgo.MessageEmbed{Title: "t"}
	}
	wantAPIError(t, send(&discordgo.MessageSend{Embeds: embeds}), 400, CodeInvalidFormBody)
	err = send(&discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Description: strings.Repeat("d", 4097)}}})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	var re *discordgo.RESTError
	asRESTError(err, &re)
	var body struct {
		Errors map[string]map[string]map[string]any `json:"errors"`
	}
	if json.Unmarshal(re.ResponseBody, &body) != nil || body.Errors["embeds"]["0"]["description"] == nil {
		t.Errorf("want errors.embeds.0.description, got %s", re.ResponseBody)
	}
	big := []*discordgo.MessageEmbed{{Description: strings.Repeat("d", 4000)}, {Description: strings.Repeat("d", 2001)}}
	err = send(&discordgo.MessageSend{Embeds: big})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	if !strings.Contains(err.Error(), "MAX_EMBED_SIZE_EXCEEDED") {
		t.Errorf("want MAX_EMBED_SIZE_EXCEEDED: %v", err)
	}
	// Editing to over-long content is refused the same way.
	m, err := s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: "ok", AllowedMentions: noMentions()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ChannelMessageEditComplex(&discordgo.MessageEdit{ID: m.ID, Channel: w.general.ID, Content: ptr(strings.Repeat("a", 2001)), AllowedMentions: noMentions()})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
}

func TestAllowedMentionsAreRecordedAndApplied(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	ping := "<@" + w.patient.User.ID + "> see you at office hours"

	unsafe, err := s.ChannelMessageSend(w.general.ID, ping)
	if err != nil {
		t.Fatal(err)
	}
	safe, err := s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: ping, AllowedMentions: noMentions()})
	if err != nil {
		t.Fatal(err)
	}
	chosen, err := s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: ping, AllowedMentions: &discordgo.MessageAllowedMentions{Users: []string{w.patient.User.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(unsafe.Mentions) != 1 || len(safe.Mentions) != 0 || len(chosen.Mentions) != 1 {
		t.Errorf("mentions: default %d, none %d, listed %d", len(unsafe.Mentions), len(safe.Mentions), len(chosen.Mentions))
	}
	missing := w.srv.MissingAllowedMentions()
	if len(missing) != 1 || missing[0].Route != "POST /channels/{id}/messages" || missing[0].Status != 200 {
		t.Fatalf("missing allowed_mentions = %+v", missing)
	}
	var body map[string]any
	if err := missing[0].Decode(&body); err != nil || body["content"] != ping {
		t.Errorf("recorded body = %v %v", body, err)
	}
	// Edits count too.
	if _, err := s.ChannelMessageEdit(w.general.ID, safe.ID, "edited"); err != nil {
		t.Fatal(err)
	}
	if n := len(w.srv.MissingAllowedMentions()); n != 2 {
		t.Errorf("%d calls without allowed_mentions, want 2", n)
	}
}

func asRESTError(err error, target **discordgo.RESTError) {
	if re, ok := err.(*discordgo.RESTError); ok {
		*target = re
	}
}

func TestListMessagesNewestFirst(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	var ids []string
	for i := range 7 {
		m := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "m" + string(rune('0'+i))}))
		ids = append(ids, m.ID)
	}
	check := func(name string, got []*discordgo.Message, want ...int) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: got %d messages, want %d", name, len(got), len(want))
		}
		for i, w := range want {
			if got[i].ID != ids[w] {
				t.Errorf("%s[%d] = message %s, want %d", name, i, got[i].Content, w)
			}
		}
	}
	got, err := s.ChannelMessages(w.general.ID, 3, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	check("latest", got, 6, 5, 4)
	got, _ = s.ChannelMessages(w.general.ID, 2, ids[4], "", "")
	check("before", got, 3, 2)
	got, _ = s.ChannelMessages(w.general.ID, 2, "", ids[1], "")
	check("after", got, 3, 2)
	got, _ = s.ChannelMessages(w.general.ID, 3, "", "", ids[3])
	check("around", got, 4, 3, 2)
	_, err = s.ChannelMessages(w.general.ID, 101, "", "", "")
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	if got[0].GuildID != "" {
		t.Error("REST messages carry no guild_id")
	}

	// Pinning needs MANAGE_MESSAGES.
	wantAPIError(t, s.ChannelMessagePin(w.general.ID, ids[2]), 403, CodeMissingPermissions)
	if err := w.srv.SetBotPermissions(w.guild.ID, discordgo.PermissionManageMessages); err != nil {
		t.Fatal(err)
	}
	if err := s.ChannelMessagePin(w.general.ID, ids[2]); err != nil {
		t.Fatal(err)
	}
	pins, err := s.ChannelMessagesPinned(w.general.ID)
	if err != nil || len(pins) != 1 || pins[0].ID != ids[2] || !pins[0].Pinned {
		t.Errorf("pins = %+v %v", pins, err)
	}
}

func TestThreads(t *testing.T) {
	w := newWorld(t, Options{}, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages|discordgo.PermissionReadMessageHistory)
	s, rec := connect(t, w.srv)
	ctx := testCtx(t)
	post := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "how do you cope with night lows?"}))

	// @everyone's defaults include CREATE_PUBLIC_THREADS; take it away.
	must[*discordgo.Role](t)(w.srv.EditRole(w.guild.ID, w.guild.ID, func(r *discordgo.Role) {
		r.Permissions &^= discordgo.PermissionCreatePublicThreads
	}))
	_, err := s.MessageThreadStart(w.general.ID, post.ID, "Night lows", 1440)
	wantAPIError(t, err, 403, CodeMissingPermissions)

	if err := w.srv.SetBotPermissions(w.guild.ID, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages|discordgo.PermissionCreatePublicThreads|discordgo.PermissionSendMessagesInThreads); err != nil {
		t.Fatal(err)
	}
	th, err := s.MessageThreadStart(w.general.ID, post.ID, "Night lows", 1440)
	if err != nil {
		t.Fatal(err)
	}
	if th.ID != post.ID || th.Type != discordgo.ChannelTypeGuildPublicThread || th.ParentID != w.general.ID {
		t.Errorf("thread = %+v", th)
	}
	_, err = s.MessageThreadStart(w.general.ID, post.ID, "again", 1440)
	wantAPIError(t, err, 400, CodeThreadAlreadyCreated)
	rec.wait(t, ctx, "THREAD_CREATE", func() bool { return len(rec.ofType("THREAD_CREATE")) == 1 })

	if _, err := s.ChannelMessageSendComplex(th.ID, &discordgo.MessageSend{Content: "<@&" + w.mod.ID + "> peers, any tips?", AllowedMentions: noMentions()}); err != nil {
		t.Fatal(err)
	}
	if err := s.ThreadMemberAdd(th.ID, w.modUser.User.ID); err != nil {
		t.Fatal(err)
	}
	if got := w.srv.ThreadMembers(th.ID); len(got) != 2 {
		t.Errorf("thread members = %v", got)
	}
	starter, _ := w.srv.Message(w.general.ID, post.ID)
	if starter.Thread == nil || starter.Thread.ID != th.ID {
		t.Errorf("starter message thread = %+v", starter.Thread)
	}

	// Without SEND_MESSAGES_IN_THREADS the bot cannot post in the thread.
	if err := w.srv.SetBotPermissions(w.guild.ID, discordgo.PermissionViewChannel|discordgo.PermissionSendMessages); err != nil {
		t.Fatal(err)
	}
	must[*discordgo.Role](t)(w.srv.EditRole(w.guild.ID, w.guild.ID, func(r *discordgo.Role) {
		r.Permissions &^= discordgo.PermissionSendMessagesInThreads
	}))
	_, err = s.ChannelMessageSendComplex(th.ID, &discordgo.MessageSend{Content: "x", AllowedMentions: noMentions()})
	wantAPIError(t, err, 403, CodeMissingPermissions)

	// A private thread without a starter message.
	if err := w.srv.SetBotPermissions(w.guild.ID, discordgo.PermissionViewChannel|discordgo.PermissionCreatePrivateThreads); err != nil {
		t.Fatal(err)
	}
	priv, err := s.ThreadStartComplex(w.general.ID, &discordgo.ThreadStart{Name: "Question 12", Type: discordgo.ChannelTypeGuildPrivateThread})
	if err != nil {
		t.Fatal(err)
	}
	if p := w.srv.Permissions(w.guild.ID, w.patient.User.ID, priv.ID); p != 0 {
		t.Errorf("a member outside the private thread has permissions %d in it", p)
	}
}

func TestScheduledEvents(t *testing.T) {
	clock := newFakeClock()
	w := newWorld(t, Options{Now: clock.Now}, 0)
	s, rec := connect(t, w.srv, func(s *discordgo.Session) { s.Identify.Intents |= discordgo.IntentGuildScheduledEvents })
	ctx := testCtx(t)
	start := clock.Now().Add(24 * time.Hour)
	end := start.Add(time.Hour)
	params := &discordgo.GuildScheduledEventParams{
		Name: "Diabetes office hours", PrivacyLevel: discordgo.GuildScheduledEventPrivacyLevelGuildOnly,
		ScheduledStartTime: &start, ScheduledEndTime: &end,
		EntityType:     discordgo.GuildScheduledEventEntityTypeExternal,
		EntityMetadata: &discordgo.GuildScheduledEventEntityMetadata{Location: "#diabetes-office-hours"},
	}
	_, err := s.GuildScheduledEventCreate(w.guild.ID, params)
	wantAPIError(t, err, 403, CodeMissingPermissions)

	if err := w.srv.SetBotPermissions(w.guild.ID, discordgo.PermissionManageEvents); err != nil {
		t.Fatal(err)
	}
	ev, err := s.GuildScheduledEventCreate(w.guild.ID, params)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Status != discordgo.GuildScheduledEventStatusScheduled || !ev.ScheduledStartTime.Equal(start) || ev.CreatorID != w.srv.BotUserID() {
		t.Errorf("event = %+v", ev)
	}
	rec.wait(t, ctx, "GUILD_SCHEDULED_EVENT_CREATE", func() bool { return len(rec.ofType("GUILD_SCHEDULED_EVENT_CREATE")) == 1 })

	past := clock.Now().Add(-time.Minute)
	_, err = s.GuildScheduledEventCreate(w.guild.ID, &discordgo.GuildScheduledEventParams{
		Name: "late", PrivacyLevel: 2, ScheduledStartTime: &past, ScheduledEndTime: &end,
		EntityType: discordgo.GuildScheduledEventEntityTypeExternal, EntityMetadata: &discordgo.GuildScheduledEventEntityMetadata{Location: "x"},
	})
	wantAPIError(t, err, 400, CodeInvalidFormBody)

	active, err := s.GuildScheduledEventEdit(w.guild.ID, ev.ID, &discordgo.GuildScheduledEventParams{Status: discordgo.GuildScheduledEventStatusActive})
	if err != nil || active.Status != discordgo.GuildScheduledEventStatusActive {
		t.Fatalf("start event: %+v %v", active, err)
	}
	_, err = s.GuildScheduledEventEdit(w.guild.ID, ev.ID, &discordgo.GuildScheduledEventParams{Status: discordgo.GuildScheduledEventStatusScheduled})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	if _, err := s.GuildScheduledEventEdit(w.guild.ID, ev.ID, &discordgo.GuildScheduledEventParams{Status: discordgo.GuildScheduledEventStatusCompleted}); err != nil {
		t.Fatal(err)
	}
	_, err = s.GuildScheduledEventEdit(w.guild.ID, ev.ID, &discordgo.GuildScheduledEventParams{Name: "again"})
	wantAPIError(t, err, 400, CodeCannotUpdateFinishedEvnt)
	if err := s.GuildScheduledEventDelete(w.guild.ID, ev.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.GuildScheduledEvent(w.guild.ID, ev.ID, false)
	wantAPIError(t, err, 404, CodeUnknownScheduledEvent)
	rec.wait(t, ctx, "GUILD_SCHEDULED_EVENT_DELETE", func() bool { return len(rec.ofType("GUILD_SCHEDULED_EVENT_DELETE")) == 1 })
}

func TestMembersAndGuild(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	m, err := s.GuildMember(w.guild.ID, w.patient.User.ID)
	if err != nil || m.User.Username != "pat" {
		t.Fatalf("member = %+v %v", m, err)
	}
	_, err = s.GuildMember(w.guild.ID, "123456789012345678")
	wantAPIError(t, err, 404, CodeUnknownMember)
	// Listing members needs the GUILD_MEMBERS intent in the portal.
	_, err = s.GuildMembers(w.guild.ID, "", 10)
	wantAPIError(t, err, 403, CodeMissingAccess)

	w2 := newWorld(t, Options{PrivilegedIntents: discordgo.IntentGuildMembers}, 0)
	s2, _ := newSession(t, w2.srv, w2.srv.Token())
	all, err := s2.GuildMembers(w2.guild.ID, "", 1000)
	if err != nil || len(all) != 4 { // owner, bot, pat, mo
		t.Fatalf("members = %d %v", len(all), err)
	}
	page, err := s2.GuildMembers(w2.guild.ID, all[1].User.ID, 2)
	if err != nil || len(page) != 2 || page[0].User.ID != all[2].User.ID {
		t.Errorf("page after %s = %+v %v", all[1].User.ID, page, err)
	}
	g, err := s.Guild(w.guild.ID)
	if err != nil || g.Name != "Peer Support" || len(g.Roles) != 3 {
		t.Errorf("guild = %+v %v", g, err)
	}
	chans, err := s.GuildChannels(w.guild.ID)
	if err != nil || len(chans) != 1 {
		t.Errorf("channels = %d %v", len(chans), err)
	}
	found, err := s.GuildMembersSearch(w.guild.ID, "PA", 10)
	if err != nil || len(found) != 1 || found[0].User.ID != w.patient.User.ID {
		t.Errorf("search = %+v %v", found, err)
	}
}

func TestUnknownRouteIsRecorded(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	err := s.MessageReactionAdd(w.general.ID, "123456789012345678", "👍")
	wantAPIError(t, err, 404, 0)
	unknown := w.srv.UnknownCalls()
	if len(unknown) != 1 || unknown[0].Method != "PUT" || !strings.Contains(unknown[0].Path, "/reactions/") {
		t.Errorf("unknown calls = %+v", unknown)
	}
}

func TestWaitCallReturnsWhenTheCallHappens(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	ctx := testCtx(t)
	done := make(chan Call, 1)
	go func() {
		c, err := w.srv.WaitCall(ctx, RouteIs("POST /channels/{id}/messages"))
		if err == nil {
			done <- c
		}
		close(done)
	}()
	if _, err := s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: "hi", AllowedMentions: noMentions()}); err != nil {
		t.Fatal(err)
	}
	c, ok := <-done
	if !ok || c.Params["id"] != w.general.ID || c.Status != 200 {
		t.Fatalf("WaitCall = %+v", c)
	}
	// A call that already happened is found at once.
	if _, err := w.srv.WaitCall(ctx, RouteIs("POST /channels/{id}/messages")); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := w.srv.WaitCall(short, RouteIs("DELETE /channels/{id}")); err == nil {
		t.Fatal("WaitCall for a call that never comes returned no error")
	}
}

func TestAttachmentsAndDMs(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	dm, err := s.UserChannelCreate(w.patient.User.ID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.ChannelMessageSendComplex(dm.ID, &discordgo.MessageSend{
		Content: "Your data", AllowedMentions: noMentions(),
		Files: []*discordgo.File{{Name: "export.json", ContentType: "application/json", Reader: strings.NewReader(`{"questions":[]}`)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Filename != "export.json" {
		t.Fatalf("attachments = %+v", m.Attachments)
	}
	_, data, ok := w.srv.Attachment(m.Attachments[0].ID)
	if !ok || string(data) != `{"questions":[]}` {
		t.Errorf("attachment data = %q", data)
	}
	calls := w.srv.CallsTo("POST /channels/{id}/messages")
	if len(calls) != 1 || len(calls[0].Files) != 1 || calls[0].MissingAllowedMentions {
		t.Errorf("recorded multipart call = %+v", calls)
	}
	if err := w.srv.SetDMsClosed(w.patient.User.ID, true); err != nil {
		t.Fatal(err)
	}
	_, err = s.ChannelMessageSendComplex(dm.ID, &discordgo.MessageSend{Content: "again", AllowedMentions: noMentions()})
	wantAPIError(t, err, 403, CodeCannotMessageUser)
}
