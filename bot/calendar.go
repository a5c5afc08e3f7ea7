package bot

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// A clinician's calendar: /officehours calendar gives them a private ICS
// feed of the sessions they run, at an unguessable URL, so office hours
// appear in the calendar they already use. Each schedule is one event with
// its RRULE and an EXDATE for every occurrence that was cancelled; a
// cancelled series ends at its cancellation. Only the token's SHA-256 is
// stored: asking again gives a new URL and ends the old one, and
// revoke:true ends it without a new one. The feed holds no member's name
// and no question, only conditions, times, the channel's link and how many
// questions wait.

// CalendarStore is the persistence of calendar feeds.
type CalendarStore interface {
	AddCalendarFeed(ctx context.Context, tokenSHA256, guildID, userID string, at time.Time) error
	// RevokeCalendarFeeds ends a member's feeds and reports how many.
	RevokeCalendarFeeds(ctx context.Context, guildID, userID string, at time.Time) (int, error)
	// CalendarFeedOwner returns whose feed a token opens, or ErrNotFound
	// for an unknown or revoked one.
	CalendarFeedOwner(ctx context.Context, tokenSHA256 string) (guildID, userID string, err error)
	// ClinicianSchedules lists the schedules a clinician runs, those
	// cancelled since the given time included.
	ClinicianSchedules(ctx context.Context, guildID, userID string, since time.Time) ([]Schedule, error)
}

// Audit actions of calendar feeds.
const (
	AuditCalendarIssued  AuditAction = "calendar.issued"
	AuditCalendarRevoked AuditAction = "calendar.revoked"
)

// Calendar is a clinician's feed.
type Calendar struct {
	Name   string
	Events []CalendarEvent
}

// CalendarEvent is one schedule, recurring or not.
type CalendarEvent struct {
	UID         string
	Summary     string
	Description string
	URL         string
	Timezone    string // IANA name
	Start       LocalTime
	Duration    time.Duration
	RRule       string      // "" for a one-off
	ExDates     []LocalTime // cancelled occurrences, on the local clock
	Cancelled   bool        // a one-off that was cancelled
	Created     time.Time
	Sequence    int // grows with each cancellation, so calendars take the change
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// IssueCalendarFeed gives the caller a new feed token, ending any earlier
// one; with revoke it only ends them. served says the feeds are served (an
// HTTP address is set); without it only revoking works.
func (s *Service) IssueCalendarFeed(ctx context.Context, c Caller, revoke, served bool) (string, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return "", err
	}
	if !settings.Allows(c, Clinicians) {
		return "", settings.Refusal(Clinicians)
	}
	if !served && !revoke {
		return "", Errorf(EUNAVAILABLE, "Calendar feeds are switched off here: peerhours serves them on HTTP_ADDR, which is empty. Ask whoever runs the bot.")
	}
	now := s.now().UTC()
	var token string
	if !revoke {
		var b [20]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		token = strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
	}
	err = s.store.Atomically(ctx, func(tx Store) error {
		n, err := tx.RevokeCalendarFeeds(ctx, c.GuildID, c.UserID, now)
		if err != nil {
			return err
		}
		if revoke {
			if n == 0 {
				return Errorf(ENOTFOUND, "You have no calendar feed to revoke.")
			}
			return s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditCalendarRevoked,
				Target: auditTarget("user", c.UserID), Detail: auditDetail("feeds", n)})
		}
		if err := tx.AddCalendarFeed(ctx, tokenHash(token), c.GuildID, c.UserID, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditCalendarIssued,
			Target: auditTarget("user", c.UserID), Detail: auditDetail("replaced", n)})
	})
	return token, err
}

// CalendarFor returns the feed a token opens.
func (s *Service) CalendarFor(ctx context.Context, token string) (Calendar, error) {
	if token == "" || len(token) > 64 {
		return Calendar{}, ErrNotFound
	}
	guildID, userID, err := s.store.CalendarFeedOwner(ctx, tokenHash(token))
	if err != nil {
		return Calendar{}, err
	}
	now := s.now()
	schedules, err := s.store.ClinicianSchedules(ctx, guildID, userID, now.Add(-30*24*time.Hour))
	if err != nil {
		return Calendar{}, err
	}
	// Nobody's Discord client asks for the feed: it is in the server's
	// language.
	l := s.lang(ctx, guildID)
	cal := Calendar{Name: l.T("peerhours office hours")}
	for _, sch := range schedules {
		sch = s.withRule(sch)
		cond, err := s.store.Condition(ctx, sch.ConditionID)
		if err != nil {
			return Calendar{}, err
		}
		sessions, err := s.store.ScheduleSessions(ctx, sch.ID)
		if err != nil {
			return Calendar{}, err
		}
		waiting, err := s.store.CountQueued(ctx, cond.ID)
		if err != nil {
			return Calendar{}, err
		}
		url := "https://discord.com/channels/" + cond.GuildID + "/" + cond.OfficeChannelID
		ev := CalendarEvent{
			UID:      fmt.Sprintf("schedule-%d-%s@peerhours", sch.ID, guildID),
			Summary:  l.Sprintf("%s office hours", cond.Name),
			URL:      url,
			Timezone: sch.Timezone,
			Start:    sch.First,
			Duration: sch.Duration,
			RRule:    sch.RRule(),
			Created:  sch.CreatedAt,
			Description: l.Sprintf("Clinician office hours for %s, in the #%s-office-hours channel: %s\nWhen this calendar was read, %s in the queue. "+
				"Clinicians take them with /queue next or the buttons on each question.", cond.Name, ChannelSlug(cond.Name), url, l.Plural(waiting, "question was waiting", "questions were waiting")),
		}
		for _, x := range sessions {
			if x.Status == SessionCancelled {
				ev.Sequence++
				if sch.Repeat == RepeatNone {
					ev.Cancelled = true
				} else if !sch.Cancelled() || x.CancelledBefore(sch.CancelledAt) {
					ev.ExDates = append(ev.ExDates, sch.LocalAt(x.Occurrence))
				}
			}
		}
		if sch.Cancelled() {
			ev.Sequence++
			if sch.Repeat == RepeatNone {
				ev.Cancelled = true
			}
		}
		cal.Events = append(cal.Events, ev)
	}
	return cal, nil
}

// CancelledBefore reports whether a cancelled session was cancelled on its
// own before t (rather than with its series at t).
func (s OfficeSession) CancelledBefore(t time.Time) bool {
	return !s.ClosedAt.IsZero() && s.ClosedAt.Before(t)
}
