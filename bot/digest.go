package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The daily digest: moderators choose, per condition, a local time of day
// (`/digest condition time:08:00`; `time:off` stops it). Every day at that
// time, in the server's time zone (so it stays at 08:00 across daylight-
// saving changes), the last 24 hours of the condition's peer channel and
// its threads are summarised and posted for review like any /summarize. A
// day without messages posts nothing, nor does a day whose messages were
// all summarised already. Each day's run is a job whose key names the day
// and time, so a restart neither repeats nor skips one.

const digestWindow = 24 * time.Hour

// ParseClock reads a time of day "HH:MM" (24-hour; "8:30" too).
func ParseClock(s string) (string, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return "", Errorf(EINVALID, "`time` is a time of day like `08:00` or `18:30` (24-hour, in the server's time zone), or `off`.")
	}
	return fmt.Sprintf("%02d:%02d", hh, mm), nil
}

// nextDigest returns the first time after now that the local clock in loc
// reads at ("HH:MM"). A time skipped by a daylight-saving change runs as
// late as the change made it (02:30 becomes 03:30 when the clocks go
// forward an hour at 02:00).
func nextDigest(at string, now time.Time, loc *time.Location) time.Time {
	h, _ := strconv.Atoi(at[:2])
	m, _ := strconv.Atoi(at[3:])
	local := now.In(loc)
	for day := 0; day < 3; day++ {
		d := local.AddDate(0, 0, day)
		t := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
		if t.Hour() != h || t.Minute() != m {
			// The clock skipped it. time.Date then gives the wall time in
			// the offset before the change or after it, depending on the
			// zone (01:30 in New York, 03:30 in Berlin), so take the
			// wall time in the offset in force before the change, which
			// the clock after it reads as h:m plus the gap.
			_, before := t.Add(-12 * time.Hour).Zone()
			t = time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, time.UTC).Add(-time.Duration(before) * time.Second).In(loc)
		}
		if t.After(now) {
			return t.UTC()
		}
	}
	return now.Add(24 * time.Hour).UTC()
}

// DigestResult is what /digest did.
type DigestResult struct {
	Condition string
	At        string    // "" when switched off
	Next      time.Time // the next digest
	Timezone  string
}

// SetDigest switches a condition's daily digest on at a local time, moves
// it, or (at "off") switches it off.
func (s *Service) SetDigest(ctx context.Context, c Caller, condition, at string) (DigestResult, error) {
	settings, err := s.authorize(ctx, c, Moderators)
	if err != nil {
		return DigestResult{}, err
	}
	cond, err := s.condition(ctx, c.GuildID, condition)
	if err != nil {
		return DigestResult{}, err
	}
	res := DigestResult{Condition: cond.Name, Timezone: settings.Location().String()}
	if strings.EqualFold(strings.TrimSpace(at), "off") {
		removed, err := s.store.DeleteDigest(ctx, cond.ID)
		if err != nil {
			return res, err
		}
		if !removed {
			return res, Errorf(ENOTFOUND, "%s has no daily digest.", cond.Name)
		}
		return res, nil
	}
	clock, err := ParseClock(at)
	if err != nil {
		return res, err
	}
	if settings.ReviewChannelID == "" {
		return res, Errorf(ESETUP, "Digests go to the review channel, and none is set. A server admin can set one with `/setup review_channel:`.")
	}
	d := Digest{ConditionID: cond.ID, GuildID: c.GuildID, At: clock, SetBy: c.UserID, UpdatedAt: s.now().UTC()}
	err = s.store.Atomically(ctx, func(tx Store) error {
		if err := tx.SetDigest(ctx, d); err != nil {
			return err
		}
		return s.planDigest(ctx, tx, d)
	})
	if err != nil {
		return res, err
	}
	s.Wake()
	res.At, res.Next = clock, nextDigest(clock, s.now(), settings.Location())
	return res, nil
}

// planDigest enqueues the next run of a digest.
func (s *Service) planDigest(ctx context.Context, st Store, d Digest) error {
	settings, err := st.GuildSettings(ctx, d.GuildID)
	if err != nil {
		return err
	}
	due := nextDigest(d.At, s.now(), settings.Location())
	return st.EnqueueJob(ctx, jobDigest.job(d, due))
}

// runDigest posts one day's digest and plans the next. A job left from a
// digest since moved (planned at another time of day) or switched off
// does nothing.
func (s *Service) runDigest(ctx context.Context, conditionID ConditionID, at string) error {
	d, err := s.store.Digest(ctx, conditionID)
	if ErrorCode(err) == ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	if d.At != at {
		return nil
	}
	if err := s.planDigest(ctx, s.store, d); err != nil {
		return err
	}
	cond, err := s.store.Condition(ctx, d.ConditionID)
	if err != nil {
		return err
	}
	if cond.Archived {
		return nil
	}
	settings, err := s.store.GuildSettings(ctx, d.GuildID)
	if err != nil {
		return err
	}
	if settings.ReviewChannelID == "" {
		return Errorf(EINVALID, "no review channel")
	}
	now := s.now()
	_, err = s.summarize(ctx, summarySpec{
		cond: cond, settings: settings, channelID: cond.PeerChannelID,
		from: now.Add(-digestWindow), to: now, last: MaxSummaryMessages, origin: OriginDigest,
	})
	if ErrorCode(err) == ENOTFOUND {
		return nil // a quiet day
	}
	return err
}
