package fakediscord

import (
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// bot connects a session whose INTERACTION_CREATE handler is handle; the
// errors its REST calls return are collected.
type bot struct {
	s    *discordgo.Session
	rec  *recorder
	mu   sync.Mutex
	errs []error
	seen []*discordgo.Interaction
}

func startBot(t *testing.T, srv *Server, handle func(*discordgo.Session, *discordgo.InteractionCreate) error) *bot {
	t.Helper()
	b := &bot{}
	b.s, b.rec = connect(t, srv, func(s *discordgo.Session) {
		s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
			err := handle(s, ic)
			b.rec.update(func() {
				b.mu.Lock()
				defer b.mu.Unlock()
				b.seen = append(b.seen, ic.Interaction)
				b.errs = append(b.errs, err)
			})
		})
	})
	return b
}

// handled waits until the handler has run n times and returns its errors.
func (b *bot) handled(t *testing.T, n int) []error {
	t.Helper()
	b.rec.wait(t, testCtx(t), "interaction handler", func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		return len(b.errs) >= n
	})
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]error(nil), b.errs...)
}

func (b *bot) interaction(i int) *discordgo.Interaction {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.seen[i]
}

func registerGuild(t *testing.T, s *discordgo.Session, srv *Server, guildID string, cmds ...*discordgo.ApplicationCommand) {
	t.Helper()
	if _, err := s.ApplicationCommandBulkOverwrite(srv.ApplicationID(), guildID, cmds); err != nil {
		t.Fatal(err)
	}
}

var askCommand = &discordgo.ApplicationCommand{
	Name:        "ask",
	Description: "Ask the office hours",
	Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true},
		{Type: discordgo.ApplicationCommandOptionInteger, Name: "urgency", Description: "1-5", MinValue: ptr(1.0), MaxValue: 5},
		{Type: discordgo.ApplicationCommandOptionUser, Name: "who", Description: "Who to ask"},
		{Type: discordgo.ApplicationCommandOptionBoolean, Name: "anonymous", Description: "Hide your name"},
	},
}

func TestSlashCommandAnsweredWithMessage(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	ctx := testCtx(t)
	b := startBot(t, w.srv, func(s *discordgo.Session, ic *discordgo.InteractionCreate) error {
		q := ic.ApplicationCommandData().GetOption("question").StringValue()
		return s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "Queued: " + q, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
		})
	})
	registerGuild(t, b.s, w.srv, w.guild.ID, askCommand)

	it := must[*Interaction](t)(w.srv.RunCommand(SlashCommand{
		ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "ask",
		Options: []Option{{Name: "question", Value: "Is this normal?"}, {Name: "urgency", Value: 3}, {Name: "who", Value: w.modUser.User.ID}, {Name: "anonymous", Value: true}},
	}))
	reply, err := it.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reply.Content != "Queued: Is this normal?" || reply.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("reply = %q flags %d", reply.Content, reply.Flags)
	}
	if reply.Type != discordgo.MessageTypeChatInputCommand || reply.Interaction == nil || reply.Interaction.Name != "ask" {
		t.Errorf("reply type %d interaction %+v", reply.Type, reply.Interaction)
	}
	if errs := b.handled(t, 1); errs[0] != nil {
		t.Fatal(errs[0])
	}

	// What the bot received, typed as Discord types it.
	got := b.interaction(0)
	data := got.ApplicationCommandData()
	if got.Member == nil || got.Member.User.ID != w.patient.User.ID || got.Member.Permissions&discordgo.PermissionSendMessages == 0 {
		t.Errorf("member = %+v", got.Member)
	}
	if got.GuildID != w.guild.ID || got.ChannelID != w.general.ID || got.AppPermissions == 0 {
		t.Errorf("guild %s channel %s app perms %d", got.GuildID, got.ChannelID, got.AppPermissions)
	}
	if data.GetOption("urgency").IntValue() != 3 || !data.GetOption("anonymous").BoolValue() {
		t.Errorf("options = %+v", data.Options)
	}
	if data.GetOption("who").UserValue(nil).ID != w.modUser.User.ID || data.Resolved == nil || data.Resolved.Users[w.modUser.User.ID] == nil {
		t.Errorf("resolved = %+v", data.Resolved)
	}

	// The ephemeral reply is in the emulator's state but not in the
	// channel's history as the bot reads it.
	hist, err := b.s.ChannelMessages(w.general.ID, 50, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 0 {
		t.Errorf("history has %d messages, want the ephemeral reply hidden", len(hist))
	}
	if msgs := w.srv.Messages(w.general.ID); len(msgs) != 1 || msgs[0].ID != reply.ID {
		t.Errorf("state messages = %d", len(msgs))
	}
	if missing := w.srv.MissingAllowedMentions(); len(missing) != 0 {
		t.Errorf("calls without allowed_mentions: %v", missing[0].Route)
	}
}

