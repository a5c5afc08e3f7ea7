package discordadapter

import (
	"context"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

var askCommand = &discordgo.ApplicationCommand{
	Name:        "ask",
	Description: "Send a question straight to a condition's office-hours queue",
	Contexts:    guildOnly,
	Options: []*discordgo.ApplicationCommandOption{
		conditionOption("Your condition group"),
		{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question for the clinician", Required: true, MinLength: ptr(5), MaxLength: 1800},
		{Type: discordgo.ApplicationCommandOptionBoolean, Name: "anonymous", Description: "Hide your name from other members (clinicians still see it)"},
	},
}

// The message-menu overrides, for moderators and clinicians.
var (
	menuOfficeHours = &discordgo.ApplicationCommand{Name: "Send to office hours", Type: discordgo.MessageApplicationCommand, Contexts: guildOnly}
	menuPeers       = &discordgo.ApplicationCommand{Name: "Keep with peers", Type: discordgo.MessageApplicationCommand, Contexts: guildOnly}
	menuUrgent      = &discordgo.ApplicationCommand{Name: "Flag as urgent", Type: discordgo.MessageApplicationCommand, Contexts: guildOnly}
	// menuWorried is for every member, on someone else's message.
	menuWorried = &discordgo.ApplicationCommand{Name: "I'm worried about this person", Type: discordgo.MessageApplicationCommand, Contexts: guildOnly}
)

func (b *Bot) ask(ctx context.Context, r *Request) (Reply, error) {
	res, err := b.svc.Ask(ctx, r.Caller, r.String("condition"), r.String("question"), r.Bool("anonymous", false))
	if err != nil {
		return Reply{}, err
	}
	if res.Emergency {
		return Reply{Content: res.Crisis.Text()}, nil
	}
	res.Receipt.Lang = r.Lang() // only the asker sees it
	text := receiptText(res.Receipt)
	if res.Already {
		text = r.Lang().T("You had already sent this question; it is in the queue once.") + "\n" + text
	}
	return Reply{Content: text, Components: receiptButtons(res.Receipt)}, nil
}

// override runs a message-menu command.
func (b *Bot) override(action bot.OverrideAction) HandlerFunc {
	return func(ctx context.Context, r *Request) (Reply, error) {
		data := r.ApplicationCommandData()
		var target *discordgo.Message
		if data.Resolved != nil {
			target = data.Resolved.Messages[data.TargetID]
		}
		if target == nil {
			return Reply{}, bot.Errorf(bot.EINVALID, "Discord did not send the message; please try again.")
		}
		if target.GuildID == "" {
			target.GuildID = r.GuildID
		}
		if target.Author != nil && target.Author.Bot {
			return Reply{}, bot.Errorf(bot.EINVALID, "That message is from a bot; only members' messages are triaged.")
		}
		msg := messageOf(target, b.threadParent(ctx, target.ChannelID))
		res, err := b.svc.Override(ctx, r.Caller, msg, action)
		if err != nil {
			return Reply{}, err
		}
		switch action {
		case bot.ActionOfficeHours:
			if res.Already {
				return Reply{Content: r.Lang().Sprintf("That question is already in the %s office-hours queue.", res.Condition)}, nil
			}
			return Reply{Content: r.Lang().Sprintf("Sent to the %s office-hours queue; the member was told. (It was triaged as %s.)", res.Condition, bot.Msg(res.From.String()))}, nil
		case bot.ActionPeers:
			return Reply{Content: r.Lang().Sprintf("Kept with peers in %s: any queued copy was removed and a peer thread opened. (It was triaged as %s.)", res.Condition, bot.Msg(res.From.String()))}, nil
		default:
			return Reply{Content: r.Lang().T("Flagged as urgent: the member got the crisis resources and an alert went to the alert channel.")}, nil
		}
	}
}

// worried raises a member's concern about someone else's message: a private
// alert to the moderators, and a private answer saying what happens next.
func (b *Bot) worried(ctx context.Context, r *Request) (Reply, error) {
	data := r.ApplicationCommandData()
	var target *discordgo.Message
	if data.Resolved != nil {
		target = data.Resolved.Messages[data.TargetID]
	}
	if target == nil {
		return Reply{}, bot.Errorf(bot.EINVALID, "Discord did not send the message; please try again.")
	}
	if target.GuildID == "" {
		target.GuildID = r.GuildID
	}
	if target.Author == nil || target.Author.Bot || target.WebhookID != "" {
		return Reply{}, bot.Errorf(bot.EINVALID, "That message is from a bot or an app, not a member, so there is nobody to check on. If someone is in danger, tell a moderator directly.")
	}
	msg := messageOf(target, b.threadParent(ctx, target.ChannelID))
	// The reporter is named to the moderators only if the person reported
	// cannot read the alert channel; when that cannot be told, not.
	withhold := true
	if ch := r.Settings.AlertChannelID; ch != "" && msg.AuthorID != r.Caller.UserID {
		if perms, ok := b.memberPermissions(ctx, r.GuildID, msg.AuthorID, ch); ok {
			withhold = perms&discordgo.PermissionViewChannel != 0
		}
	}
	res, err := b.svc.ReportConcern(ctx, r.Caller, msg, withhold)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Content: res.Text()}, nil
}

// outcome records what a moderator found after acknowledging an alert.
func (b *Bot) outcome(ctx context.Context, r *Request) (Reply, error) {
	id, err := argID[bot.AlertID](r, 0)
	if err != nil || len(r.Args) != 2 {
		return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date.")
	}
	n, err := b.svc.AlertOutcome(ctx, r.Caller, id, bot.AlertOutcome(r.Args[1]))
	if err != nil {
		return Reply{}, err
	}
	n.Realert = n.RealertMessageID != "" && clickedMessage(r) == n.RealertMessageID
	m := alertMessage(n)
	return Reply{Content: m.Content, Embeds: m.Embeds, Components: m.Components}, nil
}

// acknowledge marks an emergency alert as taken.
func (b *Bot) acknowledge(ctx context.Context, r *Request) (Reply, error) {
	id, err := argID[bot.AlertID](r, 0)
	if err != nil {
		return Reply{}, err
	}
	n, err := b.svc.Acknowledge(ctx, r.Caller, id)
	if err != nil {
		return Reply{}, err
	}
	// The clicked post is shown as what it is; the others are edited by
	// the service.
	n.Realert = n.RealertMessageID != "" && clickedMessage(r) == n.RealertMessageID
	m := alertMessage(n)
	return Reply{Content: m.Content, Embeds: m.Embeds, Components: m.Components}, nil
}

// withdraw takes the clicker's own question out of the queue.
func (b *Bot) withdraw(ctx context.Context, r *Request) (Reply, error) {
	id, err := argID[bot.QuestionID](r, 0)
	if err != nil {
		return Reply{}, err
	}
	rc, err := b.svc.Withdraw(ctx, r.Caller, id, clickedMessage(r))
	if err != nil {
		return Reply{}, err
	}
	return Reply{Content: receiptText(rc), Components: receiptButtons(rc)}, nil
}

// offer queues an unanswered peer question at its asker's request.
func (b *Bot) offer(ctx context.Context, r *Request) (Reply, error) {
	if len(r.Args) != 1 {
		return Reply{}, bot.Errorf(bot.EINVALID, "This button is out of date.")
	}
	rc, err := b.svc.AcceptOffer(ctx, r.Caller, r.Args[0], r.ChannelID, clickedMessage(r))
	if err != nil {
		return Reply{}, err
	}
	return Reply{Content: receiptText(rc), Components: receiptButtons(rc)}, nil
}

// clickedMessage is the ID of the message whose button was pressed; "" for
// an ephemeral one, which the bot cannot edit later.
func clickedMessage(r *Request) string {
	if r.Message == nil || r.Message.Flags&discordgo.MessageFlagsEphemeral != 0 {
		return ""
	}
	return r.Message.ID
}

// argID reads argument i of a custom ID as the ID of the row it names.
func argID[ID ~int64](r *Request, i int) (ID, error) {
	if len(r.Args) <= i {
		return 0, bot.Errorf(bot.EINVALID, "This button is out of date.")
	}
	id, err := strconv.ParseInt(r.Args[i], 10, 64)
	if err != nil {
		return 0, bot.Errorf(bot.EINVALID, "This button is out of date.")
	}
	return ID(id), nil
}
