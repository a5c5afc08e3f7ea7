package fakediscord

import (
	"strconv"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// Discord's size limits hold at their exact edge (the largest message it
// takes is taken) and on every path a bot sends a message by: channel
// messages, interaction replies, followups and edits of either.

// embedsOf returns n embeds whose descriptions hold size characters each.
func embedsOf(n, size int) []*discordgo.MessageEmbed {
	out := make([]*discordgo.MessageEmbed, n)
	for i := range out {
		out[i] = &discordgo.MessageEmbed{Description: strings.Repeat("d", size)}
	}
	return out
}

func TestMessageLimitsAtTheEdge(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	send := func(m *discordgo.MessageSend) error {
		m.AllowedMentions = noMentions()
		_, err := s.ChannelMessageSendComplex(w.general.ID, m)
		return err
	}
	// Ten embeds of 600 characters: ten is the most, 6,000 the most in all.
	if err := send(&discordgo.MessageSend{Embeds: embedsOf(10, 600)}); err != nil {
		t.Errorf("10 embeds, 6,000 characters: %v", err)
	}
	err := send(&discordgo.MessageSend{Embeds: embedsOf(10, 601)})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	if !strings.Contains(err.Error(), "MAX_EMBED_SIZE_EXCEEDED") {
		t.Errorf("6,010 characters: want MAX_EMBED_SIZE_EXCEEDED, got %v", err)
	}
	// Titles, field names and values, footers and author names count too.
	parts := []*discordgo.MessageEmbed{{
		Title:       strings.Repeat("t", 256),
		Description: strings.Repeat("d", 4096),
		Footer:      &discordgo.MessageEmbedFooter{Text: strings.Repeat("f", 1000)},
		Author:      &discordgo.MessageEmbedAuthor{Name: strings.Repeat("a", 256)},
		Fields:      []*discordgo.MessageEmbedField{{Name: "n", Value: strings.Repeat("v", 391)}},
	}}
	if err := send(&discordgo.MessageSend{Embeds: parts}); err != nil {
		t.Errorf("an embed of exactly 6,000 characters over all its parts: %v", err)
	}
	parts[0].Fields[0].Value += "v"
	err = send(&discordgo.MessageSend{Embeds: parts})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	if !strings.Contains(err.Error(), "MAX_EMBED_SIZE_EXCEEDED") {
		t.Errorf("6,001 characters over an embed's parts: want MAX_EMBED_SIZE_EXCEEDED, got %v", err)
	}
	// 25 fields an embed, 5 rows of 5 buttons, 25 select options.
	fields := make([]*discordgo.MessageEmbedField, 26)
	for i := range fields {
		fields[i] = &discordgo.MessageEmbedField{Name: "n", Value: "v"}
	}
	wantAPIError(t, send(&discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: fields}}}), 400, CodeInvalidFormBody)
	if err := send(&discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: fields[:25]}}}); err != nil {
		t.Errorf("25 fields: %v", err)
	}
	row := func(base, n int) discordgo.ActionsRow {
		r := discordgo.ActionsRow{}
		for i := range n {
			r.Components = append(r.Components, discordgo.Button{Label: "b", Style: discordgo.PrimaryButton, CustomID: "b" + strconv.Itoa(base+i)})
		}
		return r
	}
	rows := func(n, per int) []discordgo.MessageComponent {
		var out []discordgo.MessageComponent
		for i := range n {
			out = append(out, row(i*10, per))
		}
		return out
	}
	if err := send(&discordgo.MessageSend{Content: "x", Components: rows(5, 5)}); err != nil {
		t.Errorf("5 rows of 5 buttons: %v", err)
	}
	wantAPIError(t, send(&discordgo.MessageSend{Content: "x", Components: rows(6, 1)}), 400, CodeInvalidFormBody)
	wantAPIError(t, send(&discordgo.MessageSend{Content: "x", Components: rows(1, 6)}), 400, CodeInvalidFormBody)
	options := func(n int) []discordgo.SelectMenuOption {
		var out []discordgo.SelectMenuOption
		for i := range n {
			out = append(out, discordgo.SelectMenuOption{Label: "o", Value: strconv.Itoa(i)})
		}
		return out
	}
	menu := func(n int) []discordgo.MessageComponent {
		return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.SelectMenu{CustomID: "pick", Options: options(n)},
		}}}
	}
	if err := send(&discordgo.MessageSend{Content: "x", Components: menu(25)}); err != nil {
		t.Errorf("a select menu of 25 options: %v", err)
	}
	wantAPIError(t, send(&discordgo.MessageSend{Content: "x", Components: menu(26)}), 400, CodeInvalidFormBody)
}

