package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Peer mentors are vetted. A member of a condition group applies with
// /mentor apply: they read the mentor guidelines (versioned, like the
// community guidelines), agree, and fill a short form (the groups they
// would mentor, their lived experience in their own words). The
// application goes to the review channel, where a moderator approves it or
// declines it with a reason; the applicant is told privately either way.
// An approved mentor gets the group's peer mentor role, the server's mentor
// role and a private mentor channel (both made by the bot at the first
// approval), and is pinged for peer questions in rotation: each new peer
// thread pings the MentorsPerPing mentors of that group who were pinged
// least recently, never the whole role. /mentor pause takes a mentor out of
// the rotation until /mentor resume.

// MentorGuidelinesVersion is the version of texts/mentor_guidelines.md.
// Raise it when the guidelines change in substance: applications made under
// an older version are still decided, new ones agree to the new text.
const MentorGuidelinesVersion = 1

// MentorsPerPing is how many mentors a peer question pings.
const MentorsPerPing = 2

// Application statuses.
const (
	ApplicationPending  = "pending"
	ApplicationApproved = "approved"
	ApplicationDeclined = "declined"
)

// Audit actions of mentors.
const (
	AuditMentorApplied  AuditAction = "mentor.applied"
	AuditMentorApproved AuditAction = "mentor.approved"
	AuditMentorDeclined AuditAction = "mentor.declined"
	AuditMentorPaused   AuditAction = "mentor.paused"
	AuditMentorResumed  AuditAction = "mentor.resumed"
)

const (
	minExperience     = 20
	maxExperience     = 1000
	maxDeclineReason  = 500
	maxMentorConds    = 5
	mentorChannelName = "peer-mentors"
)

// MentorApplication is one member's application to mentor.
type MentorApplication struct {
	ID                MentorApplicationID
	GuildID           string
	UserID            string
	ConditionIDs      []ConditionID
	Experience        string // the applicant's words, for moderators only
	GuidelinesVersion int
	Status            string
	SubmittedAt       time.Time
	DecidedBy         string
	DecidedAt         time.Time
	Reason            string
	PostChannelID     string
	PostMessageID     string
}

// Mentor is an approved mentor of one condition.
type Mentor struct {
	GuildID       string
	UserID        string
	ConditionID   ConditionID
	ApplicationID MentorApplicationID
	ApprovedBy    string
	ApprovedAt    time.Time
	PausedAt      time.Time
	LastPingedAt  time.Time
	Pings         int
}

// Paused reports whether the mentor stepped out of the rotation.
func (m Mentor) Paused() bool { return !m.PausedAt.IsZero() }

// MentorStore is the persistence peer mentors need.
type MentorStore interface {
	// AddMentorApplication stores a pending application; ECONFLICT when
	// the member has one pending already.
	AddMentorApplication(ctx context.Context, a MentorApplication) (MentorApplication, error)
	MentorApplication(ctx context.Context, id MentorApplicationID) (MentorApplication, error)
	PendingMentorApplications(ctx context.Context, guildID string, limit int) ([]MentorApplication, error)
	// DecideMentorApplication records the decision on a pending
	// application and reports false when it was decided before.
	DecideMentorApplication(ctx context.Context, id MentorApplicationID, status, by, reason string, at time.Time) (bool, error)
	SetMentorApplicationPost(ctx context.Context, id MentorApplicationID, channelID, messageID string) error
	// AddMentor stores (or renews, unpaused) a mentorship; its rotation
	// history is kept.
	AddMentor(ctx context.Context, m Mentor) error
	// Mentors lists a condition's mentors who are still members of it.
	Mentors(ctx context.Context, conditionID ConditionID) ([]Mentor, error)
	// MemberMentorships lists a member's mentorships in a server.
	MemberMentorships(ctx context.Context, guildID, userID string) ([]Mentor, error)
	// SetMentorsPaused pauses (at non-zero) or resumes (zero) every
	// mentorship of a member and reports how many changed.
	SetMentorsPaused(ctx context.Context, guildID, userID string, at time.Time) (int, error)
	DeleteMentor(ctx context.Context, guildID, userID string, conditionID ConditionID) (bool, error)
	DeleteMentors(ctx context.Context, guildID, userID string) (int, error)
	// MentorPings lists whom a peer question pinged, of a kind ("" for
	// every kind), in the order they were picked.
	MentorPings(ctx context.Context, messageID, kind string) ([]string, error)
	// AddMentorPing records a ping and moves the mentor to the back of the
	// rotation.
	AddMentorPing(ctx context.Context, conditionID ConditionID, messageID, kind, userID string, at time.Time) error
	// SetMentorSpace stores the server's mentor role and channel.
	SetMentorSpace(ctx context.Context, guildID, roleID, channelID string, at time.Time) error
}

