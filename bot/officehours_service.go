package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Limits of /officehours schedule.
const (
	MinSessionMinutes = 15
	MaxSessionMinutes = 240
	overlapHorizon    = 366 * 24 * time.Hour // long enough for every rule to meet every daylight-saving change
	adHocLength       = time.Hour            // a session opened by hand, unless /officehours end comes first
	openEarly         = time.Hour            // /officehours start opens a scheduled session this early
)

// ZoneSource says where a schedule's time zone came from.
type ZoneSource string

// Where a schedule's time zone came from.
const (
	ZoneFromOption ZoneSource = "option"
	ZoneFromServer ZoneSource = "server"
	ZoneDefault    ZoneSource = "default"
)

// ScheduleZone decides the time zone of a new schedule: the one given,
// else the server's (/setup timezone), else UTC.
func ScheduleZone(settings Settings, option string) (name string, loc *time.Location, source ZoneSource, err error) {
	name, source = strings.TrimSpace(option), ZoneFromOption
	if name == "" {
		name, source = settings.Timezone, ZoneFromServer
	}
	if name == "" {
		return "UTC", time.UTC, ZoneDefault, nil
	}
	if name, err = CheckTimezone(name); err != nil {
		return "", nil, "", err
	}
	loc, err = time.LoadLocation(name)
	if err != nil {
		return "", nil, "", Errorf(EINVALID, "%q is not a time zone I know.", name)
	}
	return name, loc, source, nil
}

// ScheduleRequest is what /officehours schedule was given, with the start
// already read as a local date and time in Timezone.
type ScheduleRequest struct {
	Condition string
	Start     LocalTime
	Timezone  string
	Minutes   int
	Repeat    Repeat
	// Rule is an RFC 5545 rule ("FREQ=WEEKLY;BYDAY=TU,TH") instead of a
	// preset Repeat; "" for the presets.
	Rule string
	// Clinician is the clinician named to run the sessions, as the server
	// sees them (their roles), or nil.
	Clinician *Caller
}

// ScheduleResult is what a new schedule came to.
type ScheduleResult struct {
	Schedule   Schedule
	Condition  Condition
	Start      time.Time
	Resolution Resolution      // how the start's wall time resolved
	Sessions   []OfficeSession // the sessions stored ahead, with their events where created
	// Later lists later occurrences in the next year whose wall time a
	// daylight-saving change skips or repeats.
	Later []Window
	// ClinicianVerified is the jurisdiction of the named clinician's
	// current verification; "" when they have none (they cannot take
	// questions until verified).
	ClinicianVerified string
	// EventFailure is why Discord did not create a session's event when
	// the schedule was made, nil when no attempt failed then. A session
	// without an event and without a failure has its event still on the
	// way (the job runner took it). Failed events are retried.
	EventFailure error
}

