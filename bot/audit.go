package bot

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The audit log records every view of or decision on a summary, every
// triage override, every acknowledged emergency alert, every privacy
// request, every settings change and every departure that changed the
// queue: who (a Discord user ID, or "" for the bot itself), what, to which
// thing, and when. It never holds what people wrote: a target is an ID and
// a detail is key=value pairs of IDs, counts and statuses.
//
// It is append-only and hash-chained. Row n's hash is SHA-256 over a
// length-prefixed encoding of its ID, time, server, actor, action, target,
// detail and row n-1's hash (GenesisHash for row 1), so changing any field
// of any row, removing a row, or reordering rows breaks the chain at the
// first row touched, and VerifyAudit names it. Rows are numbered 1, 2, 3 …
// without gaps. What a chain cannot show is rows cut from the end: the
// summary VerifyAudit returns carries the head hash, which an operator can
// note elsewhere (a backup log, a ticket) to pin the log's length.
//
// Entries are written inside the transaction of the action they record
// where there is one, so an action is never stored without its audit row.

// AuditEntry is one row of the audit log.
type AuditEntry struct {
	ID       AuditID
	At       time.Time
	GuildID  string
	ActorID  string // the member who acted; "" for the bot itself
	Action   AuditAction
	Target   string // "summary:12", "alert:3", "message:<id>", "user:<id>", "settings"
	Detail   string // space-separated key=value pairs: IDs, counts, statuses
	PrevHash string
	Hash     string
}

// AuditAction is what an audit entry records. The values are stored.
type AuditAction string

// Audit actions.
const (
	AuditSummaryGenerated  AuditAction = "summary.generated"
	AuditSummaryViewed     AuditAction = "summary.viewed"
	AuditSummaryApproved   AuditAction = "summary.approved"
	AuditSummaryFollowUp   AuditAction = "summary.follow_up"
	AuditSummaryRejected   AuditAction = "summary.rejected"
	AuditTriageOverride    AuditAction = "triage.override"
	AuditAlertAcknowledged AuditAction = "alert.acknowledged"
	AuditAlertOutcome      AuditAction = "alert.outcome"
	AuditConcernRaised     AuditAction = "concern.raised"
	AuditSettingsChanged   AuditAction = "settings.changed"
	AuditPrivacyShow       AuditAction = "privacy.show"
	AuditPrivacyExport     AuditAction = "privacy.export"
	AuditPrivacyDelete     AuditAction = "privacy.delete"
	AuditPrivacySummaries  AuditAction = "privacy.summaries"
	AuditMemberLeft        AuditAction = "member.left"
	AuditLogViewed         AuditAction = "audit.viewed"
)

// GenesisHash is the PrevHash of the first row.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// auditHashVersion names the encoding; a new encoding gets a new name.
const auditHashVersion = "peerhours-audit/v1"