// Job kinds of mentors, on an application.
const (
	jobMentorCard    rowJob[MentorApplicationID] = "mentor_card"    // mentor_card:A[:status] — post or refresh the application's card
	jobMentorWelcome rowJob[MentorApplicationID] = "mentor_welcome" // mentor_welcome:A — roles, the mentor space, the welcome post
	jobMentorTell    rowJob[MentorApplicationID] = "mentor_tell"    // mentor_tell:A — the applicant told privately
)

// MentorIntro is what /mentor apply shows first: the guidelines to agree
// to, and the groups the member could mentor.
type MentorIntro struct {
	Guidelines string
	Version    int
	Conditions []string // the groups the member is in
}

// MentorGuidelines renders the mentor guidelines for a server.
func (s *Service) MentorGuidelines(l Lang, settings Settings) string {
	return render(l, "mentor_guidelines.md", map[string]any{"Emergency": settings.EmergencyIn(l), "Version": MentorGuidelinesVersion})
}

// StartMentorApplication checks that the caller may apply and returns the
// guidelines to agree to.
func (s *Service) StartMentorApplication(ctx context.Context, c Caller) (MentorIntro, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return MentorIntro{}, err
	}
	names, err := s.applicableConditions(ctx, c)
	if err != nil {
		return MentorIntro{}, err
	}
	return MentorIntro{Guidelines: s.MentorGuidelines(c.Lang, settings), Version: MentorGuidelinesVersion, Conditions: names}, nil
}

// applicableConditions are the open groups the caller is a member of and
// does not mentor yet; refused when there are none or an application is
// pending.
func (s *Service) applicableConditions(ctx context.Context, c Caller) ([]string, error) {
	mine, err := s.store.MemberMentorships(ctx, c.GuildID, c.UserID)
	if err != nil {
		return nil, err
	}
	pending, err := s.store.PendingMentorApplications(ctx, c.GuildID, 200)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(pending, func(a MentorApplication) bool { return a.UserID == c.UserID }) {
		return nil, Errorf(ECONFLICT, "Your application is already with the moderators; you'll be told privately when they decide.")
	}
	conds, err := s.store.Conditions(ctx, c.GuildID)
	if err != nil {
		return nil, err
	}
	var names []string
	member := false
	for _, cond := range conds {
		if cond.Archived {
			continue
		}
		if _, err := s.store.Membership(ctx, c.GuildID, c.UserID, cond.ID); err != nil {
			if ErrorCode(err) == ENOTFOUND {
				continue
			}
			return nil, err
		}
		member = true
		if !slices.ContainsFunc(mine, func(m Mentor) bool { return m.ConditionID == cond.ID }) {
			names = append(names, cond.Name)
		}
	}
	switch {
	case !member:
		return nil, Errorf(EINVALID, "Peer mentors mentor the groups they belong to: `/join` a condition group first, then apply.")
	case len(names) == 0:
		return nil, Errorf(ECONFLICT, "You already mentor every group you're in. `/mentor pause` steps back for a while.")
	}
	return names, nil
}

// MentorApply is the application form.
type MentorApply struct {
	Conditions string // names, comma-separated
	Experience string
	Version    int // the guidelines version agreed to
}

