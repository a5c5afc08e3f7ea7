package fakediscord

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// What a person may not do in the Discord client, the emulator refuses
// too, so that the sandbox never lets anyone do what Discord would not.
func TestUsersAreRefusedWhatDiscordRefuses(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	hidden := must[*discordgo.Channel](t)(w.srv.AddChannel(w.guild.ID, ChannelSpec{Name: "staff", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: w.guild.ID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionViewChannel},
		{ID: w.mod.ID, Type: discordgo.PermissionOverwriteTypeRole, Allow: discordgo.PermissionViewChannel},
		{ID: w.srv.BotRoleID(w.guild.ID), Type: discordgo.PermissionOverwriteTypeRole, Allow: discordgo.PermissionViewChannel},
	}}))
	readOnly := must[*discordgo.Channel](t)(w.srv.AddChannel(w.guild.ID, ChannelSpec{Name: "office-hours", Overwrites: []*discordgo.PermissionOverwrite{
		{ID: w.guild.ID, Type: discordgo.PermissionOverwriteTypeRole, Deny: discordgo.PermissionSendMessages},
	}}))
	post := func(ch, text string) error {
		_, err := w.srv.PostMessage(UserMessage{ChannelID: ch, AuthorID: w.patient.User.ID, Content: text})
		return err
	}
	wantUserRefused(t, post(hidden.ID, "hi"), 403, CodeMissingAccess)
	wantUserRefused(t, post(readOnly.ID, "hi"), 403, CodeMissingPermissions)
	wantUserRefused(t, post(w.general.ID, strings.Repeat("a", 2001)), 400, CodeInvalidFormBody)
	if err := post(w.general.ID, strings.Repeat("a", 2000)); err != nil {
		t.Errorf("2,000 characters: %v", err)
	}
	if _, err := w.srv.PostMessage(UserMessage{ChannelID: hidden.ID, AuthorID: w.modUser.User.ID, Content: "hi"}); err != nil {
		t.Errorf("a moderator posting where the role may see: %v", err)
	}

	// Commands and buttons where the person cannot see: the client offers
	// neither.
	registerGuild(t, s, w.srv, w.guild.ID, askCommand)
	if _, err := w.srv.RunCommand(SlashCommand{ChannelID: hidden.ID, UserID: w.patient.User.ID, Name: "ask", Options: []Option{{Name: "question", Value: "q"}}}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("a command in a hidden channel: %v, want ErrNotAllowed", err)
	}
	button := []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Acknowledge", Style: discordgo.DangerButton, CustomID: "ack:1"},
	}}}
	alert, err := s.ChannelMessageSendComplex(hidden.ID, &discordgo.MessageSend{Content: "alert", Components: button, AllowedMentions: noMentions()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.srv.ClickButton(ComponentClick{ChannelID: hidden.ID, MessageID: alert.ID, UserID: w.patient.User.ID, CustomID: "ack:1"}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("a button in a hidden channel: %v, want ErrNotAllowed", err)
	}
	if _, err := w.srv.ClickButton(ComponentClick{ChannelID: hidden.ID, MessageID: alert.ID, UserID: w.modUser.User.ID, CustomID: "nope"}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("a button the message does not have: %v, want ErrNotAllowed", err)
	}
}

// The three seconds hold for every kind of interaction, not only commands.
func TestThreeSecondWindowForButtonsAndModals(t *testing.T) {
	clock := newFakeClock()
	w := newWorld(t, Options{Now: clock.Now}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	button := []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Reject", Style: discordgo.DangerButton, CustomID: "reject:1"},
	}}}
	draft, err := s.ChannelMessageSendComplex(w.general.ID, &discordgo.MessageSend{Content: "draft", Components: button, AllowedMentions: noMentions()})
	if err != nil {
		t.Fatal(err)
	}
	click := func() *Interaction {
		return must[*Interaction](t)(w.srv.ClickButton(ComponentClick{ChannelID: w.general.ID, MessageID: draft.ID, UserID: w.modUser.User.ID, CustomID: "reject:1"}))
	}
	modal := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &discordgo.InteractionResponseData{
		CustomID: "why:1", Title: "Reject this draft",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.TextInput{CustomID: "reason", Label: "Why?", Style: discordgo.TextInputParagraph, Required: true, MinLength: 3, MaxLength: 500},
		}}},
	}}

	late := click()
	clock.Advance(3*time.Second + time.Millisecond)
	wantAPIError(t, s.InteractionRespond(late.Payload(), &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}), 404, CodeUnknownInteraction)
	lateModal := click()
	clock.Advance(3*time.Second + time.Millisecond)
	wantAPIError(t, s.InteractionRespond(lateModal.Payload(), modal), 404, CodeUnknownInteraction)

	// In time: the modal opens; its submission is a new interaction with
	// three seconds of its own.
	first := click()
	clock.Advance(2 * time.Second)
	if err := s.InteractionRespond(first.Payload(), modal); err != nil {
		t.Fatal(err)
	}
	if _, err := w.srv.SubmitModal(first, map[string]string{"reason": "x"}); !errors.Is(err, ErrNotAllowed) {
		t.Errorf("a reason shorter than min_length: %v, want ErrNotAllowed", err)
	}
	sub := must[*Interaction](t)(w.srv.SubmitModal(first, map[string]string{"reason": "misses a theme"}))
	clock.Advance(3*time.Second + time.Millisecond)
	wantAPIError(t, s.InteractionRespond(sub.Payload(), &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}), 404, CodeUnknownInteraction)
}

// wantUserRefused checks the *APIError a user-side action returns.
func wantUserRefused(t *testing.T, err error, status, code int) {
	t.Helper()
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("want an *APIError %d/%d, got %T: %v", status, code, err, err)
	}
	if ae.Status != status || ae.Code != code {
		t.Errorf("got HTTP %d code %d, want HTTP %d code %d", ae.Status, ae.Code, status, code)
	}
}
