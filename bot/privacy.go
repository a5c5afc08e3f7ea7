package bot

import (
	"context"
	"time"
)

// Privacy rights: every member can see what peerhours holds about them
// (/privacy show), take a copy (/privacy export), have it erased (/privacy
// delete) and leave summaries (/privacy summaries). Each request is
// recorded in the audit log, which keeps IDs and actions only.
//
// Erasure removes the text a member wrote and what identifies them as a
// participant: captured messages, their questions' text (the question rows
// stay, blank and unlinked, so session reports and counts stay true, and
// their posted queue items are edited to quote nothing), their consent and
// memberships, and the summary statements that rest on or repeat their
// messages, in the stored drafts and the review posts (erasure.go). Triage
// decisions about their messages stay as anonymous counts (the user ID is
// cleared). Emergency alerts stay as they are: they are the record of how
// moderators answered someone in danger, and hold no text. Their summary
// opt-out stays too, and a capture floor says nothing they wrote before
// the erasure is stored again. Then the write-ahead log is checkpointed
// and truncated, so with secure_delete no copy of the text is left in the
// database's files; the member is told it is done only once it is.
//
// Pseudonyms ("Member A") are made afresh for each summary and never
// stored, so there is no mapping to erase.

// PrivacyStore is the persistence privacy requests need.
type PrivacyStore interface {
	// PersonalData returns everything stored about a member of a server.
	PersonalData(ctx context.Context, guildID, userID string) (PersonalData, error)
	// CapturedIDsBy returns the IDs of a member's stored messages.
	CapturedIDsBy(ctx context.Context, guildID, userID string) ([]string, error)
	// SummariesCiting returns a server's summaries whose drafts cite any of
	// these messages.
	SummariesCiting(ctx context.Context, guildID string, messageIDs []string) ([]Summary, error)
	// SetSummaryDraft replaces a summary's draft.
	SetSummaryDraft(ctx context.Context, id SummaryID, d Draft) error
	// ErasePerson erases a member's stored text and participation (see
	// above) and reports what went.
	ErasePerson(ctx context.Context, guildID, userID string, at time.Time) (Erasure, error)
	// RemoveQueuedQuestions takes a member's queued questions out of the
	// queue (status removed) and returns their IDs.
	RemoveQueuedQuestions(ctx context.Context, guildID, userID string, at time.Time) ([]QuestionID, error)
	// DeleteMemberships removes a member from every condition group of a
	// server and reports how many they were in.
	DeleteMemberships(ctx context.Context, guildID, userID string) (int, error)
	// QueuedAskers lists the members who have questions in a queue.
	QueuedAskers(ctx context.Context) ([]GuildMember, error)
	// Compact moves the write-ahead log into the database file and
	// truncates it, so erased text is in no file. It fails inside a
	// transaction.
	Compact(ctx context.Context) error
}

// GuildMember names a member of a server.
type GuildMember struct {
	GuildID string
	UserID  string
}

// PersonalData is everything stored about one member of one server.
type PersonalData struct {
	GuildID     string
	UserID      string
	Consent     *Consent
	Memberships []MembershipInfo
	OptedOut    bool
	OptedOutAt  time.Time
	// NotStoredBefore is their capture floor: nothing they wrote before it
	// is stored again (after an erasure or an opt-out); zero when none.
	NotStoredBefore time.Time
	Messages        []CapturedMessage
	Questions       []Question
	Decisions       []DecisionRecord
	Alerts          []Alert
	// ConcernsRaised are the reports they made with "I'm worried about
	// this person" (the reports about them are never listed: they would
	// tell who raised them).
	ConcernsRaised []PeerReport
	// Summaries counts the summaries whose drafts cite their messages.
	Summaries int
	Audit     []AuditEntry
}

// MembershipInfo is a membership with its condition's name.
type MembershipInfo struct {
	ConditionID ConditionID
	Condition   string
	Mentor      bool
	JoinedAt    time.Time
}

// Erasure counts what a deletion removed.
type Erasure struct {
	Messages    int // stored message texts deleted
	Questions   int // questions blanked (and taken out of the queue)
	Consents    int
	Memberships int
	Decisions   int // triage decisions made anonymous
	Reports     int // concerns they raised, no longer linked to them
	Summaries   int // summaries from which statements citing or repeating them were removed
	// Compacted is set when the write-ahead log was checkpointed and
	// truncated too; otherwise a compact job finishes it.
	Compacted bool
}