func TestDeferredReplyThenEditAndFollowup(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	ctx := testCtx(t)
	proceed := make(chan struct{})
	b := startBot(t, w.srv, func(s *discordgo.Session, ic *discordgo.InteractionCreate) error {
		if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
			return err
		}
		<-proceed
		if _, err := s.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: ptr("Summary ready"), AllowedMentions: noMentions()}); err != nil {
			return err
		}
		_, err := s.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "Only you can see this", Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()})
		return err
	})
	registerGuild(t, b.s, w.srv, w.guild.ID, askCommand)
	it := must[*Interaction](t)(w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "ask", Options: []Option{{Name: "question", Value: "q"}}}))

	resp, err := it.WaitResponse(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("response type %d", resp.Type)
	}
	if _, ready := it.Reply(); ready {
		t.Fatal("a deferred reply is not final before it is edited")
	}
	msgs := w.srv.Messages(w.general.ID)
	if len(msgs) != 1 || msgs[0].Flags&discordgo.MessageFlagsLoading == 0 {
		t.Fatalf("want one loading message, got %+v", msgs)
	}
	close(proceed)

	reply, err := it.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reply.Content != "Summary ready" || reply.Flags&discordgo.MessageFlagsLoading != 0 || reply.EditedTimestamp == nil {
		t.Errorf("reply = %q flags %d", reply.Content, reply.Flags)
	}
	fups, err := it.WaitFollowups(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if fups[0].Content != "Only you can see this" || fups[0].Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("followup = %q flags %d", fups[0].Content, fups[0].Flags)
	}
	if errs := b.handled(t, 1); errs[0] != nil {
		t.Fatal(errs[0])
	}
}

func TestFollowupAfterDeferBecomesTheReply(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	ctx := testCtx(t)
	b := startBot(t, w.srv, func(s *discordgo.Session, ic *discordgo.InteractionCreate) error {
		if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
		}); err != nil {
			return err
		}
		_, err := s.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "first followup", AllowedMentions: noMentions()})
		return err
	})
	registerGuild(t, b.s, w.srv, w.guild.ID, askCommand)
	it := must[*Interaction](t)(w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "ask", Options: []Option{{Name: "question", Value: "q"}}}))
	reply, err := it.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The deferral was ephemeral, so the reply stays ephemeral.
	if reply.Content != "first followup" || reply.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("reply = %q flags %d", reply.Content, reply.Flags)
	}
	if errs := b.handled(t, 1); errs[0] != nil {
		t.Fatal(errs[0])
	}
	if n := len(it.Followups()); n != 0 {
		t.Errorf("%d followups, want 0", n)
	}
}

func TestSecondCallbackIsRefused(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	b := startBot(t, w.srv, func(s *discordgo.Session, ic *discordgo.InteractionCreate) error {
		resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "once", AllowedMentions: noMentions()}}
		if err := s.InteractionRespond(ic.Interaction, resp); err != nil {
			return err
		}
		return s.InteractionRespond(ic.Interaction, resp)
	})
	registerGuild(t, b.s, w.srv, w.guild.ID, askCommand)
	must[*Interaction](t)(w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "ask", Options: []Option{{Name: "question", Value: "q"}}}))
	errs := b.handled(t, 1)
	wantAPIError(t, errs[0], 400, CodeAlreadyAcknowledged)
}

func TestLateCallbackAndExpiredTokenAreRefused(t *testing.T) {
	clock := newFakeClock()
	w := newWorld(t, Options{Now: clock.Now}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	registerGuild(t, s, w.srv, w.guild.ID, askCommand)
	run := func() *discordgo.Interaction {
		it := must[*Interaction](t)(w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "ask", Options: []Option{{Name: "question", Value: "q"}}}))
		return it.Payload()
	}
	reply := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "late", AllowedMentions: noMentions()}}

	late := run()
	clock.Advance(3*time.Second + time.Millisecond)
	wantAPIError(t, s.InteractionRespond(late, reply), 404, CodeUnknownInteraction)

	// Deferred in time, edited after 15 minutes: the token has expired.
	deferred := run()
	clock.Advance(2 * time.Second)
	if err := s.InteractionRespond(deferred, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(14 * time.Minute)
	if _, err := s.InteractionResponseEdit(deferred, &discordgo.WebhookEdit{Content: ptr("in time"), AllowedMentions: noMentions()}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Minute)
	_, err := s.InteractionResponseEdit(deferred, &discordgo.WebhookEdit{Content: ptr("too late"), AllowedMentions: noMentions()})
	wantAPIError(t, err, 401, CodeInvalidWebhookToken)
}

