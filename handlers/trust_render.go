package handlers

import (
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// renderTrust renders the notices of verified clinicians, peer mentors,
// peer threads, reminders and outcomes; nil for other kinds.
func renderTrust(n bot.Notice) *discordgo.MessageSend {
	switch n := n.(type) {
	case bot.PrivateFallback:
		// A private notice for someone who takes no direct messages, in
		// the review channel: it mentions them, and only them.
		m := render(n.Notice)
		m.Content = fmt.Sprintf("<@%s> (you don't take direct messages, so this is here instead) %s", n.UserID, m.Content)
		m.Reference = nil
		m.AllowedMentions = MentionUsers(n.UserID)
		return m
	case bot.ClinicianNotice:
		return &discordgo.MessageSend{Content: clinicianNoticeText(n), AllowedMentions: noMentions()}
	}
	return nil
}

func clinicianNoticeText(n bot.ClinicianNotice) string {
	switch n.Kind {
	case bot.VerificationReminder:
		return fmt.Sprintf("🩺 Your clinician verification (%s) ends <t:%d:R>, after %s. A moderator can renew it with `/clinician verify` once they have seen your renewed licence; until then you keep the clinician role.",
			n.Jurisdiction, n.ExpiresAt.Unix(), n.ExpiresOn)
	case bot.VerificationExpired:
		return fmt.Sprintf("🩺 Your clinician verification (%s) expired after %s, so the clinician role was removed and you can't take office-hours questions for now. A moderator can verify you again with `/clinician verify` once they have seen your renewed licence.",
			n.Jurisdiction, n.ExpiresOn)
	case bot.VerificationRevoked:
		return fmt.Sprintf("🩺 A moderator ended your clinician verification (%s), so the clinician role was removed and you can't take office-hours questions. Please talk to the moderators if you think this is a mistake.",
			n.Jurisdiction)
	}
	return "🩺 Your clinician verification changed."
}