// ScheduleOfficeHours stores a schedule and its first sessions, and creates
// their Discord events. Anything wrong is refused with the reason and
// nothing is stored.
func (s *Service) ScheduleOfficeHours(ctx context.Context, c Caller, req ScheduleRequest) (ScheduleResult, error) {
	if _, err := s.authorize(ctx, c, Moderators); err != nil {
		return ScheduleResult{}, err
	}
	cond, err := s.condition(ctx, c.GuildID, req.Condition)
	if err != nil {
		return ScheduleResult{}, err
	}
	if cond.Archived {
		return ScheduleResult{}, Errorf(ECONFLICT, "%s is archived, so it has no office hours any more.", cond.Name)
	}
	if req.Minutes < MinSessionMinutes || req.Minutes > MaxSessionMinutes {
		return ScheduleResult{}, Errorf(EINVALID, "A session lasts %d to %d minutes; %d is outside that.", MinSessionMinutes, MaxSessionMinutes, req.Minutes)
	}
	if !req.Repeat.Valid() {
		return ScheduleResult{}, Errorf(EINVALID, "Repeat must be none, weekly, every two weeks or monthly.")
	}
	var recur Recurrence
	if rule := strings.TrimSpace(req.Rule); rule != "" {
		if req.Repeat != RepeatNone {
			return ScheduleResult{}, Errorf(EINVALID, "Give either `repeat` or `rule`, not both.")
		}
		if s.ruleParser == nil {
			return ScheduleResult{}, Errorf(EINVALID, "Custom repeat rules are not available here; pick a `repeat` instead.")
		}
		if !req.Start.Valid() {
			return ScheduleResult{}, Errorf(EINVALID, "%s is not a date on the calendar.", req.Start)
		}
		r, err := s.ruleParser(rule, req.Start)
		if err != nil {
			return ScheduleResult{}, err
		}
		if err := checkRule(r, req.Start); err != nil {
			return ScheduleResult{}, err
		}
		recur, req.Repeat = r, RepeatRule
	}
	tz, err := CheckTimezone(req.Timezone)
	if err != nil {
		return ScheduleResult{}, err
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return ScheduleResult{}, Errorf(EINVALID, "%q is not a time zone I know.", tz)
	}
	if !req.Start.Valid() {
		return ScheduleResult{}, Errorf(EINVALID, "%s is not a date on the calendar.", req.Start)
	}
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return ScheduleResult{}, err
	}
	if req.Clinician != nil && !settings.IsClinician(*req.Clinician) {
		if settings.ClinicianRoleID == "" {
			return ScheduleResult{}, Errorf(ESETUP, "No clinician role is set yet: `/setup clinician_role:@role` first.")
		}
		return ScheduleResult{}, Errorf(EINVALID, "<@%s> doesn't have the clinician role <@&%s>, so they can't run office hours. Give them the role first, or leave `clinician` out.", req.Clinician.UserID, settings.ClinicianRoleID)
	}
	sch := Schedule{GuildID: c.GuildID, ConditionID: cond.ID, First: req.Start, Timezone: tz, Location: loc,
		Duration: time.Duration(req.Minutes) * time.Minute, Repeat: req.Repeat, CreatedBy: c.UserID, CreatedAt: s.now().UTC()}
	if req.Clinician != nil {
		sch.ClinicianID = req.Clinician.UserID
	}
	if recur != nil {
		sch.Rule, sch.Recur = recur.String(), recur
	}
	start, res, _ := sch.Occurrence(0)
	now := s.now()
	if start.Before(now) {
		return ScheduleResult{}, Errorf(EINVALID, "%s in %s (<t:%d:F>) is in the past. Pick a time from now on.", req.Start, tz, start.Unix())
	}
	if err := s.checkOverlap(ctx, cond, sch, now); err != nil {
		return ScheduleResult{}, err
	}
	ran, err := s.commitAndRun(ctx, func(tx Store) ([]Job, error) {
		var err error
		if sch, err = tx.CreateSchedule(ctx, sch); err != nil {
			return nil, err
		}
		return s.materialize(ctx, tx, sch, cond, now)
	})
	if err != nil {
		return ScheduleResult{}, err
	}
	out := ScheduleResult{Schedule: sch, Condition: cond, Start: start, Resolution: res}
	if sch.ClinicianID != "" {
		out.ClinicianVerified = s.VerifiedAs(ctx, c.GuildID, sch.ClinicianID)
	}
	if out.Sessions, err = s.store.ScheduleSessions(ctx, sch.ID); err != nil {
		return out, err
	}
	for _, sess := range out.Sessions {
		if err := ran[jobOHEvent.key(sess.ID)]; err != nil && sess.EventID == "" && out.EventFailure == nil {
			out.EventFailure = err
		}
	}
	for _, w := range sch.Windows(start.Add(time.Minute), now.Add(overlapHorizon), 400) {
		if w.Resolution != Exact && len(out.Later) < 3 {
			out.Later = append(out.Later, w)
		}
	}
	return out, nil
}

