package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

// GuildSettings returns a server's settings, or empty settings carrying only
// the guild ID when none were saved.
func (q *Queries) GuildSettings(ctx context.Context, guildID string) (bot.Settings, error) {
	s := bot.Settings{GuildID: guildID}
	var updated int64
	err := q.x.QueryRowContext(ctx, `
		SELECT moderator_role_id, clinician_role_id, escalation_role_id, review_channel_id, alert_channel_id,
		       timezone, crisis_resources, emergency_number, verifier_role_id,
		       mentor_role_id, mentor_channel_id, backstop_rule_id, country, language, discord_locale, updated_at
		FROM guild_settings WHERE guild_id = ?`, guildID).Scan(
		&s.ModeratorRoleID, &s.ClinicianRoleID, &s.EscalationRoleID, &s.ReviewChannelID, &s.AlertChannelID,
		&s.Timezone, &s.CrisisResources, &s.EmergencyNumber, &s.VerifierRoleID,
		&s.MentorRoleID, &s.MentorChannelID, &s.BackstopRuleID, &s.Country, &s.Language, &s.DiscordLocale, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	s.UpdatedAt = time.UnixMilli(updated).UTC()
	return s, nil
}

// SaveGuildSettings writes all of a server's settings.
func (q *Queries) SaveGuildSettings(ctx context.Context, s bot.Settings) error {
	_, err := q.x.ExecContext(ctx, `
		INSERT INTO guild_settings (guild_id, moderator_role_id, clinician_role_id, escalation_role_id, review_channel_id,
		                            alert_channel_id, timezone, crisis_resources, emergency_number, verifier_role_id,
		                            mentor_role_id, mentor_channel_id, backstop_rule_id, country, language, discord_locale, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (guild_id) DO UPDATE SET
		    moderator_role_id = excluded.moderator_role_id,
		    clinician_role_id = excluded.clinician_role_id,
		    escalation_role_id = excluded.escalation_role_id,
		    review_channel_id = excluded.review_channel_id,
		    alert_channel_id  = excluded.alert_channel_id,
		    timezone          = excluded.timezone,
		    crisis_resources  = excluded.crisis_resources,
		    emergency_number  = excluded.emergency_number,
		    verifier_role_id  = excluded.verifier_role_id,
		    mentor_role_id    = excluded.mentor_role_id,
		    mentor_channel_id = excluded.mentor_channel_id,
		    backstop_rule_id  = excluded.backstop_rule_id,
		    country           = excluded.country,
		    language          = excluded.language,
		    discord_locale    = excluded.discord_locale,
		    updated_at        = excluded.updated_at`,
		s.GuildID, s.ModeratorRoleID, s.ClinicianRoleID, s.EscalationRoleID, s.ReviewChannelID,
		s.AlertChannelID, s.Timezone, s.CrisisResources, s.EmergencyNumber, s.VerifierRoleID,
		s.MentorRoleID, s.MentorChannelID, s.BackstopRuleID, s.Country, s.Language, s.DiscordLocale, s.UpdatedAt.UnixMilli())
	return err
}