func TestCommandVisibilityAndOptions(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	setup := &discordgo.ApplicationCommand{
		Name: "setup", Description: "Server settings",
		DefaultMemberPermissions: ptr(int64(discordgo.PermissionManageGuild)),
	}
	registerGuild(t, s, w.srv, w.guild.ID, setup, askCommand)

	if _, err := w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "setup"}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("patient running /setup: %v, want ErrNotAllowed", err)
	}
	if _, err := w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.modUser.User.ID, Name: "setup"}); err != nil {
		t.Errorf("moderator with Manage Server running /setup: %v", err)
	}
	if _, err := w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "nope"}); !errors.Is(err, ErrUnknownCommand) {
		t.Errorf("unknown command: %v", err)
	}
	if _, err := w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "ask"}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("missing required option: %v", err)
	}
	if _, err := w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "ask",
		Options: []Option{{Name: "question", Value: "q"}, {Name: "urgency", Value: 9}}}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("value above max_value: %v", err)
	}
}

func TestAutocompleteAllowsAtMost25Choices(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	ctx := testCtx(t)
	b := startBot(t, w.srv, func(s *discordgo.Session, ic *discordgo.InteractionCreate) error {
		typed := ic.ApplicationCommandData().Options[0].StringValue()
		n, _ := strconv.Atoi(typed)
		var choices []*discordgo.ApplicationCommandOptionChoice
		for i := range n {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: "Zone " + strconv.Itoa(i), Value: "Zone/" + strconv.Itoa(i)})
		}
		return s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: choices},
		})
	})
	registerGuild(t, b.s, w.srv, w.guild.ID, &discordgo.ApplicationCommand{
		Name: "setup", Description: "Settings",
		Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Description: "IANA zone", Autocomplete: true}},
	})
	ok := must[*Interaction](t)(w.srv.Autocomplete(SlashCommand{ChannelID: w.general.ID, UserID: w.modUser.User.ID, Name: "setup", Options: []Option{{Name: "timezone", Value: "25", Focused: true}}}))
	choices, err := ok.WaitChoices(ctx)
	if err != nil || len(choices) != 25 {
		t.Fatalf("choices = %d, %v", len(choices), err)
	}
	if _, err := ok.WaitReply(ctx); !errors.Is(err, ErrNoReply) {
		t.Errorf("WaitReply after autocomplete = %v, want ErrNoReply", err)
	}
	tooMany := must[*Interaction](t)(w.srv.Autocomplete(SlashCommand{ChannelID: w.general.ID, UserID: w.modUser.User.ID, Name: "setup", Options: []Option{{Name: "timezone", Value: "26", Focused: true}}}))
	// discordgo runs each handler in its own goroutine, so the two may
	// finish in either order: exactly one of them must be refused.
	errs := b.handled(t, 2)
	refused := errs[1]
	if refused == nil {
		refused = errs[0]
	}
	wantAPIError(t, refused, 400, CodeInvalidFormBody)
	if _, answered := tooMany.Response(); answered {
		t.Error("a refused callback does not count as an answer")
	}
}

func TestButtonClickUpdatesMessage(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	ctx := testCtx(t)
	b := startBot(t, w.srv, func(s *discordgo.Session, ic *discordgo.InteractionCreate) error {
		if ic.Type != discordgo.InteractionMessageComponent {
			return nil
		}
		d := ic.MessageComponentData()
		if d.CustomID != "ack:1" || ic.Message == nil || len(ic.Message.Components) != 1 {
			return errors.New("unexpected component data")
		}
		return s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseUpdateMessage,
			Data: &discordgo.InteractionResponseData{
				Content:         "Acknowledged by <@" + ic.Member.User.ID + ">",
				Components:      []discordgo.MessageComponent{},
				AllowedMentions: noMentions(),
			},
		})
	})
	alert, err := b.s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{
		Content:         "Crisis alert",
		AllowedMentions: noMentions(),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Acknowledge", Style: discordgo.DangerButton, CustomID: "ack:1"},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(alert.Components) != 1 {
		t.Fatalf("the REST answer carries %d component rows", len(alert.Components))
	}
	if _, err := w.srv.ClickButton(ComponentClick{ChannelID: w.general.ID, MessageID: alert.ID, UserID: w.modUser.User.ID, CustomID: "nope"}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("clicking a missing button: %v", err)
	}
	it := must[*Interaction](t)(w.srv.ClickButton(ComponentClick{ChannelID: w.general.ID, MessageID: alert.ID, UserID: w.modUser.User.ID, CustomID: "ack:1"}))
	reply, err := it.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if errs := b.handled(t, 1); errs[0] != nil {
		t.Fatal(errs[0])
	}
	if reply.ID != alert.ID || reply.Content != "Acknowledged by <@"+w.modUser.User.ID+">" || len(reply.Components) != 0 {
		t.Errorf("updated message = %+v", reply)
	}
	// allowed_mentions kept the moderator from being pinged.
	if len(reply.Mentions) != 0 {
		t.Errorf("mentions = %+v", reply.Mentions)
	}
}