// checkOverlap refuses a schedule any of whose sessions in the next year
// would overlap a session of another of the condition's schedules, or a
// session opened by hand.
func (s *Service) checkOverlap(ctx context.Context, cond Condition, sch Schedule, now time.Time) error {
	until := now.Add(overlapHorizon)
	mine := sch.Windows(now, until, 800)
	others, err := s.store.ConditionSchedules(ctx, cond.ID)
	if err != nil {
		return err
	}
	clash := func(start, end time.Time) (Window, bool) {
		i, _ := slices.BinarySearchFunc(mine, end, func(w Window, t time.Time) int { return w.Start.Compare(t) })
		// Windows starting before end: the last of them is the only one
		// that can still be running at start (they do not overlap each
		// other).
		if i > 0 && mine[i-1].End.After(start) {
			return mine[i-1], true
		}
		return Window{}, false
	}
	for _, o := range others {
		o = s.withRule(o)
		sessions, err := s.store.ScheduleSessions(ctx, o.ID)
		if err != nil {
			return err
		}
		cancelled := map[int64]bool{}
		for _, x := range sessions {
			if x.Status == SessionCancelled {
				cancelled[x.StartsAt.UnixMilli()] = true
			}
		}
		for _, w := range o.Windows(now, until, 800) {
			if cancelled[w.Start.UnixMilli()] {
				continue
			}
			if _, ok := clash(w.Start, w.End); ok {
				return Errorf(ECONFLICT, "That overlaps %s office hours already scheduled for <t:%d:F> (%s, %d minutes). Pick another time, or cancel those first with `/officehours cancel`.",
					cond.Name, w.Start.Unix(), o.Repeat.Describe(), int(o.Duration.Minutes()))
			}
		}
	}
	adhoc, err := s.store.ConditionSessions(ctx, cond.ID, now, SessionScheduled, SessionOpen)
	if err != nil {
		return err
	}
	for _, x := range adhoc {
		if x.ScheduleID != 0 {
			continue
		}
		if _, ok := clash(x.StartsAt, x.EndsAt); ok {
			return Errorf(ECONFLICT, "That overlaps the %s session opened by hand, which runs until <t:%d:t>.", cond.Name, x.EndsAt.Unix())
		}
	}
	return nil
}

// Upcoming is a session in /officehours list.
type Upcoming struct {
	Session   OfficeSession
	Condition string
	Repeat    Repeat // of its schedule; RepeatNone for one-offs and sessions opened by hand
}

// UpcomingSessions lists the caller's server's open and scheduled sessions,
// soonest first, at most limit, for moderators.
func (s *Service) UpcomingSessions(ctx context.Context, c Caller, limit int) ([]Upcoming, error) {
	if _, err := s.authorize(ctx, c, Moderators); err != nil {
		return nil, err
	}
	guildID := c.GuildID
	sessions, err := s.store.GuildSessions(ctx, guildID, s.now(), limit, SessionOpen, SessionScheduled)
	if err != nil {
		return nil, err
	}
	conds, err := s.store.Conditions(ctx, guildID)
	if err != nil {
		return nil, err
	}
	names := map[ConditionID]string{}
	for _, c := range conds {
		names[c.ID] = c.Name
	}
	repeats := map[ScheduleID]Repeat{}
	out := make([]Upcoming, len(sessions))
	for i, x := range sessions {
		r, ok := repeats[x.ScheduleID]
		if !ok {
			r = RepeatNone
			if sch, err := s.store.Schedule(ctx, x.ScheduleID); err == nil {
				r = sch.Repeat
			}
			repeats[x.ScheduleID] = r
		}
		out[i] = Upcoming{Session: x, Condition: names[x.ConditionID], Repeat: r}
	}
	return out, nil
}

// CancelResult is what /officehours cancel did.
type CancelResult struct {
	Condition Condition
	Series    bool
	Cancelled []OfficeSession
	Waiting   int       // questions in the condition's queue
	NextAt    time.Time // the condition's next session now; zero when none
}