func TestInteractionRepliesKeepMessageLimits(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	ctx := testCtx(t)
	got := make(chan *discordgo.Interaction, 1)
	b := startBot(t, w.srv, func(_ *discordgo.Session, ic *discordgo.InteractionCreate) error {
		got <- ic.Interaction
		return nil
	})
	registerGuild(t, b.s, w.srv, w.guild.ID, askCommand)
	must[*Interaction](t)(w.srv.RunCommand(SlashCommand{ChannelID: w.general.ID, UserID: w.patient.User.ID, Name: "ask", Options: []Option{{Name: "question", Value: "q"}}}))
	var ic *discordgo.Interaction
	select {
	case ic = <-got:
	case <-ctx.Done():
		t.Fatal("no interaction")
	}
	s := b.s
	reply := func(d *discordgo.InteractionResponseData) error {
		d.AllowedMentions = noMentions()
		return s.InteractionRespond(ic, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: d})
	}
	long := strings.Repeat("a", 2001)

	// A refused reply does not use up the interaction.
	wantAPIError(t, reply(&discordgo.InteractionResponseData{Content: long}), 400, CodeInvalidFormBody)
	wantAPIError(t, reply(&discordgo.InteractionResponseData{Embeds: embedsOf(11, 1)}), 400, CodeInvalidFormBody)
	wantAPIError(t, reply(&discordgo.InteractionResponseData{Embeds: embedsOf(10, 601)}), 400, CodeInvalidFormBody)
	if err := reply(&discordgo.InteractionResponseData{Content: strings.Repeat("a", 2000), Embeds: embedsOf(10, 600)}); err != nil {
		t.Fatalf("a reply at every limit: %v", err)
	}

	_, err := s.InteractionResponseEdit(ic, &discordgo.WebhookEdit{Content: &long, AllowedMentions: noMentions()})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	eleven := embedsOf(11, 1)
	_, err = s.InteractionResponseEdit(ic, &discordgo.WebhookEdit{Embeds: &eleven, AllowedMentions: noMentions()})
	wantAPIError(t, err, 400, CodeInvalidFormBody)

	_, err = s.FollowupMessageCreate(ic, true, &discordgo.WebhookParams{Content: long, AllowedMentions: noMentions()})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	_, err = s.FollowupMessageCreate(ic, true, &discordgo.WebhookParams{Embeds: embedsOf(10, 601), AllowedMentions: noMentions()})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	fup, err := s.FollowupMessageCreate(ic, true, &discordgo.WebhookParams{Content: "ok", AllowedMentions: noMentions()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.FollowupMessageEdit(ic, fup.ID, &discordgo.WebhookEdit{Content: &long, AllowedMentions: noMentions()})
	wantAPIError(t, err, 400, CodeInvalidFormBody)

	// What was refused never reached the channel.
	for _, m := range w.srv.Messages(w.general.ID) {
		if len([]rune(m.Content)) > 2000 || len(m.Embeds) > 10 {
			t.Errorf("message %s holds %d characters and %d embeds", m.ID, len([]rune(m.Content)), len(m.Embeds))
		}
	}
}

func TestCommandsAllowAtMost25Choices(t *testing.T) {
	w := newWorld(t, Options{}, 0)
	s, _ := newSession(t, w.srv, w.srv.Token())
	withChoices := func(n int) *discordgo.ApplicationCommand {
		var choices []*discordgo.ApplicationCommandOptionChoice
		for i := range n {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: "c" + strconv.Itoa(i), Value: strconv.Itoa(i)})
		}
		return &discordgo.ApplicationCommand{Name: "pick", Description: "Pick one", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "which", Description: "Which", Choices: choices},
		}}
	}
	if _, err := s.ApplicationCommandBulkOverwrite(w.srv.ApplicationID(), w.guild.ID, []*discordgo.ApplicationCommand{withChoices(25)}); err != nil {
		t.Errorf("25 choices: %v", err)
	}
	_, err := s.ApplicationCommandBulkOverwrite(w.srv.ApplicationID(), w.guild.ID, []*discordgo.ApplicationCommand{withChoices(26)})
	wantAPIError(t, err, 400, CodeInvalidFormBody)
	if !strings.Contains(err.Error(), "choices") {
		t.Errorf("the error names no choices field: %v", err)
	}
}