func TestSelectMenuDeferredUpdateThenEdit(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	ctx := testCtx(t)
	b := startBot(t, w.srv, func(s *discordgo.Session, ic *discordgo.InteractionCreate) error {
		if ic.Type != discordgo.InteractionMessageComponent {
			return nil
		}
		if err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
			return err
		}
		_, err := s.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: ptr("Chose " + ic.MessageComponentData().Values[0]), AllowedMentions: noMentions()})
		return err
	})
	menu, err := b.s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{
		Content: "Pick a condition", AllowedMentions: noMentions(),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.SelectMenu{CustomID: "cond", Options: []discordgo.SelectMenuOption{{Label: "Asthma", Value: "asthma"}, {Label: "Diabetes", Value: "diabetes"}}},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.srv.SelectMenu(ComponentClick{ChannelID: w.general.ID, MessageID: menu.ID, UserID: w.patient.User.ID, CustomID: "cond", Values: []string{"flu"}}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("choosing a value that is not offered: %v", err)
	}
	it := must[*Interaction](t)(w.srv.SelectMenu(ComponentClick{ChannelID: w.general.ID, MessageID: menu.ID, UserID: w.patient.User.ID, CustomID: "cond", Values: []string{"diabetes"}}))
	if errs := b.handled(t, 1); errs[0] != nil {
		t.Fatal(errs[0])
	}
	reply, err := it.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reply.ID != menu.ID || reply.Content != "Chose diabetes" {
		t.Errorf("reply = %s %q", reply.ID, reply.Content)
	}
}

func TestModalSubmit(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	ctx := testCtx(t)
	b := startBot(t, w.srv, func(s *discordgo.Session, ic *discordgo.InteractionCreate) error {
		switch ic.Type {
		case discordgo.InteractionApplicationCommand:
			return s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseModal,
				Data: &discordgo.InteractionResponseData{CustomID: "reject:42", Title: "Reject summary", Components: []discordgo.MessageComponent{
					discordgo.ActionsRow{Components: []discordgo.MessageComponent{
						discordgo.TextInput{CustomID: "reason", Label: "Reason", Style: discordgo.TextInputParagraph, Required: true, MaxLength: 200},
					}},
				}},
			})
		case discordgo.InteractionModalSubmit:
			d := ic.ModalSubmitData()
			row := d.Components[0].(*discordgo.ActionsRow)
			reason := row.Components[0].(*discordgo.TextInput).Value
			return s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: d.CustomID + ": " + reason, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
			})
		}
		return nil
	})
	registerGuild(t, b.s, w.srv, w.guild.ID, &discordgo.ApplicationCommand{Name: "review", Description: "Review"})
	first := must[*Interaction](t)(w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.modUser.User.ID, Name: "review"}))
	modal, err := first.WaitModal(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if modal.Title != "Reject summary" {
		t.Errorf("modal = %+v", modal)
	}
	if _, err := w.srv.SubmitModal(first, map[string]string{}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("submitting without the required field: %v", err)
	}
	submit := must[*Interaction](t)(w.srv.SubmitModal(first, map[string]string{"reason": "cites a message that does not say that"}))
	reply, err := submit.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reply.Content != "reject:42: cites a message that does not say that" {
		t.Errorf("reply = %q", reply.Content)
	}
	for i, err := range b.handled(t, 2) {
		if err != nil {
			t.Errorf("handler %d: %v", i, err)
		}
	}
}

func TestMessageContextMenuCommand(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	ctx := testCtx(t)
	b := startBot(t, w.srv, func(s *discordgo.Session, ic *discordgo.InteractionCreate) error {
		d := ic.ApplicationCommandData()
		target := d.Resolved.Messages[d.TargetID]
		return s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "Flagged " + target.ID + " by " + target.Author.Username, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
		})
	})
	registerGuild(t, b.s, w.srv, w.guild.ID, &discordgo.ApplicationCommand{Name: "Flag as urgent", Type: discordgo.MessageApplicationCommand})
	post := must[*discordgo.Message](t)(w.srv.PostMessage(UserMessage{ChannelID: w.general.ID, AuthorID: w.patient.User.ID, Content: "my chest hurts"}))
	it := must[*Interaction](t)(w.srv.RunMessageCommand(ContextCommand{ChannelID: w.general.ID, UserID: w.modUser.User.ID, Name: "Flag as urgent", TargetID: post.ID}))
	reply, err := it.WaitReply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if reply.Content != "Flagged "+post.ID+" by pat" || reply.Type != discordgo.MessageTypeContextMenuCommand {
		t.Errorf("reply = %q type %d", reply.Content, reply.Type)
	}
	if errs := b.handled(t, 1); errs[0] != nil {
		t.Fatal(errs[0])
	}
}
