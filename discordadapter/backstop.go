package discordadapter

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
	"github.com/peerhours/peerhours/bot/triage"
)

// onAutoModAction hears Discord's AutoMod firing a rule, with the alert it
// posted; the domain answers the alert when the rule is the backstop.
func (b *Bot) onAutoModAction(ctx context.Context, e *discordgo.AutoModerationActionExecution) {
	if e.Action.Type != discordgo.AutoModerationRuleActionSendAlertMessage || e.Action.Metadata == nil {
		return
	}
	log := b.log.With().Str("guild_id", e.GuildID).Str("channel_id", e.ChannelID).Str("message_id", e.MessageID).Logger()
	defer func() {
		if p := recover(); p != nil {
			log.Error().Str("panic", panicType(p)).Msg("AutoMod handler panicked")
		}
	}()
	err := b.svc.BackstopFired(ctx, bot.BackstopFiring{
		GuildID: e.GuildID, RuleID: e.RuleID, ChannelID: e.ChannelID, ParentID: b.threadParent(ctx, e.ChannelID),
		MessageID: e.MessageID, UserID: e.UserID, AlertChannelID: e.Action.Metadata.ChannelID, AlertMessageID: e.AlertSystemMessageID,
	})
	if err != nil {
		log.Error().Str("code", bot.ErrorCode(err)).Str("error", errorClass(err)).Msg("answering an AutoMod alert failed")
	}
}

// backstopNote answers Discord's AutoMod alert in the alert channel. It
// pings nobody: the bot's own alert already did, or there is no emergency.
func backstopNote(n bot.BackstopNote) *discordgo.MessageSend {
	l := n.Lang
	var text string
	switch {
	case n.AlertURL != "":
		text = l.Sprintf("🛟 peerhours raised this too: [its alert](%s) has the details and the **Acknowledge** button. Nothing else is needed here.", n.AlertURL)
	case n.Outside:
		text = l.Sprintf("This [message](%s) is outside the condition channels, which peerhours does not read: please look at it yourselves.", n.MessageURL)
	default:
		what := bot.N("no emergency")
		switch n.Category {
		case triage.Clinical:
			what = bot.N("a question for the clinicians, not an emergency")
		case triage.Peer:
			what = bot.N("a question for peers, not an emergency")
		}
		text = l.Sprintf("peerhours read this [message](%s) as %s. AutoMod matches words without context: please check it, and if it is one, use **Apps → Flag as urgent** on the message.", n.MessageURL, what)
	}
	return &discordgo.MessageSend{Content: text, Reference: reply(n.ChannelID, n.ReplyTo), AllowedMentions: noMentions()}
}