// ComputeHash returns the hash e must carry: SHA-256 over its fields and
// PrevHash, each length-prefixed so that no two different rows encode the
// same. The time counts in unix milliseconds, as stored.
func (e AuditEntry) ComputeHash() string {
	h := sha256.New()
	field := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	field(auditHashVersion)
	field(strconv.FormatInt(int64(e.ID), 10))
	field(strconv.FormatInt(e.At.UnixMilli(), 10))
	field(e.GuildID)
	field(e.ActorID)
	field(string(e.Action))
	field(e.Target)
	field(e.Detail)
	field(e.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}

// Chain fills in what appending e after prev gives it: the next ID, the
// previous hash and its own hash. prev is the zero AuditEntry for the
// first row. Stores call it inside the transaction that appends.
func (e AuditEntry) Chain(prev AuditEntry) AuditEntry {
	e.ID = prev.ID + 1
	e.At = e.At.UTC().Truncate(time.Millisecond)
	e.PrevHash = GenesisHash
	if prev.ID != 0 {
		e.PrevHash = prev.Hash
	}
	e.Hash = e.ComputeHash()
	return e
}

// AuditStore is the persistence of the audit log.
type AuditStore interface {
	// AppendAudit appends e after the last row, filling in its ID and
	// hashes (see AuditEntry.Chain), and returns it as stored. Rows are
	// never changed or removed.
	AppendAudit(ctx context.Context, e AuditEntry) (AuditEntry, error)
	// RecentAudit returns a server's newest entries, newest first, at most
	// limit.
	RecentAudit(ctx context.Context, guildID string, limit int) ([]AuditEntry, error)
	// AuditAfter returns up to limit entries of every server with an ID
	// above afterID, in ID order, for verification.
	AuditAfter(ctx context.Context, afterID AuditID, limit int) ([]AuditEntry, error)
	// AuditCount counts every row of the log, whatever its ID.
	AuditCount(ctx context.Context) (int, error)
	// AuditProtection lists what should keep the log append-only in the
	// store (its triggers) and is missing or changed; nil when it is all
	// in place.
	AuditProtection(ctx context.Context) ([]string, error)
	// AuditAbout returns a server's entries in which a member acted or was
	// the target, in ID order, for their export.
	AuditAbout(ctx context.Context, guildID, userID string) ([]AuditEntry, error)
}

// ChainError says where the audit chain breaks.
type ChainError struct {
	ID     AuditID // the first bad row
	Reason string
}

//i18n:english for the operator: peerhours audit verify prints it on the host
func (e *ChainError) Error() string {
	return fmt.Sprintf("audit log broken at row %d: %s", e.ID, e.Reason)
}

// AuditChain checks audit rows one at a time, in ID order.
type AuditChain struct {
	prev AuditEntry
	rows int
}

// Check checks the next row and returns a *ChainError at the first one
// that does not follow from the rows before it.
//
//i18n:english for the operator: peerhours audit verify prints it on the host
func (c *AuditChain) Check(e AuditEntry) error {
	want := c.prev.ID + 1
	wantPrev := GenesisHash
	if c.prev.ID != 0 {
		wantPrev = c.prev.Hash
	}
	switch {
	case e.ID < 1:
		return &ChainError{ID: e.ID, Reason: "the chain is numbered from 1, so this row is outside it: it was added to the file by hand"}
	case e.ID != want:
		return &ChainError{ID: e.ID, Reason: fmt.Sprintf("expected row %d here: rows were removed or renumbered", want)}
	case e.PrevHash != wantPrev:
		return &ChainError{ID: e.ID, Reason: fmt.Sprintf("its prev_hash does not match the hash of row %d: that row, or this link, was rewritten", c.prev.ID)}
	case e.Hash != e.ComputeHash():
		return &ChainError{ID: e.ID, Reason: "its hash does not match its content: the row was altered"}
	}
	c.prev = e
	c.rows++
	return nil
}

// AuditSummary describes a verified chain.
type AuditSummary struct {
	Rows    int
	Head    AuditEntry // the last row; zero when the log is empty
	HeadSum string     // the last row's hash, GenesisHash when empty
}

// Verified returns what the chain checked so far.
func (c *AuditChain) Verified() AuditSummary {
	head := c.prev.Hash
	if c.prev.ID == 0 {
		head = GenesisHash
	}
	return AuditSummary{Rows: c.rows, Head: c.prev, HeadSum: head}
}

// VerifyAudit checks the whole audit log, in pages, and returns a
// *ChainError naming the first bad row. Every row counts, whatever its ID
// (a row forged with ID 0 or below is outside the chain and breaks it).
// When the chain holds but the store's append-only protection is gone, it
// returns an *UnprotectedError.
//
//i18n:english for the operator: peerhours audit verify prints it on the host
func VerifyAudit(ctx context.Context, st AuditStore) (AuditSummary, error) {
	var c AuditChain
	after := AuditID(math.MinInt64)
	for {
		page, err := st.AuditAfter(ctx, after, 1000)
		if err != nil {
			return c.Verified(), err
		}
		for _, e := range page {
			if err := c.Check(e); err != nil {
				return c.Verified(), err
			}
		}
		if len(page) < 1000 {
			break
		}
		after = page[len(page)-1].ID
	}
	sum := c.Verified()
	n, err := st.AuditCount(ctx)
	if err != nil {
		return sum, err
	}
	if n != sum.Rows {
		// only a row with the lowest ID there is can be out of the walk
		return sum, &ChainError{ID: math.MinInt64, Reason: fmt.Sprintf("the table holds %d rows and the chain %d: a row outside the chain was added to the file by hand", n, sum.Rows)}
	}
	problems, err := st.AuditProtection(ctx)
	if err != nil {
		return sum, err
	}
	if len(problems) > 0 {
		return sum, &UnprotectedError{Problems: problems}
	}
	return sum, nil
}

// UnprotectedError says the chain holds but what makes the log append-only
// in the store was removed or changed: someone with the file could then
// have changed rows and recomputed the chain from there, or could do so.
type UnprotectedError struct {
	Problems []string
}

//i18n:english for the operator: peerhours audit verify prints it on the host
func (e *UnprotectedError) Error() string {
	return "audit log unprotected: " + strings.Join(e.Problems, "; ")
}

// auditTarget names a thing: auditTarget("summary", 12) is "summary:12".
func auditTarget(kind string, id any) string { return kind + ":" + fmt.Sprint(id) }

// auditDetail joins key=value pairs; values are IDs, counts and statuses
// and never contain spaces.
func auditDetail(kv ...any) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%v=%v", kv[i], kv[i+1])
	}
	return b.String()
}

