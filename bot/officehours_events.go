package bot

import (
	"context"
	"errors"
	"slices"
	"time"
)

// Office hours on Discord's calendar: sessions materialized from
// schedules, and the scheduled events that show them, within Discord's caps
// and status rules.

// materialize stores a schedule's sessions from now until materializeAhead
// (at least the next one), with the jobs that create their events, open and
// close them. Occurrences that ended while peerhours was not running are
// skipped: their time is gone, and opening them would announce nothing
// anyone can use.
func (s *Service) materialize(ctx context.Context, tx Store, sch Schedule, cond Condition, now time.Time) ([]Job, error) {
	if sch.Cancelled() || cond.Archived {
		return nil, nil
	}
	sch = s.withRule(sch)
	existing, err := tx.ScheduleSessions(ctx, sch.ID)
	if err != nil {
		return nil, err
	}
	next, future := 0, false
	for _, e := range existing {
		next = max(next, e.Occurrence+1)
		if (e.Status == SessionScheduled || e.Status == SessionOpen) && e.EndsAt.After(now) {
			future = true
		}
	}
	n, _, ok := sch.Next(now.Add(-sch.Duration + time.Millisecond))
	if !ok {
		return nil, nil
	}
	next = max(next, n)
	var jobs []Job
	for range maxMaterialize {
		start, _, ok := sch.Occurrence(next)
		if !ok || (future && !start.Before(now.Add(materializeAhead))) {
			break
		}
		sess, fresh, err := tx.AddSession(ctx, OfficeSession{
			Session: Session{GuildID: sch.GuildID, ConditionID: sch.ConditionID, ScheduleID: sch.ID, StartsAt: start.UTC(),
				EndsAt: start.Add(sch.Duration).UTC(), Status: SessionScheduled, ClinicianID: sch.ClinicianID},
			Occurrence: next, Timezone: sch.Timezone,
		})
		if err != nil {
			return nil, err
		}
		if fresh {
			jobs = append(jobs, sessionJobs(sess, now)...)
		}
		future = true
		next++
	}
	return jobs, nil
}

func sessionJobs(sess OfficeSession, now time.Time) []Job {
	var jobs []Job
	if sess.StartsAt.After(now) {
		jobs = append(jobs, jobOHEvent.job(sess.ID, now))
	}
	jobs = append(jobs, reminderJobs(sess, now)...)
	return append(jobs, jobOHOpen.job(sess.ID, sess.StartsAt), jobOHClose.job(sess.ID, sess.EndsAt))
}

// createEvent creates the Discord scheduled event of a session still to
// come.
func (s *Service) createEvent(ctx context.Context, sessionID SessionID) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil {
		return err
	}
	if sess.EventID != "" || sess.Status != SessionScheduled || !sess.StartsAt.After(s.now()) {
		return nil
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return err
	}
	// Only the server's nearest sessions have events: Discord holds at
	// most 100 scheduled events a server, which a few daily schedules
	// materialized a month ahead would pass. The others get theirs when
	// an earlier session ends (eventBackfill).
	coming, err := s.store.GuildSessions(ctx, sess.GuildID, s.now(), eventsAhead, SessionScheduled, SessionOpen)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(coming, func(x OfficeSession) bool { return x.ID == sess.ID }) {
		return nil
	}
	id, err := s.discord.CreateEvent(ctx, sess.GuildID, eventSpec(s.lang(ctx, cond.GuildID), cond, sess))
	if errors.Is(err, ErrEventLimit) {
		return nil // the server's own events fill Discord's cap: made when one ends
	}
	if err != nil {
		return err
	}
	return s.store.SetSessionEvent(ctx, sess.ID, id)
}

// eventBackfill asks for the events of the server's nearest sessions that
// have none (beyond eventsAhead, or refused at Discord's cap), after a
// session ended or was cancelled and so freed a place; cause makes the
// jobs' keys new.
func eventBackfill(ctx context.Context, tx Store, guildID string, now time.Time, cause SessionID) ([]Job, error) {
	coming, err := tx.GuildSessions(ctx, guildID, now, eventsAhead, SessionScheduled)
	if err != nil {
		return nil, err
	}
	var jobs []Job
	for _, x := range coming {
		if x.EventID == "" && x.StartsAt.After(now) {
			jobs = append(jobs, jobOHEvent.job(x.ID, now, "after", cause))
		}
	}
	return jobs, nil
}

// eventSpec is a session's Discord event, in the server's language.
func eventSpec(l Lang, cond Condition, sess OfficeSession) EventSpec {
	d := l.Sprintf("Clinician office hours for %s in <#%s>. Send questions ahead with /ask; they are answered in order. General information, not medical advice. In an emergency, call your local emergency number.",
		cond.Name, cond.OfficeChannelID)
	if sess.ClinicianID != "" {
		d = l.Sprintf("With <@%s>.", sess.ClinicianID) + " " + d
	}
	return EventSpec{
		Name:        l.Sprintf("%s office hours", cond.Name),
		Description: d,
		Location:    "https://discord.com/channels/" + cond.GuildID + "/" + cond.OfficeChannelID,
		Start:       sess.StartsAt,
		End:         sess.EndsAt,
	}
}

func (s *Service) setEventState(ctx context.Context, sessionID SessionID, st EventStatus) error {
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if err != nil || sess.EventID == "" {
		return err
	}
	return s.discord.SetEventStatus(ctx, sess.GuildID, sess.EventID, st)
}
