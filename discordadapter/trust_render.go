package discordadapter

import (
	"fmt"
	"strings"

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
		m := renderKnown(n.Notice)
		if m == nil {
			return nil // renderNotice refuses it
		}
		m.Content = n.Lang.Sprintf("<@%s> (you don't take direct messages, so this is here instead) %s", n.UserID, m.Content)
		m.Reference = nil
		m.AllowedMentions = MentionUsers(n.UserID)
		return m
	case bot.ClinicianNotice:
		return &discordgo.MessageSend{Content: clinicianNoticeText(n), AllowedMentions: noMentions()}
	case bot.SessionReminder:
		return &discordgo.MessageSend{Content: reminderText(n), AllowedMentions: noMentions()}
	case bot.PeerNudge:
		return peerNudge(n)
	case bot.HelpfulPrompt:
		return helpfulPrompt(n)
	case bot.FAQCard:
		return faqCard(n)
	case bot.PeerClosed:
		return peerClosed(n)
	case bot.MentorApplicationCard:
		return applicationCard(n)
	case bot.MentorDecisionNotice:
		return &discordgo.MessageSend{Content: mentorDecisionText(n), AllowedMentions: noMentions()}
	case bot.MentorWelcome:
		return &discordgo.MessageSend{
			Content: n.Lang.Sprintf("👋 Welcome <@%s>, now a peer mentor for **%s**. This channel is for mentors and moderators: ask here when a thread is hard, and use **I'm worried about this person** when someone may be in danger.",
				n.UserID, strings.Join(n.Conditions, ", ")),
			AllowedMentions: MentionUsers(n.UserID),
		}
	}
	return nil
}

func clinicianNoticeText(n bot.ClinicianNotice) string {
	l := n.Lang
	switch n.Kind {
	case bot.VerificationReminder:
		return l.Sprintf("🩺 Your clinician verification (%s) ends <t:%d:R>, after %s. A moderator can renew it with `/clinician verify` once they have seen your renewed licence; until then you keep the clinician role.",
			n.Jurisdiction, n.ExpiresAt.Unix(), n.ExpiresOn)
	case bot.VerificationExpired:
		return l.Sprintf("🩺 Your clinician verification (%s) expired after %s, so the clinician role was removed and you can't take office-hours questions for now. A moderator can verify you again with `/clinician verify` once they have seen your renewed licence.",
			n.Jurisdiction, n.ExpiresOn)
	case bot.VerificationRevoked:
		return l.Sprintf("🩺 A moderator ended your clinician verification (%s), so the clinician role was removed and you can't take office-hours questions. Please talk to the moderators if you think this is a mistake.",
			n.Jurisdiction)
	}
	return l.T("🩺 Your clinician verification changed.")
}

// peerWelcome opens a peer thread: it pings the mentors whose turn it is,
// by name (never the whole role), and offers the asker Resolved.
func peerWelcome(n bot.PeerWelcome) *discordgo.MessageSend {
	l := n.Lang
	var b strings.Builder
	if len(n.MentorIDs) > 0 {
		for _, id := range n.MentorIDs {
			fmt.Fprintf(&b, "<@%s> ", id)
		}
		b.WriteString(l.T("— a member asked something other members may be able to help with, and it's your turn in the mentor rotation. "))
	} else {
		b.WriteString(l.T("A member asked something other members may be able to help with. "))
	}
	b.WriteString(l.T("Share what has worked for you — experience, not medical advice."))
	m := &discordgo.MessageSend{Content: b.String(), AllowedMentions: MentionUsers(n.MentorIDs...)}
	if n.SourceMessageID != "" {
		m.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Style: discordgo.SecondaryButton, Label: l.T("Resolved — close this thread"), CustomID: routeResolved + ":" + n.SourceMessageID},
		}}}
	}
	return m
}

// routeResolved is the asker's button on a peer thread's first post:
// "resolved:<question message>".
const routeResolved = "resolved"

func peerNudge(n bot.PeerNudge) *discordgo.MessageSend {
	var b strings.Builder
	for _, id := range n.MentorIDs {
		fmt.Fprintf(&b, "<@%s> ", id)
	}
	b.WriteString(n.Lang.T("— this question has had no reply from another member for 6 hours. If you can, share what has helped you. Experience, not medical advice."))
	return &discordgo.MessageSend{Content: b.String(), AllowedMentions: MentionUsers(n.MentorIDs...)}
}

func peerClosed(n bot.PeerClosed) *discordgo.MessageSend {
	l := n.Lang
	var t string
	switch n.Reason {
	case bot.PeerResolved:
		if n.ClosedBy == n.AskerID {
			t = l.T("✅ Marked resolved by the person who asked. Thank you, everyone! This thread is archived now; writing in it opens it again.")
		} else {
			t = l.T("✅ Marked resolved by a moderator. This thread is archived now; writing in it opens it again.")
		}
	case bot.PeerQuiet:
		t = l.T("💤 Nobody has written here for 3 days, so this thread is archived. Writing in it opens it again.")
	case bot.PeerAskerLeft:
		t = l.T("The person who asked has left the server, so this thread is closed.")
	default:
		t = l.T("This thread is closed.")
	}
	return &discordgo.MessageSend{Content: t, AllowedMentions: noMentions()}
}

func reminderText(n bot.SessionReminder) string {
	l := n.Lang
	var b strings.Builder
	b.WriteString(l.Sprintf("⏰ Your **%s** office hours start <t:%d:R> (<t:%d:F>, until <t:%d:t>) in <#%s>. %s waiting in the queue now.",
		n.Condition, n.StartsAt.Unix(), n.StartsAt.Unix(), n.EndsAt.Unix(), n.OfficeChannelID, l.Plural(n.Waiting, "question is", "questions are")))
	if n.Verified == "" {
		b.WriteString(l.T("\n⚠️ You have no current clinician verification, so you can't take questions yet: please ask a moderator to run `/clinician verify`."))
	}
	return b.String()
}