// ApplyMentor stores an application and sends it to the moderators.
func (s *Service) ApplyMentor(ctx context.Context, c Caller, f MentorApply) (MentorApplication, error) {
	if f.Version != MentorGuidelinesVersion {
		return MentorApplication{}, Errorf(ECONFLICT, "The mentor guidelines changed since you read them: run `/mentor apply` again to read the new ones.")
	}
	allowed, err := s.applicableConditions(ctx, c)
	if err != nil {
		return MentorApplication{}, err
	}
	var ids []ConditionID
	for _, name := range strings.Split(f.Conditions, ",") {
		name = strings.Join(strings.Fields(name), " ")
		if name == "" {
			continue
		}
		i := slices.IndexFunc(allowed, func(a string) bool { return strings.EqualFold(a, name) })
		if i < 0 {
			return MentorApplication{}, Errorf(EINVALID, "You can apply to mentor only groups you're in and don't mentor yet: %s. %q is not one of them.", strings.Join(allowed, ", "), clip(name, 50))
		}
		cond, err := s.store.ConditionByName(ctx, c.GuildID, allowed[i])
		if err != nil {
			return MentorApplication{}, err
		}
		if !slices.Contains(ids, cond.ID) {
			ids = append(ids, cond.ID)
		}
	}
	if len(ids) == 0 {
		return MentorApplication{}, Errorf(EINVALID, "Name at least one group you'd mentor: %s.", strings.Join(allowed, ", "))
	}
	if len(ids) > maxMentorConds {
		return MentorApplication{}, Errorf(EINVALID, "Apply for at most %d groups at once.", maxMentorConds)
	}
	exp := strings.TrimSpace(f.Experience)
	if n := utf8.RuneCountInString(exp); n < minExperience || n > maxExperience {
		return MentorApplication{}, Errorf(EINVALID, "Tell the moderators about your experience in %d to %d characters; you wrote %d.", minExperience, maxExperience, n)
	}
	now := s.now().UTC()
	a := MentorApplication{GuildID: c.GuildID, UserID: c.UserID, ConditionIDs: ids, Experience: exp,
		GuidelinesVersion: f.Version, Status: ApplicationPending, SubmittedAt: now}
	err = s.commit(ctx, func(tx Store) ([]Job, error) {
		var err error
		if a, err = tx.AddMentorApplication(ctx, a); err != nil {
			return nil, err
		}
		if err := s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: AuditMentorApplied,
			Target: auditTarget("mentor_application", a.ID), Detail: auditDetail("conditions", len(ids), "guidelines", f.Version)}); err != nil {
			return nil, err
		}
		return []Job{jobMentorCard.job(a.ID, now)}, nil
	})
	return a, err
}

// DecideMentor approves or declines a pending application. A decline needs
// a reason, which the applicant is told.
func (s *Service) DecideMentor(ctx context.Context, c Caller, id MentorApplicationID, approve bool, reason string) (MentorApplicationCard, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return MentorApplicationCard{}, err
	}
	if !settings.IsModerator(c) {
		return MentorApplicationCard{}, settings.Refusal(Moderators)
	}
	reason = strings.TrimSpace(reason)
	if !approve && utf8.RuneCountInString(reason) < 3 {
		return MentorApplicationCard{}, Errorf(EINVALID, "Say why, in a few words: the applicant is told.")
	}
	if utf8.RuneCountInString(reason) > maxDeclineReason {
		return MentorApplicationCard{}, Errorf(EINVALID, "The reason can be at most %d characters.", maxDeclineReason)
	}
	a, err := s.store.MentorApplication(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && a.GuildID != c.GuildID) {
		return MentorApplicationCard{}, Errorf(ENOTFOUND, "That application no longer exists.")
	}
	if err != nil {
		return MentorApplicationCard{}, err
	}
	if a.UserID == c.UserID {
		return MentorApplicationCard{}, Errorf(EFORBIDDEN, "Another moderator has to decide on your own application.")
	}
	now := s.now().UTC()
	status, action := ApplicationDeclined, AuditMentorDeclined
	if approve {
		status, action = ApplicationApproved, AuditMentorApproved
	}
	err = s.commit(ctx, func(tx Store) ([]Job, error) {
		ok, err := tx.DecideMentorApplication(ctx, a.ID, status, c.UserID, reason, now)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errAlreadyDone
		}
		granted := 0
		if approve {
			for _, cid := range a.ConditionIDs {
				if _, err := tx.Membership(ctx, a.GuildID, a.UserID, cid); ErrorCode(err) == ENOTFOUND {
					continue // left the group since
				} else if err != nil {
					return nil, err
				}
				if err := tx.AddMentor(ctx, Mentor{GuildID: a.GuildID, UserID: a.UserID, ConditionID: cid, ApplicationID: a.ID,
					ApprovedBy: c.UserID, ApprovedAt: now}); err != nil {
					return nil, err
				}
				granted++
			}
			if granted == 0 {
				return nil, Errorf(ECONFLICT, "<@%s> is no longer in any of the groups they applied for, so there is nothing to approve. Decline it instead.", a.UserID)
			}
		}
		if err := s.audit(ctx, tx, AuditEntry{At: now, GuildID: a.GuildID, ActorID: c.UserID, Action: action,
			Target: auditTarget("user", a.UserID), Detail: auditDetail("application", a.ID, "conditions", len(a.ConditionIDs), "granted", granted)}); err != nil {
			return nil, err
		}
		jobs := []Job{
			jobMentorCard.job(a.ID, now, status),
			jobMentorTell.job(a.ID, now),
		}
		if approve {
			jobs = append([]Job{jobMentorWelcome.job(a.ID, now)}, jobs...)
		}
		return jobs, nil
	})
	if err != nil && err != errAlreadyDone {
		return MentorApplicationCard{}, err
	}
	return s.applicationCard(ctx, id)
}

