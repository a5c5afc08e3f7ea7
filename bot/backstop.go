package bot

import (
	"context"
	"fmt"

	"github.com/peerhours/peerhours/bot/triage"
)

// The AutoMod backstop. A crisis reply is worth something only while the
// bot runs; while it does not, nobody hears of an emergency until catch-up.
// With /setup backstop:True the bot installs a Discord AutoMod keyword rule
// built from triage's most certain phrases (triage.BackstopKeywords) whose
// action posts Discord's own alert in the alert channel, so Discord alerts
// moderators even with every peerhours process down. When the bot is up it
// also sees the rule fire, and answers Discord's alert with what peerhours
// made of the message: a link to its own alert (one page, not two: AutoMod
// alerts ping nobody), or that it read the message as no emergency.

// jobBackstopLink answers one AutoMod alert.
const jobBackstopLink backstopJob = "backstop_link"

// BackstopRule is the AutoMod rule the bot keeps for a server.
type BackstopRule struct {
	RuleID         string // the rule to update; "" to create one
	Keywords       []string
	AlertChannelID string
	// ExemptRoleIDs and ExemptChannelIDs are left out of the rule: staff
	// talk about crises, and the alert and review channels quote them.
	ExemptRoleIDs    []string
	ExemptChannelIDs []string
}

// BackstopFiring is Discord's report that an AutoMod rule fired on a
// message and posted its alert.
type BackstopFiring struct {
	GuildID        string
	RuleID         string
	ChannelID      string // where the message was posted
	ParentID       string // the channel of that thread, when it is one
	MessageID      string
	UserID         string
	AlertChannelID string // where Discord posted its alert
	AlertMessageID string
}

// BackstopNote answers Discord's AutoMod alert in the alert channel.
type BackstopNote struct {
	ChannelID string // the alert channel
	ReplyTo   string // Discord's alert
	// AlertURL links the bot's own alert for the message; empty when the
	// bot read it as no emergency (Category says what it read instead).
	AlertURL   string
	Category   triage.Category
	MessageURL string
	// Outside is set when the message is not in a condition channel, which
	// peerhours does not read.
	Outside bool
	Lang    Lang // the server's, or the person's when private
}

// Channel implements Notice.
func (n BackstopNote) Channel() string { return n.ChannelID }

// backstopRule is the rule a server's settings call for.
func backstopRule(settings Settings) BackstopRule {
	r := BackstopRule{RuleID: settings.BackstopRuleID, Keywords: triage.BackstopKeywords(), AlertChannelID: settings.AlertChannelID}
	for _, id := range []string{settings.ModeratorRoleID, settings.ClinicianRoleID} {
		if id != "" {
			r.ExemptRoleIDs = append(r.ExemptRoleIDs, id)
		}
	}
	for _, id := range []string{settings.AlertChannelID, settings.ReviewChannelID} {
		if id != "" {
			r.ExemptChannelIDs = append(r.ExemptChannelIDs, id)
		}
	}
	return r
}

// setBackstop installs, updates or removes the server's AutoMod rule as
// next asks (want), and returns next with the rule's ID. It runs before the
// settings are saved, so a refusal from Discord changes nothing.
func (s *Service) setBackstop(ctx context.Context, cur, next Settings, want bool) (Settings, error) {
	if !want {
		if cur.BackstopRuleID != "" {
			if err := s.discord.RemoveBackstop(ctx, cur.GuildID, cur.BackstopRuleID); err != nil && ErrorCode(err) != ENOTFOUND {
				return next, fmt.Errorf("remove the AutoMod rule: %w", err)
			}
		}
		next.BackstopRuleID = ""
		return next, nil
	}
	if next.AlertChannelID == "" {
		return next, Errorf(ESETUP, "The AutoMod backstop has Discord post its alerts in the alert channel, and none is set: add `alert_channel:` to the same command.")
	}
	changed := cur.BackstopRuleID == "" || cur.AlertChannelID != next.AlertChannelID || cur.ReviewChannelID != next.ReviewChannelID ||
		cur.ModeratorRoleID != next.ModeratorRoleID || cur.ClinicianRoleID != next.ClinicianRoleID
	if !changed {
		return next, nil
	}
	id, err := s.discord.SetBackstop(ctx, next.GuildID, backstopRule(next))
	if err != nil {
		return next, fmt.Errorf("install the AutoMod rule: %w", err)
	}
	next.BackstopRuleID = id
	return next, nil
}

// BackstopFired answers an AutoMod alert of the server's backstop rule; a
// firing of any other rule is not the bot's business. The answer waits for
// the bot's own decision on the message, which may not be made yet: the
// rule and the bot see the message at the same moment.
func (s *Service) BackstopFired(ctx context.Context, f BackstopFiring) error {
	settings, err := s.store.GuildSettings(ctx, f.GuildID)
	if err != nil {
		return err
	}
	if settings.BackstopRuleID == "" || settings.BackstopRuleID != f.RuleID || f.AlertMessageID == "" {
		return nil
	}
	now := s.now().UTC()
	j := jobBackstopLink.job(f, now)
	if err := s.store.EnqueueJob(ctx, j); err != nil {
		return err
	}
	s.runSoon(ctx, j.Key)
	return nil
}

// linkBackstop is the backstop_link job: it answers Discord's alert once
// the bot has decided the message, and retries (with the job backoff)
// until it has.
func (s *Service) linkBackstop(ctx context.Context, f BackstopFiring) error {
	note := BackstopNote{Lang: s.lang(ctx, f.GuildID), ChannelID: f.AlertChannelID, ReplyTo: f.AlertMessageID, MessageURL: JumpURL(f.GuildID, f.ChannelID, f.MessageID)}
	rec, err := s.store.Decision(ctx, f.MessageID)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		home := f.ChannelID
		if f.ParentID != "" {
			home = f.ParentID
		}
		if _, cerr := s.store.ConditionByChannel(ctx, home); ErrorCode(cerr) == ENOTFOUND {
			note.Outside = true
			break
		}
		return Errorf(EUNAVAILABLE, "the message is not triaged yet")
	case err != nil:
		return err
	default:
		note.Category = rec.Category
		if rec.Category == triage.Emergency {
			a, err := s.store.AlertForMessage(ctx, rec.ChannelID, rec.UserID, rec.MessageID)
			if err != nil {
				return err
			}
			if a.AlertMessageID == "" {
				return Errorf(EUNAVAILABLE, "the bot's alert is not posted yet")
			}
			note.AlertURL = JumpURL(f.GuildID, a.AlertChannelID, a.AlertMessageID)
		}
	}
	_, err = s.discord.Post(ctx, note)
	return err
}
