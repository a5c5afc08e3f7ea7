package bot

import (
	"context"
	"time"
)

// A session's clinician is reminded privately a day and a quarter of an
// hour before it starts, with how many questions wait: the first ping a
// clinician gets is no longer the "running late" notice. The reminders
// are jobs stored with the session (sessionJobs), due at the start less
// 24 hours and less 15 minutes, as instants: across a daylight-saving
// change the day-before reminder comes at another wall-clock hour than
// the session, exactly 24 hours before it.

// sessionReminders are how long before a session its clinician is reminded.
var sessionReminders = []time.Duration{24 * time.Hour, 15 * time.Minute}

// jobOHRemind reminds a session's clinician: oh_remind:S:minutes, with
// the minutes before the start.
const jobOHRemind rowNumberJob[SessionID, int] = "oh_remind"

// reminderJobs are a scheduled session's reminders still to come.
func reminderJobs(sess OfficeSession, now time.Time) []Job {
	if sess.ClinicianID == "" {
		return nil
	}
	var jobs []Job
	for _, d := range sessionReminders {
		due := sess.StartsAt.Add(-d)
		if !due.After(now) {
			continue
		}
		minutes := int(d / time.Minute)
		jobs = append(jobs, jobOHRemind.job(sess.ID, minutes, due))
	}
	return jobs
}

// remindClinician tells a session's clinician privately that it starts
// soon, unless it was cancelled, opened early or has no clinician.
func (s *Service) remindClinician(ctx context.Context, sessionID SessionID, minutes int) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	if sess.Status != SessionScheduled || sess.ClinicianID == "" || !s.now().Before(sess.StartsAt) {
		return nil
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	waiting, err := s.store.CountQueued(ctx, cond.ID)
	if err != nil {
		return err
	}
	return s.tellPrivately(ctx, sess.GuildID, sess.ClinicianID, SessionReminder{Lang: s.lang(ctx, sess.GuildID), GuildID: sess.GuildID, ClinicianID: sess.ClinicianID,
		SessionID: sess.ID, Condition: cond.Name, OfficeChannelID: cond.OfficeChannelID, StartsAt: sess.StartsAt, EndsAt: sess.EndsAt,
		Waiting: waiting, Before: time.Duration(minutes) * time.Minute, Verified: s.VerifiedAs(ctx, sess.GuildID, sess.ClinicianID)})
}

// SessionReminder reminds a clinician privately of their session.
type SessionReminder struct {
	GuildID         string
	ClinicianID     string
	SessionID       SessionID
	Condition       string
	OfficeChannelID string
	StartsAt        time.Time
	EndsAt          time.Time
	Waiting         int           // questions in the queue now
	Before          time.Duration // how long before the start it is sent
	// Verified is the jurisdiction of their current verification; "" when
	// they have none, and so cannot take questions yet.
	Verified string
	Lang     Lang // the server's, or the person's when private
}

func (n SessionReminder) Channel() string { return "" }