// applicationCard is the review-channel card of an application as it is now.
func (s *Service) applicationCard(ctx context.Context, id MentorApplicationID) (MentorApplicationCard, error) {
	a, err := s.store.MentorApplication(ctx, id)
	if err != nil {
		return MentorApplicationCard{}, err
	}
	settings, err := s.store.GuildSettings(ctx, a.GuildID)
	if err != nil {
		return MentorApplicationCard{}, err
	}
	names, err := s.conditionNames(ctx, a.ConditionIDs)
	if err != nil {
		return MentorApplicationCard{}, err
	}
	return MentorApplicationCard{Lang: settings.Lang(), ChannelID: settings.ReviewChannelID, Application: a, Conditions: names,
		MentorChannelID: settings.MentorChannelID}, nil
}

func (s *Service) conditionNames(ctx context.Context, ids []ConditionID) ([]string, error) {
	var names []string
	for _, id := range ids {
		cond, err := s.store.Condition(ctx, id)
		if ErrorCode(err) == ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		names = append(names, cond.Name)
	}
	return names, nil
}

// postApplication posts (or refreshes) an application's card in the review
// channel.
func (s *Service) postApplication(ctx context.Context, id MentorApplicationID) error {
	card, err := s.applicationCard(ctx, id)
	if err != nil {
		return err
	}
	a := card.Application
	if a.PostMessageID != "" {
		return s.discord.Edit(ctx, a.PostChannelID, a.PostMessageID, card)
	}
	if card.ChannelID == "" {
		return Errorf(ESETUP, "no review channel is set")
	}
	msgID, err := s.discord.Post(ctx, card)
	if err != nil {
		return err
	}
	return s.store.SetMentorApplicationPost(ctx, a.ID, card.ChannelID, msgID)
}

// welcomeMentor gives an approved mentor their roles (making the server's
// mentor role and channel first, if need be) and welcomes them in the
// mentor channel.
func (s *Service) welcomeMentor(ctx context.Context, id MentorApplicationID) error {
	a, err := s.store.MentorApplication(ctx, id)
	if err != nil {
		return err
	}
	if a.Status != ApplicationApproved {
		return nil
	}
	settings, err := s.ensureMentorSpace(ctx, a.GuildID)
	if err != nil {
		return err
	}
	mine, err := s.store.MemberMentorships(ctx, a.GuildID, a.UserID)
	if err != nil {
		return err
	}
	var names []string
	for _, m := range mine {
		if m.ApplicationID != a.ID {
			continue
		}
		cond, err := s.store.Condition(ctx, m.ConditionID)
		if err != nil {
			return err
		}
		if err := s.discord.AddMemberRole(ctx, a.GuildID, a.UserID, cond.MentorRoleID); err != nil && ErrorCode(err) != ENOTFOUND {
			return err
		}
		names = append(names, cond.Name)
	}
	if err := s.discord.AddMemberRole(ctx, a.GuildID, a.UserID, settings.MentorRoleID); err != nil {
		return err
	}
	_, err = s.discord.Post(ctx, MentorWelcome{Lang: settings.Lang(), ChannelID: settings.MentorChannelID, UserID: a.UserID, Conditions: names})
	return err
}