// audit appends an entry through st: the transaction of the action it
// records, when there is one.
func (s *Service) audit(ctx context.Context, st Store, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.now().UTC()
	}
	_, err := st.AppendAudit(ctx, e)
	return err
}

// auditAfter appends an entry for an action already stored without a
// transaction of its own, and logs a failure rather than undo the action.
func (s *Service) auditAfter(ctx context.Context, e AuditEntry) {
	if err := s.audit(ctx, s.store, e); err != nil {
		s.log.Error("audit append failed", "action", e.Action, "target", e.Target, "code", ErrorCode(err), "error", errText(err))
	}
}

// RecentAudit returns the newest entries of the caller's server, for
// moderators, and records that they looked.
func (s *Service) RecentAudit(ctx context.Context, c Caller, limit int) ([]AuditEntry, error) {
	if _, err := s.authorize(ctx, c, Moderators); err != nil {
		return nil, err
	}
	limit = min(max(limit, 1), 50)
	entries, err := s.store.RecentAudit(ctx, c.GuildID, limit)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, s.store, AuditEntry{GuildID: c.GuildID, ActorID: c.UserID, Action: AuditLogViewed,
		Target: "audit", Detail: auditDetail("rows", len(entries))}); err != nil {
		return nil, err
	}
	return entries, nil
}

// addOverride stores a triage override with its audit row, in st's
// transaction or a new one.
func (s *Service) addOverride(ctx context.Context, st Store, o Override) error {
	return st.Atomically(ctx, func(tx Store) error {
		if err := tx.AddOverride(ctx, o); err != nil {
			return err
		}
		return s.audit(ctx, tx, AuditEntry{At: o.At, GuildID: o.GuildID, ActorID: o.By, Action: AuditTriageOverride,
			Target: auditTarget("message", o.MessageID), Detail: auditDetail("action", o.Action, "from", o.From, "to", o.To)})
	})
}

// settingsAudit records which settings /setup changed. Role and channel
// settings are IDs and the time zone a name, so their new values are
// kept; the crisis-lines and emergency-number texts are only said to have
// changed.
func settingsAudit(c Caller, cur, next Settings) AuditEntry {
	var kv []any
	for _, f := range []struct {
		name     string
		old, new string
		value    bool
	}{
		{"moderator_role", cur.ModeratorRoleID, next.ModeratorRoleID, true},
		{"clinician_role", cur.ClinicianRoleID, next.ClinicianRoleID, true},
		{"escalation_role", cur.EscalationRoleID, next.EscalationRoleID, true},
		{"verifier_role", cur.VerifierRoleID, next.VerifierRoleID, true},
		{"review_channel", cur.ReviewChannelID, next.ReviewChannelID, true},
		{"alert_channel", cur.AlertChannelID, next.AlertChannelID, true},
		{"timezone", cur.Timezone, next.Timezone, true},
		{"crisis_resources", cur.CrisisResources, next.CrisisResources, false},
		{"emergency_number", cur.EmergencyNumber, next.EmergencyNumber, false},
		{"backstop_rule", cur.BackstopRuleID, next.BackstopRuleID, true},
		{"country", cur.Country, next.Country, true},
		{"language", cur.Language, next.Language, true},
	} {
		switch {
		case f.old == f.new:
		case !f.value:
			kv = append(kv, f.name, "changed")
		case f.new == "":
			kv = append(kv, f.name, "unset")
		default:
			kv = append(kv, f.name, f.new)
		}
	}
	if len(kv) == 0 {
		kv = []any{"unchanged", true}
	}
	return AuditEntry{At: next.UpdatedAt, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditSettingsChanged,
		Target: "settings", Detail: auditDetail(kv...)}
}

// reviewAudit names the audit action of each review decision.
var reviewAudit = map[ReviewStatus]AuditAction{
	ReviewApproved: AuditSummaryApproved,
	ReviewFollowUp: AuditSummaryFollowUp,
	ReviewRejected: AuditSummaryRejected,
}
