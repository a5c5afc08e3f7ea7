package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const reportColumns = `id, guild_id, channel_id, message_id, reported_user_id, reporter_id, reporter_withheld,
	alert_id, reported_at, outcome, outcome_by, outcome_at`

func scanReport(row interface{ Scan(...any) error }) (bot.PeerReport, error) {
	var r bot.PeerReport
	var at, outcomeAt int64
	err := row.Scan(&r.ID, &r.GuildID, &r.ChannelID, &r.MessageID, &r.ReportedUserID, &r.ReporterID, &r.ReporterWithheld,
		&r.AlertID, &at, &r.Outcome, &r.OutcomeBy, &outcomeAt)
	r.ReportedAt, r.OutcomeAt = fromMS(at), fromMS(outcomeAt)
	return r, err
}

// AddPeerReport stores a report; a reporter's second report of the same
// message is not stored (false).
func (q *Queries) AddPeerReport(ctx context.Context, r bot.PeerReport) (bot.PeerReport, bool, error) {
	var err error
	r.ID, err = asID[bot.ReportID](q.insertID(ctx, `
		INSERT INTO peer_reports (guild_id, channel_id, message_id, reported_user_id, reporter_id, reporter_withheld, alert_id, reported_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (message_id, reporter_id) WHERE reporter_id != '' DO NOTHING`,
		r.GuildID, r.ChannelID, r.MessageID, r.ReportedUserID, r.ReporterID, r.ReporterWithheld, r.AlertID, ms(r.ReportedAt)))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// PeerReportsSince counts a member's reports in a server after a time.
func (q *Queries) PeerReportsSince(ctx context.Context, guildID, reporterID string, since time.Time) (int, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `
		SELECT count(*) FROM peer_reports WHERE guild_id = ? AND reporter_id = ? AND reported_at > ?`,
		guildID, reporterID, ms(since)).Scan(&n)
	return n, err
}

// AlertReports returns the reports of an alert, oldest first.
func (q *Queries) AlertReports(ctx context.Context, alertID bot.AlertID) ([]bot.PeerReport, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+reportColumns+` FROM peer_reports WHERE alert_id = ? ORDER BY id`, alertID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.PeerReport
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SetAlertOutcome records an alert's outcome on it and on its reports;
// "acknowledged" only fills an empty outcome.
func (q *Queries) SetAlertOutcome(ctx context.Context, alertID bot.AlertID, outcome bot.AlertOutcome, by string, at time.Time) error {
	onlyEmpty := outcome == bot.AlertOutcomeAcknowledged
	for _, table := range []string{"alerts", "peer_reports"} {
		key := "alert_id"
		if table == "alerts" {
			key = "id"
		}
		if _, err := q.x.ExecContext(ctx, `
			UPDATE `+table+` SET outcome = ?, outcome_by = ?, outcome_at = ?
			WHERE `+key+` = ? AND (? = 0 OR outcome = '')`, outcome, by, ms(at), alertID, onlyEmpty); err != nil {
			return err
		}
	}
	return nil
}