// CancelSessions cancels one upcoming session, or every upcoming session of
// its schedule and the schedule itself. Their events are cancelled, and
// when the condition's next session was among them the askers waiting for
// it are told in the office-hours channel where their questions go.
func (s *Service) CancelSessions(ctx context.Context, c Caller, sessionID SessionID, series bool) (CancelResult, error) {
	if _, err := s.authorize(ctx, c, Moderators); err != nil {
		return CancelResult{}, err
	}
	sess, err := s.store.OfficeSession(ctx, sessionID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && sess.GuildID != c.GuildID) {
		return CancelResult{}, Errorf(ENOTFOUND, "There is no session %d here. `/officehours list` shows the upcoming ones with their IDs.", sessionID)
	}
	if err != nil {
		return CancelResult{}, err
	}
	switch sess.Status {
	case SessionOpen:
		if !series {
			return CancelResult{}, Errorf(ECONFLICT, "Session %d is running now. End it with `/officehours end`.", sess.ID)
		}
	case SessionClosed, SessionCancelled:
		if !series || sess.ScheduleID == 0 {
			return CancelResult{}, Errorf(ECONFLICT, "Session %d is already %s.", sess.ID, sess.Status)
		}
	}
	cond, err := s.store.Condition(ctx, sess.ConditionID)
	if err != nil {
		return CancelResult{}, err
	}
	now := s.now().UTC()
	res := CancelResult{Condition: cond, Series: series && sess.ScheduleID != 0}
	err = s.commit(ctx, func(tx Store) ([]Job, error) {
		res.Cancelled = nil
		next, hadNext, err := tx.NextSession(ctx, cond.ID, now)
		if err != nil {
			return nil, err
		}
		targets := []OfficeSession{sess}
		var sch Schedule
		if sess.ScheduleID != 0 {
			if sch, err = tx.Schedule(ctx, sess.ScheduleID); err != nil {
				return nil, err
			}
		}
		if res.Series {
			if sch.Cancelled() {
				return nil, Errorf(ECONFLICT, "That series is already cancelled.")
			}
			if err := tx.CancelSchedule(ctx, sch.ID, now); err != nil {
				return nil, err
			}
			sch.CancelledAt = now
			if targets, err = tx.ScheduleSessions(ctx, sch.ID); err != nil {
				return nil, err
			}
		}
		var jobs []Job
		affects := false
		for _, x := range targets {
			if x.Status != SessionScheduled {
				continue
			}
			if ok, err := tx.MoveSession(ctx, x.ID, SessionScheduled, SessionCancelled, now, c.UserID); err != nil {
				return nil, err
			} else if !ok {
				continue
			}
			res.Cancelled = append(res.Cancelled, x)
			jobs = append(jobs, jobOHEventState.job(x.ID, EventCancelled, now))
			if hadNext && next.ID == x.ID {
				affects = true
			}
		}
		if len(res.Cancelled) == 0 {
			return nil, Errorf(ECONFLICT, "Nothing left to cancel: no session of that schedule is still to come.")
		}
		backfill, err := eventBackfill(ctx, tx, sess.GuildID, now, res.Cancelled[0].ID)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, backfill...)
		if sess.ScheduleID != 0 && !res.Series {
			more, err := s.materialize(ctx, tx, sch, cond, now)
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, more...)
		}
		if affects {
			jobs = append(jobs, jobOHCancelled.job(res.Cancelled[0].ID, now))
			refresh, err := receiptRefreshJobs(ctx, tx, cond.ID, now)
			if err != nil {
				return nil, err
			}
			jobs = append(jobs, refresh...)
		}
		return jobs, nil
	})
	if err != nil {
		return CancelResult{}, err
	}
	if res.Waiting, _, err = s.waitingAskers(ctx, cond.ID); err != nil {
		return res, err
	}
	if next, ok, err := s.store.NextSession(ctx, cond.ID, now); err != nil {
		return res, err
	} else if ok {
		res.NextAt = next.StartsAt
	}
	return res, nil
}

// SessionState is what /officehours start and end report.
type SessionState struct {
	Session   OfficeSession
	Condition Condition
	AdHoc     bool // opened by hand with no session scheduled near
	Waiting   int
	Answered  int
	NextAt    time.Time
}

