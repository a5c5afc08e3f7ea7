package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/peerhours/peerhours/bot"
)

// The audit log is appended to only inside a transaction: reading the last
// row and writing the next must not interleave with another append, and
// with _txlock=immediate every transaction holds the write lock from BEGIN.

// AppendAudit appends an entry in a transaction of its own.
func (db *DB) AppendAudit(ctx context.Context, e bot.AuditEntry) (bot.AuditEntry, error) {
	var out bot.AuditEntry
	err := db.Atomically(ctx, func(st bot.Store) error {
		var err error
		out, err = st.AppendAudit(ctx, e)
		return err
	})
	return out, err
}

// AppendAudit appends an entry inside the transaction.
func (t *txStore) AppendAudit(ctx context.Context, e bot.AuditEntry) (bot.AuditEntry, error) {
	return t.appendAudit(ctx, e)
}

func (q *Queries) appendAudit(ctx context.Context, e bot.AuditEntry) (bot.AuditEntry, error) {
	var prev bot.AuditEntry
	err := q.x.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&prev.ID, &prev.Hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, err
	}
	e = e.Chain(prev)
	_, err = q.x.ExecContext(ctx, `
		INSERT INTO audit_log (id, at, guild_id, actor_id, action, target, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, ms(e.At), e.GuildID, e.ActorID, e.Action, e.Target, e.Detail, e.PrevHash, e.Hash)
	return e, err
}

const auditColumns = `id, at, guild_id, actor_id, action, target, detail, prev_hash, hash`

func (q *Queries) auditRows(ctx context.Context, query string, args ...any) ([]bot.AuditEntry, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.AuditEntry
	for rows.Next() {
		var e bot.AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.GuildID, &e.ActorID, &e.Action, &e.Target, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// RecentAudit returns a server's newest entries, newest first.
func (q *Queries) RecentAudit(ctx context.Context, guildID string, limit int) ([]bot.AuditEntry, error) {
	return q.auditRows(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE guild_id = ? ORDER BY id DESC LIMIT ?`, guildID, limit)
}

// AuditAfter returns entries after an ID, in ID order.
func (q *Queries) AuditAfter(ctx context.Context, afterID bot.AuditID, limit int) ([]bot.AuditEntry, error) {
	return q.auditRows(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
}

// AuditAbout returns a server's entries in which a member acted or was the
// target.
func (q *Queries) AuditAbout(ctx context.Context, guildID, userID string) ([]bot.AuditEntry, error) {
	return q.auditRows(ctx, `
		SELECT `+auditColumns+` FROM audit_log
		WHERE guild_id = ?1 AND (actor_id = ?2 OR target = 'user:' || ?2) ORDER BY id`, guildID, userID)
}

// AuditCount counts every row of the log.
func (q *Queries) AuditCount(ctx context.Context) (int, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&n)
	return n, err
}

// auditTriggers are the triggers migration 00006 made to keep the log
// append-only, as SQLite keeps their text (whitespace aside).
var auditTriggers = map[string]string{
	"audit_log_no_update": "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
	"audit_log_no_delete": "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
}

// pgAuditTriggers are PostgreSQL's (migrations/postgres/00006), each as
// its definition followed by the body of the function it calls, so that
// a function rewritten to let changes through is caught too.
var pgAuditTriggers = map[string]string{
	"audit_log_no_update":   "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only() " + pgAuditFunction,
	"audit_log_no_delete":   "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only() " + pgAuditFunction,
	"audit_log_no_truncate": "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only() " + pgAuditFunction,
}

const pgAuditFunction = "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END;"

// auditTriggerQuery lists the audit log's triggers, name and text; on
// PostgreSQL a disabled trigger's text says so.
func (q *Queries) auditTriggerQuery() (string, map[string]string) {
	if q.postgres {
		return `SELECT t.tgname, CASE WHEN t.tgenabled = 'D' THEN 'disabled ' ELSE '' END
		           || pg_get_triggerdef(t.oid, true) || ' ' || p.prosrc
		        FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
		        WHERE t.tgrelid = 'audit_log'::regclass AND NOT t.tgisinternal ORDER BY t.tgname`, pgAuditTriggers
	}
	return `SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name`, auditTriggers
}

// AuditProtection checks the audit log's triggers: both append-only ones
// there as they were made, and no other (a BEFORE INSERT trigger could
// silently drop new rows, one AFTER could rewrite them).
func (q *Queries) AuditProtection(ctx context.Context) ([]string, error) {
	query, triggers := q.auditTriggerQuery()
	rows, err := q.x.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := map[string]bool{}
	var problems []string
	for rows.Next() {
		var name, text string
		if err := rows.Scan(&name, &text); err != nil {
			return nil, err
		}
		want, ours := triggers[name]
		switch {
		case !ours:
			problems = append(problems, fmt.Sprintf("trigger %s on audit_log is not peerhours'", name))
		case strings.Join(strings.Fields(text), " ") != want:
			problems = append(problems, fmt.Sprintf("trigger %s was changed", name))
		}
		found[name] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(triggers)) {
		if !found[name] {
			problems = append(problems, fmt.Sprintf("trigger %s is missing (dropped)", name))
		}
	}
	return problems, nil
}
