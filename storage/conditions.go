package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/peerhours/peerhours/bot"
)

const conditionColumns = `id, guild_id, name, description, category_id, role_id, mentor_role_id,
	peer_channel_id, office_channel_id, archived, created_at`

func scanCondition(row interface{ Scan(...any) error }) (bot.Condition, error) {
	var c bot.Condition
	var created int64
	err := row.Scan(&c.ID, &c.GuildID, &c.Name, &c.Description, &c.CategoryID, &c.RoleID, &c.MentorRoleID,
		&c.PeerChannelID, &c.OfficeChannelID, &c.Archived, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return c, bot.ErrNotFound
	}
	c.CreatedAt = time.UnixMilli(created).UTC()
	return c, err
}

// CreateCondition stores a new condition and returns it with its ID. A name
// already used in the server (in any case) is an ECONFLICT.
func (q *Queries) CreateCondition(ctx context.Context, c bot.Condition) (bot.Condition, error) {
	q.changed()
	defer q.changed()
	// ON CONFLICT rather than catching the error: on PostgreSQL an error
	// ends the transaction it happens in.
	id, err := q.insertID(ctx, `
		INSERT INTO conditions (guild_id, name, description, category_id, role_id, mentor_role_id,
		                        peer_channel_id, office_channel_id, archived, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`,
		c.GuildID, c.Name, c.Description, c.CategoryID, c.RoleID, c.MentorRoleID,
		c.PeerChannelID, c.OfficeChannelID, c.Archived, c.CreatedAt.UnixMilli())
	if errors.Is(err, sql.ErrNoRows) {
		return c, bot.Errorf(bot.ECONFLICT, "A condition called %q already exists.", c.Name)
	}
	c.ID = bot.ConditionID(id)
	return c, err
}

// Condition returns a condition by ID.
func (q *Queries) Condition(ctx context.Context, id bot.ConditionID) (bot.Condition, error) {
	return scanCondition(q.x.QueryRowContext(ctx, `SELECT `+conditionColumns+` FROM conditions WHERE id = ?`, id))
}

// ConditionByName returns a server's condition by name, in any case.
func (q *Queries) ConditionByName(ctx context.Context, guildID, name string) (bot.Condition, error) {
	return scanCondition(q.x.QueryRowContext(ctx,
		`SELECT `+conditionColumns+` FROM conditions WHERE guild_id = ? AND lower(name) = lower(?)`, guildID, name))
}

// conditionByChannel reads the condition whose peer or office-hours
// channel is channelID (ConditionByChannel, cache.go, remembers it).
func (q *Queries) conditionByChannel(ctx context.Context, channelID string) (bot.Condition, error) {
	return scanCondition(q.x.QueryRowContext(ctx,
		`SELECT `+conditionColumns+` FROM conditions WHERE peer_channel_id = ? OR office_channel_id = ?`, channelID, channelID))
}

// Conditions lists a server's conditions by name.
func (q *Queries) Conditions(ctx context.Context, guildID string) ([]bot.Condition, error) {
	rows, err := q.x.QueryContext(ctx,
		`SELECT `+conditionColumns+` FROM conditions WHERE guild_id = ? ORDER BY lower(name)`, guildID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Condition
	for rows.Next() {
		c, err := scanCondition(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ArchiveCondition marks a condition archived.
func (q *Queries) ArchiveCondition(ctx context.Context, id bot.ConditionID) error {
	q.changed()
	defer q.changed()
	return q.execOne(ctx, `UPDATE conditions SET archived = 1 WHERE id = ?`, id)
}

// UpdateConditionParts stores new Discord IDs for a repaired condition.
func (q *Queries) UpdateConditionParts(ctx context.Context, c bot.Condition) error {
	q.changed()
	defer q.changed()
	return q.execOne(ctx, `
		UPDATE conditions SET category_id = ?, role_id = ?, mentor_role_id = ?,
		                      peer_channel_id = ?, office_channel_id = ?
		WHERE id = ?`,
		c.CategoryID, c.RoleID, c.MentorRoleID, c.PeerChannelID, c.OfficeChannelID, c.ID)
}

// execOne runs a statement that must change exactly one row.
func (q *Queries) execOne(ctx context.Context, query string, args ...any) error {
	res, err := q.x.ExecContext(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return bot.ErrNotFound
	}
	return nil
}