// StartSession opens a condition's office hours by hand: the scheduled
// session starting within the hour (or already due), or else a session of
// an hour from now, shortened to end where the next scheduled one starts.
func (s *Service) StartSession(ctx context.Context, c Caller, conditionName string) (SessionState, error) {
	if _, err := s.authorize(ctx, c, Clinicians); err != nil {
		return SessionState{}, err
	}
	cond, err := s.condition(ctx, c.GuildID, conditionName)
	if err != nil {
		return SessionState{}, err
	}
	if cond.Archived {
		return SessionState{}, Errorf(ECONFLICT, "%s is archived, so it has no office hours any more.", cond.Name)
	}
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return SessionState{}, err
	}
	now := s.now().UTC()
	sessions, err := s.store.ConditionSessions(ctx, cond.ID, now, SessionOpen, SessionScheduled)
	if err != nil {
		return SessionState{}, err
	}
	st := SessionState{Condition: cond}
	var target *OfficeSession
	nextStart := time.Time{}
	for i, x := range sessions {
		if x.Status == SessionOpen {
			return SessionState{}, Errorf(ECONFLICT, "%s office hours are already open, since <t:%d:R>, until <t:%d:t>.", cond.Name, maxTime(x.StartsAt, x.OpenedAt).Unix(), x.EndsAt.Unix())
		}
		if target == nil && !x.StartsAt.After(now.Add(openEarly)) {
			target = &sessions[i]
		}
		if nextStart.IsZero() {
			nextStart = x.StartsAt
		}
	}
	// Only a verified clinician's start counts as the clinician arriving.
	clinician := settings.IsClinician(c) && s.VerifiedAs(ctx, c.GuildID, c.UserID) != ""
	if target != nil {
		if _, err := s.openSession(ctx, target.ID, c.UserID, clinician); err != nil {
			return SessionState{}, err
		}
		st.Session, err = s.store.OfficeSession(ctx, target.ID)
	} else {
		end := now.Add(adHocLength)
		if !nextStart.IsZero() && nextStart.Before(end) {
			end = nextStart
		}
		var id SessionID
		err = s.commit(ctx, func(tx Store) ([]Job, error) {
			sess, _, err := tx.AddSession(ctx, OfficeSession{Session: Session{GuildID: c.GuildID, ConditionID: cond.ID,
				StartsAt: now, EndsAt: end, Status: SessionScheduled}, Timezone: settings.Timezone})
			if err != nil {
				return nil, err
			}
			id = sess.ID
			return []Job{jobOHClose.job(sess.ID, sess.EndsAt)}, nil
		})
		if err != nil {
			return SessionState{}, err
		}
		if _, err := s.openSession(ctx, id, c.UserID, clinician); err != nil {
			return SessionState{}, err
		}
		st.AdHoc = true
		st.Session, err = s.store.OfficeSession(ctx, id)
	}
	if err != nil {
		return SessionState{}, err
	}
	st.Waiting, _, err = s.waitingAskers(ctx, cond.ID)
	return st, err
}

// EndSession closes a condition's open session by hand.
func (s *Service) EndSession(ctx context.Context, c Caller, conditionName string) (SessionState, error) {
	if _, err := s.authorize(ctx, c, Clinicians); err != nil {
		return SessionState{}, err
	}
	cond, err := s.condition(ctx, c.GuildID, conditionName)
	if err != nil {
		return SessionState{}, err
	}
	open, err := s.store.ConditionSessions(ctx, cond.ID, time.Time{}, SessionOpen)
	if err != nil {
		return SessionState{}, err
	}
	if len(open) == 0 {
		return SessionState{}, Errorf(ENOTFOUND, "No %s office hours are open right now.", cond.Name)
	}
	sess := open[0]
	if _, err := s.closeSession(ctx, sess.ID, c.UserID); err != nil {
		return SessionState{}, err
	}
	st := SessionState{Condition: cond}
	if st.Session, err = s.store.OfficeSession(ctx, sess.ID); err != nil {
		return st, err
	}
	sqs, err := s.store.SessionQuestions(ctx, sess.ID)
	if err != nil {
		return st, err
	}
	for _, sq := range sqs {
		if sq.Outcome == OutcomeAnswered {
			st.Answered++
		}
	}
	if st.Waiting, _, err = s.waitingAskers(ctx, cond.ID); err != nil {
		return st, err
	}
	if next, ok, err := s.store.NextSession(ctx, cond.ID, s.now()); err != nil {
		return st, err
	} else if ok {
		st.NextAt = next.StartsAt
	}
	return st, nil
}

// Describe is a resolution's explanation for the moderator, or "" for an
// exact time.
func (r Resolution) Describe(lang Lang, l LocalTime, zone string, at time.Time) string {
	// The day as people type it in /officehours schedule, the same in every
	// language (a weekday's or a month's name would need a table each).
	day := fmt.Sprintf("%04d-%02d-%02d", l.Year, l.Month, l.Day)
	switch r {
	case Skipped:
		return lang.Sprintf("%02d:%02d does not exist on %s in %s: the clocks jump forward over it. That session starts at %s local time instead (<t:%d:F>).",
			l.Hour, l.Minute, day, zone, at.Format("15:04 MST"), at.Unix())
	case Repeated:
		return lang.Sprintf("%02d:%02d happens twice on %s in %s: the clocks go back. I picked the first one, %s (<t:%d:F>).",
			l.Hour, l.Minute, day, zone, at.Format("15:04 MST"), at.Unix())
	}
	return ""
}