// PrivacyOverview is what /privacy show tells a member.
type PrivacyOverview struct {
	Consent          *Consent
	CurrentVersion   int
	Memberships      []MembershipInfo
	OptedOut         bool
	Messages         int
	OldestMessage    time.Time
	RetentionDays    int
	QuestionsByState map[QuestionStatus]int
	Decisions        int
	Alerts           int
	Summaries        int
	AuditEntries     int
}

// PrivacyOverview returns the counts of what is stored about the caller.
func (s *Service) PrivacyOverview(ctx context.Context, c Caller) (PrivacyOverview, error) {
	p, err := s.store.PersonalData(ctx, c.GuildID, c.UserID)
	if err != nil {
		return PrivacyOverview{}, err
	}
	o := PrivacyOverview{
		Consent: p.Consent, CurrentVersion: GuidelinesVersion, Memberships: p.Memberships, OptedOut: p.OptedOut,
		Messages: len(p.Messages), RetentionDays: s.retentionDays, QuestionsByState: map[QuestionStatus]int{},
		Decisions: len(p.Decisions), Alerts: len(p.Alerts), Summaries: p.Summaries, AuditEntries: len(p.Audit),
	}
	for _, m := range p.Messages {
		if o.OldestMessage.IsZero() || m.CreatedAt.Before(o.OldestMessage) {
			o.OldestMessage = m.CreatedAt
		}
	}
	for _, q := range p.Questions {
		o.QuestionsByState[q.Status]++
	}
	if err := s.audit(ctx, s.store, AuditEntry{GuildID: c.GuildID, ActorID: c.UserID, Action: AuditPrivacyShow,
		Target: auditTarget("user", c.UserID)}); err != nil {
		return PrivacyOverview{}, err
	}
	return o, nil
}

// PrivacyExport returns everything stored about the caller as JSON. The
// request is in the audit log before the data leaves.
func (s *Service) PrivacyExport(ctx context.Context, c Caller) ([]byte, error) {
	now := s.now().UTC()
	if err := s.audit(ctx, s.store, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditPrivacyExport,
		Target: auditTarget("user", c.UserID)}); err != nil {
		return nil, err
	}
	p, err := s.store.PersonalData(ctx, c.GuildID, c.UserID)
	if err != nil {
		return nil, err
	}
	return exportJSON(c.Lang, p, now, s.retentionDays)
}

// ErasePersonalData erases what is stored about the caller (see the top of
// this file), takes them out of their condition groups on Discord too (the
// groups need consent, which is gone), and reports what went.
func (s *Service) ErasePersonalData(ctx context.Context, c Caller) (Erasure, error) {
	now := s.now().UTC()
	var er Erasure
	var memberships []MembershipInfo
	var keys []string
	// What triage remembers of their recent messages goes first, whatever
	// happens to the rest.
	s.talk.forgetPerson(c.GuildID, c.UserID)
	err := s.store.Atomically(ctx, func(tx Store) error {
		p, err := tx.PersonalData(ctx, c.GuildID, c.UserID)
		if err != nil {
			return err
		}
		memberships = p.Memberships
		for _, q := range p.Questions {
			// Questions still waiting leave the queue: their receipts
			// stop offering Withdraw.
			if q.Status == QuestionQueued || q.Status == QuestionTaken {
				jobs := receiptEditJob(q, now)
				if err := enqueue(ctx, tx, jobs...); err != nil {
					return err
				}
				for _, j := range jobs {
					keys = append(keys, j.Key)
				}
			}
		}
		// Their words leave the drafts and the review posts, and their
		// questions leave the office-hours channels' queue items, before
		// the rows go.
		erased, err := tx.CapturedBy(ctx, c.GuildID, c.UserID)
		if err != nil {
			return err
		}
		jobs, scrubbed, err := s.scrubErased(ctx, tx, erased, now)
		if err != nil {
			return err
		}
		qids := make([]QuestionID, len(p.Questions))
		for i, q := range p.Questions {
			qids[i] = q.ID
		}
		items, err := erasedItemJobs(ctx, tx, qids, now)
		if err != nil {
			return err
		}
		more, err := enqueueAll(ctx, tx, append(jobs, items...))
		if err != nil {
			return err
		}
		keys = append(keys, more...)
		if er, err = tx.ErasePerson(ctx, c.GuildID, c.UserID, now); err != nil {
			return err
		}
		// Nothing they wrote before now is stored again, even if they
		// join again and a summary reads the channel's history.
		if err := tx.SetCaptureFloor(ctx, c.GuildID, c.UserID, now); err != nil {
			return err
		}
		er.Summaries = scrubbed
		return s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditPrivacyDelete,
			Target: auditTarget("user", c.UserID), Detail: auditDetail("messages", er.Messages, "questions", er.Questions,
				"consents", er.Consents, "memberships", er.Memberships, "decisions", er.Decisions, "summaries", er.Summaries, "concerns", er.Reports)})
	})
	if err != nil {
		return Erasure{}, err
	}
	er.Compacted = s.compactSoon(ctx, compactBudgetRequest)
	s.runSoon(ctx, keys...)
	s.leaveGroups(ctx, c, memberships)
	s.log.Info("personal data erased", "guild_id", c.GuildID, "user_id", c.UserID, "messages", er.Messages,
		"questions", er.Questions, "summaries", er.Summaries, "compacted", er.Compacted)
	return er, nil
}