// ensureMentorSpace makes the server's mentor role and private mentor
// channel when they do not exist (yet, or any more).
func (s *Service) ensureMentorSpace(ctx context.Context, guildID string) (Settings, error) {
	settings, err := s.store.GuildSettings(ctx, guildID)
	if err != nil {
		return settings, err
	}
	inv, err := s.discord.Inventory(ctx, guildID)
	if err != nil {
		return settings, err
	}
	roleID, channelID := settings.MentorRoleID, settings.MentorChannelID
	if roleID == "" || !inv.Roles[roleID] {
		if roleID, err = s.discord.CreateRole(ctx, guildID, RoleSpec{Name: settings.Lang().T("Peer Mentors")}); err != nil {
			return settings, err
		}
		channelID = "" // its access names the old role
	}
	if channelID == "" || !inv.Channels[channelID] {
		if channelID != "" {
			_ = s.discord.DeleteChannel(ctx, channelID)
		}
		if channelID, err = s.discord.CreateChannel(ctx, guildID, ChannelSpec{Name: mentorChannelName,
			Topic: settings.Lang().T("For peer mentors and moderators. Not medical advice; in an emergency, call your local emergency number."),
			Access: []Access{
				{Everyone: true, Level: Hidden},
				{RoleID: roleID, Level: ReadWrite},
				{RoleID: settings.ModeratorRoleID, Level: ReadWrite},
				{Bot: true, Level: BotAccess},
			}}); err != nil {
			return settings, err
		}
	}
	if roleID != settings.MentorRoleID || channelID != settings.MentorChannelID {
		if err := s.store.SetMentorSpace(ctx, guildID, roleID, channelID, s.now().UTC()); err != nil {
			return settings, err
		}
		settings.MentorRoleID, settings.MentorChannelID = roleID, channelID
	}
	return settings, nil
}

// tellApplicant tells the applicant privately what was decided.
func (s *Service) tellApplicant(ctx context.Context, id MentorApplicationID) error {
	card, err := s.applicationCard(ctx, id)
	if err != nil {
		return err
	}
	a := card.Application
	return s.tellPrivately(ctx, a.GuildID, a.UserID, MentorDecisionNotice{Lang: s.lang(ctx, a.GuildID), UserID: a.UserID, Approved: a.Status == ApplicationApproved,
		Conditions: card.Conditions, Reason: a.Reason, MentorChannelID: card.MentorChannelID})
}

// MentorOverview is /mentor review: applications waiting, and the
// mentors of each group with their place in the rotation.
type MentorOverview struct {
	Pending []MentorApplicationCard
	Groups  []MentorGroup
}

// MentorGroup is a condition's mentors, next to be pinged first.
type MentorGroup struct {
	Condition string
	Mentors   []Mentor
}

// MentorReview lists pending applications and the mentors, for moderators.
func (s *Service) MentorReview(ctx context.Context, c Caller) (MentorOverview, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return MentorOverview{}, err
	}
	if !settings.IsModerator(c) {
		return MentorOverview{}, settings.Refusal(Moderators)
	}
	var out MentorOverview
	pending, err := s.store.PendingMentorApplications(ctx, c.GuildID, 10)
	if err != nil {
		return out, err
	}
	for _, a := range pending {
		card, err := s.applicationCard(ctx, a.ID)
		if err != nil {
			return out, err
		}
		out.Pending = append(out.Pending, card)
	}
	conds, err := s.store.Conditions(ctx, c.GuildID)
	if err != nil {
		return out, err
	}
	for _, cond := range conds {
		ms, err := s.store.Mentors(ctx, cond.ID)
		if err != nil {
			return out, err
		}
		if len(ms) > 0 {
			sortRotation(ms)
			out.Groups = append(out.Groups, MentorGroup{Condition: cond.Name, Mentors: ms})
		}
	}
	return out, nil
}

// PauseMentoring takes the caller out of the rotation (paused) or puts them
// back, in every group they mentor.
func (s *Service) PauseMentoring(ctx context.Context, c Caller, paused bool) (int, error) {
	mine, err := s.store.MemberMentorships(ctx, c.GuildID, c.UserID)
	if err != nil {
		return 0, err
	}
	if len(mine) == 0 {
		return 0, Errorf(ENOTFOUND, "You're not a peer mentor here. `/mentor apply` applies to become one.")
	}
	now := s.now().UTC()
	at, action := now, AuditMentorPaused
	if !paused {
		at, action = time.Time{}, AuditMentorResumed
	}
	n := 0
	err = s.store.Atomically(ctx, func(tx Store) error {
		var err error
		if n, err = tx.SetMentorsPaused(ctx, c.GuildID, c.UserID, at); err != nil || n == 0 {
			return err
		}
		return s.audit(ctx, tx, AuditEntry{At: now, GuildID: c.GuildID, ActorID: c.UserID, Action: action,
			Target: auditTarget("user", c.UserID), Detail: auditDetail("conditions", n)})
	})
	if err != nil {
		return 0, err
	}
	if n == 0 {
		if paused {
			return 0, Errorf(ECONFLICT, "You're already paused. `/mentor resume` puts you back in the rotation.")
		}
		return 0, Errorf(ECONFLICT, "You're not paused: you're in the rotation.")
	}
	return len(mine), nil
}

