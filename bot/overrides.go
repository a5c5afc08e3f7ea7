package bot

import (
	"context"
	"strings"

	"github.com/peerhours/peerhours/bot/triage"
)

// OverrideAction is what a moderator or clinician asked of a message from
// the message menu.
type OverrideAction string

// Override actions from the message menu.
const (
	ActionOfficeHours OverrideAction = "office_hours"
	ActionPeers       OverrideAction = "peers"
	ActionUrgent      OverrideAction = "urgent"
)

// OverrideResult says what an override did, for the moderator's reply.
type OverrideResult struct {
	Condition  string
	From       triage.Category
	QuestionID QuestionID
	Already    bool // it was already where the moderator sent it
}

// Override applies a moderator's or clinician's correction to a message's
// triage and stores it beside the original decision.
func (s *Service) Override(ctx context.Context, c Caller, m Message, action OverrideAction) (OverrideResult, error) {
	if _, err := s.authorize(ctx, c, Staff); err != nil {
		return OverrideResult{}, err
	}
	cond, err := s.store.ConditionByChannel(ctx, m.HomeChannel())
	if ErrorCode(err) == ENOTFOUND || (err == nil && cond.GuildID != c.GuildID) {
		return OverrideResult{}, Errorf(EINVALID, "This message is not in a condition channel, so peerhours does not triage it.")
	}
	if err != nil {
		return OverrideResult{}, err
	}
	if m.AuthorID == "" || strings.TrimSpace(m.Content) == "" {
		return OverrideResult{}, Errorf(EINVALID, "This message has no text to triage.")
	}
	// The override keeps the decision it corrects (category, rule IDs,
	// source) beside it: the decision row itself takes the override.
	var prev DecisionRecord
	if p, err := s.store.Decision(ctx, m.ID); err == nil {
		prev = p
	} else if ErrorCode(err) != ENOTFOUND {
		return OverrideResult{}, err
	}
	from := prev.Category
	res := OverrideResult{Condition: cond.Name, From: from}
	now := s.now().UTC()
	o := Override{MessageID: m.ID, GuildID: c.GuildID, From: from, FromReasons: prev.Reasons, FromSource: prev.Source,
		Action: action, By: c.UserID, At: now}

	switch action {
	case ActionUrgent:
		o.To = triage.Emergency
		if err := s.addOverride(ctx, s.store, o); err != nil {
			return res, err
		}
		d := triage.Decision{Category: triage.Emergency, Reasons: []string{"override.urgent"}}
		return res, s.emergency(ctx, m, cond, d, "override", c.UserID, true)

	case ActionOfficeHours:
		o.To = triage.Clinical
		if q, err := s.store.QuestionBySource(ctx, m.ID); err == nil && q.Status == QuestionQueued {
			res.Already, res.QuestionID = true, q.ID
			return res, s.addOverride(ctx, s.store, o)
		}
		var keys []string
		err := s.store.Atomically(ctx, func(tx Store) error {
			if err := s.addOverride(ctx, tx, o); err != nil {
				return err
			}
			rec := decisionRecord(m, cond, triage.Decision{Category: triage.Clinical, Reasons: []string{"override.office_hours"}}, "override", now)
			if err := tx.RaiseDecision(ctx, rec); err != nil {
				return err
			}
			var err error
			_, keys, err = s.queue(ctx, tx, Question{GuildID: c.GuildID, ConditionID: cond.ID, UserID: m.AuthorID,
				Text: clip(strings.TrimSpace(m.Content), maxQuestion), SourceChannelID: m.ChannelID, SourceMessageID: m.ID,
				ReceiptChannelID: m.ChannelID, SentBy: c.UserID, CreatedAt: now, UpdatedAt: now})
			return err
		})
		if err != nil {
			return res, err
		}
		s.runNow(ctx, keys...)
		if q, err := s.store.QuestionBySource(ctx, m.ID); err == nil {
			res.QuestionID = q.ID
		}
		return res, nil

	case ActionPeers:
		o.To = triage.Peer
		var keys []string
		err := s.store.Atomically(ctx, func(tx Store) error {
			if err := s.addOverride(ctx, tx, o); err != nil {
				return err
			}
			if q, err := tx.QuestionBySource(ctx, m.ID); err == nil && q.Status == QuestionQueued {
				if err := tx.SetQuestionStatus(ctx, q.ID, QuestionRemoved, now); err != nil {
					return err
				}
				if jobs := receiptEditJob(q, now); len(jobs) > 0 {
					if err := enqueue(ctx, tx, jobs...); err != nil {
						return err
					}
					keys = append(keys, jobs[0].Key)
				}
			}
			rec := decisionRecord(m, cond, triage.Decision{Category: triage.Peer, Reasons: []string{"override.peers"}}, "override", now)
			if err := tx.SetDecision(ctx, rec); err != nil {
				return err
			}
			if m.InThread() {
				return nil
			}
			thread := jobPeerThread.job(m.ID, now)
			keys = append(keys, thread.Key)
			return enqueue(ctx, tx, thread, jobPeerFollowup.job(m.ID, now.Add(peerWait)))
		})
		if err != nil {
			return res, err
		}
		s.runNow(ctx, keys...)
		return res, nil
	}
	return res, Errorf(EINVALID, "Unknown override.")
}