// leaveGroups takes the caller's condition roles away after an erasure.
// Failures are logged: the erasure itself is done.
func (s *Service) leaveGroups(ctx context.Context, c Caller, ms []MembershipInfo) {
	for _, m := range ms {
		cond, err := s.store.Condition(ctx, m.ConditionID)
		if err != nil {
			continue
		}
		for _, role := range []string{cond.RoleID, cond.MentorRoleID} {
			if !c.hasRole(role) {
				continue
			}
			if err := s.discord.RemoveMemberRole(ctx, c.GuildID, c.UserID, role); err != nil && ErrorCode(err) != ENOTFOUND {
				s.log.Warn("remove role after erasure", "guild_id", c.GuildID, "condition_id", cond.ID, "code", ErrorCode(err))
			}
		}
	}
}

// SummariesChoice is what /privacy summaries did.
type SummariesChoice struct {
	Erased    int  // stored messages erased (opting out)
	Summaries int  // drafts that lost statements resting on them
	Compacted bool // the write-ahead log no longer holds them either
}

// SetSummariesIncluded opts the caller in to summaries or out of them.
// Opting out erases their stored message text at once, since it is kept
// only to be summarised, and everything drafted from it (see erasure.go).
// Coming back stores only what they write from then on.
func (s *Service) SetSummariesIncluded(ctx context.Context, c Caller, include bool) (SummariesChoice, error) {
	now := s.now().UTC()
	var res SummariesChoice
	var keys []string
	err := s.store.Atomically(ctx, func(tx Store) error {
		was, err := tx.Summarisable(ctx, c.GuildID, c.UserID)
		if err != nil {
			return err
		}
		if err := tx.SetSummaryOptOut(ctx, c.GuildID, c.UserID, !include, now); err != nil {
			return err
		}
		if include {
			if !was {
				// What they wrote while out, and what opting out erased,
				// stays out.
				if err := tx.SetCaptureFloor(ctx, c.GuildID, c.UserID, now); err != nil {
					return err
				}
			}
		} else {
			erased, err := tx.CapturedBy(ctx, c.GuildID, c.UserID)
			if err != nil {
				return err
			}
			jobs, scrubbed, err := s.scrubErased(ctx, tx, erased, now)
			if err != nil {
				return err
			}
			if keys, err = enqueueAll(ctx, tx, jobs); err != nil {
				return err
			}
			res.Summaries = scrubbed
			if res.Erased, err = tx.DeleteCapturedMessagesBy(ctx, c.GuildID, c.UserID); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditPrivacySummaries,
			Target: auditTarget("user", c.UserID), Detail: auditDetail("include", include, "messages", res.Erased, "summaries", res.Summaries)})
	})
	if err != nil {
		return SummariesChoice{}, err
	}
	res.Compacted = true
	if !include {
		res.Compacted = s.compactSoon(ctx, compactBudgetRequest)
	}
	s.runSoon(ctx, keys...)
	return res, nil
}