// sortRotation orders mentors by whose turn it is: never pinged first,
// then the least recently pinged, then the one pinged fewest times, then
// the earliest approved.
func sortRotation(ms []Mentor) {
	slices.SortStableFunc(ms, func(a, b Mentor) int {
		if c := a.LastPingedAt.Compare(b.LastPingedAt); c != 0 {
			return c
		}
		if a.Pings != b.Pings {
			return a.Pings - b.Pings
		}
		if c := a.ApprovedAt.Compare(b.ApprovedAt); c != 0 {
			return c
		}
		return strings.Compare(a.UserID, b.UserID)
	})
}

// Kinds of mentor pings.
const (
	pingWelcome = "welcome"
	pingNudge   = "nudge"
)

// pickMentors chooses whom a peer question's post pings: the n available
// mentors of the condition whose turn it is (not paused, not the asker,
// not pinged for this question before when others are free), and records
// the pings, which moves them to the back of the rotation. Asked again
// for the same question and kind, it returns the same people, so a retried
// post pings nobody new.
func (s *Service) pickMentors(ctx context.Context, cond Condition, messageID, askerID, kind string, n int) ([]string, error) {
	var picked []string
	err := s.store.Atomically(ctx, func(tx Store) error {
		prev, err := tx.MentorPings(ctx, messageID, kind)
		if err != nil || len(prev) > 0 {
			picked = prev
			return err
		}
		pinged, err := tx.MentorPings(ctx, messageID, "")
		if err != nil {
			return err
		}
		ms, err := tx.Mentors(ctx, cond.ID)
		if err != nil {
			return err
		}
		sortRotation(ms)
		var fresh, again []string
		for _, m := range ms {
			switch {
			case m.Paused() || m.UserID == askerID:
			case slices.Contains(pinged, m.UserID):
				again = append(again, m.UserID)
			default:
				fresh = append(fresh, m.UserID)
			}
		}
		picked = append(fresh, again...)
		if len(picked) > n {
			picked = picked[:n]
		}
		now := s.now().UTC()
		for _, id := range picked {
			if err := tx.AddMentorPing(ctx, cond.ID, messageID, kind, id, now); err != nil {
				return err
			}
		}
		return nil
	})
	return picked, err
}

// MentorApplicationCard is an application in the review channel, with
// Approve and Decline until a moderator decides.
type MentorApplicationCard struct {
	ChannelID       string
	Application     MentorApplication
	Conditions      []string
	MentorChannelID string
	Lang            Lang // the server's, or the person's when private
}

// MentorDecisionNotice tells an applicant privately what was decided.
type MentorDecisionNotice struct {
	UserID          string
	Approved        bool
	Conditions      []string
	Reason          string // why it was declined
	MentorChannelID string
	Lang            Lang // the server's, or the person's when private
}

// MentorWelcome welcomes a new mentor in the mentor channel, mentioning
// them.
type MentorWelcome struct {
	ChannelID  string
	UserID     string
	Conditions []string
	Lang       Lang // the server's, or the person's when private
}

func (n MentorApplicationCard) Channel() string { return n.ChannelID }
func (n MentorDecisionNotice) Channel() string  { return "" }
func (n MentorWelcome) Channel() string         { return n.ChannelID }

// parseIDs reads comma-separated IDs.
func parseIDs(s string) []ConditionID {
	var out []ConditionID
	for _, f := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
			out = append(out, ConditionID(id))
		}
	}
	return out
}

// JoinIDs writes conditions' IDs comma-separated, for storage.
func JoinIDs(ids []ConditionID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(int64(id), 10)
	}
	return strings.Join(parts, ",")
}

// ParseIDs reads what JoinIDs wrote.
func ParseIDs(s string) []ConditionID { return parseIDs(s) }
