package bot

import (
	"context"
	"time"
)

// GuidelinesVersion is the version of texts/guidelines.md. Raise it when
// the guidelines change in substance: everyone is asked to accept again at
// their next /join.
const GuidelinesVersion = 1

// Consent records that a person accepted a version of the guidelines.
type Consent struct {
	GuildID    string
	UserID     string
	Version    int
	AcceptedAt time.Time
}

// Membership is a person's membership of a condition group.
type Membership struct {
	GuildID     string
	UserID      string
	ConditionID ConditionID
	Mentor      bool
	JoinedAt    time.Time
}

// JoinResult is what /join leads to: either the person joined, or they
// must first accept the guidelines shown in Guidelines.
type JoinResult struct {
	Condition    Condition
	NeedsConsent bool
	Guidelines   string
	Version      int
	Joined       bool
	Mentor       bool
}

// Guidelines renders the guidelines for a condition.
func (s *Service) Guidelines(l Lang, settings Settings, cond Condition) string {
	return render(l, "guidelines.md", map[string]any{
		"Condition":     cond.Name,
		"Emergency":     settings.EmergencyIn(l),
		"CrisisLines":   settings.CrisisLinesIn(l),
		"RetentionDays": s.retentionDays,
		"Version":       GuidelinesVersion,
	})
}

// Join adds the caller to a condition group, or asks for consent first when
// they have not accepted the current guidelines.
func (s *Service) Join(ctx context.Context, c Caller, name string, mentor bool) (JoinResult, error) {
	cond, err := s.joinable(ctx, c.GuildID, name)
	if err != nil {
		return JoinResult{}, err
	}
	consent, err := s.store.Consent(ctx, c.GuildID, c.UserID)
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return JoinResult{}, err
	}
	if err != nil || consent.Version < GuidelinesVersion {
		settings, err := s.store.GuildSettings(ctx, c.GuildID)
		if err != nil {
			return JoinResult{}, err
		}
		return JoinResult{Condition: cond, NeedsConsent: true, Guidelines: s.Guidelines(c.Lang, settings, cond),
			Version: GuidelinesVersion, Mentor: mentor}, nil
	}
	return s.addMember(ctx, c, cond, mentor)
}

// AcceptGuidelines stores the caller's consent to version and adds them to
// the condition. A prompt for an older version is shown again instead.
func (s *Service) AcceptGuidelines(ctx context.Context, c Caller, conditionID ConditionID, version int, mentor bool) (JoinResult, error) {
	cond, err := s.store.Condition(ctx, conditionID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && cond.GuildID != c.GuildID) {
		return JoinResult{}, Errorf(ENOTFOUND, "That condition group no longer exists.")
	}
	if err != nil {
		return JoinResult{}, err
	}
	if cond.Archived {
		return JoinResult{}, Errorf(ECONFLICT, "%s is archived and no longer takes new members.", cond.Name)
	}
	if version != GuidelinesVersion {
		settings, err := s.store.GuildSettings(ctx, c.GuildID)
		if err != nil {
			return JoinResult{}, err
		}
		return JoinResult{Condition: cond, NeedsConsent: true, Guidelines: s.Guidelines(c.Lang, settings, cond),
			Version: GuidelinesVersion, Mentor: mentor}, nil
	}
	if err := s.store.SaveConsent(ctx, Consent{GuildID: c.GuildID, UserID: c.UserID, Version: version, AcceptedAt: s.now().UTC()}); err != nil {
		return JoinResult{}, err
	}
	return s.addMember(ctx, c, cond, mentor)
}

func (s *Service) joinable(ctx context.Context, guildID, name string) (Condition, error) {
	cond, err := s.condition(ctx, guildID, name)
	if err != nil {
		return Condition{}, err
	}
	if cond.Archived {
		return Condition{}, Errorf(ECONFLICT, "%s is archived and no longer takes new members.", cond.Name)
	}
	return cond, nil
}

// addMember gives the caller the condition's role (and the mentor role when
// they volunteer) and records the membership. The role comes first: a
// membership on record without the role would be a lie.
func (s *Service) addMember(ctx context.Context, c Caller, cond Condition, mentor bool) (JoinResult, error) {
	if err := s.discord.AddMemberRole(ctx, c.GuildID, c.UserID, cond.RoleID); err != nil {
		return JoinResult{}, brokenPart(err, cond, partRole)
	}
	if mentor {
		if err := s.discord.AddMemberRole(ctx, c.GuildID, c.UserID, cond.MentorRoleID); err != nil {
			return JoinResult{}, brokenPart(err, cond, partMentorRole)
		}
	}
	m := Membership{GuildID: c.GuildID, UserID: c.UserID, ConditionID: cond.ID, Mentor: mentor, JoinedAt: s.now().UTC()}
	if err := s.store.SaveMembership(ctx, m); err != nil {
		return JoinResult{}, err
	}
	return JoinResult{Condition: cond, Joined: true, Mentor: mentor}, nil
}

// brokenPart explains a Discord "unknown role" as a broken condition a
// moderator can repair. Discord refusing the role (the bot's role lacks Manage Roles or sits
// below the condition's roles) is said to the member as what it is for
// them: they are not in yet, a moderator has to act, and their acceptance
// of the guidelines stands. The adapter's "Nothing was changed" would not
// be true here, as the consent is stored.
func brokenPart(err error, cond Condition, part string) error {
	switch ErrorCode(err) {
	case ENOTFOUND:
		return Errorf(EUNAVAILABLE, "The %s of %s was deleted, so you can't be added right now. A moderator can fix it with `/condition repair condition:%s`.", Msg(part), cond.Name, cond.Name)
	case EUNAVAILABLE:
		notYet := N("you are not in the group yet")
		if part == partMentorRole {
			notYet = N("you are not a peer mentor yet")
		}
		return Errorf(EUNAVAILABLE, "Discord did not let me give you the %s of %s, so %s. Please tell a moderator: my role needs Manage Roles and must sit above the %s roles under Server Settings → Roles. Your acceptance of the guidelines is kept, so `/join` will not ask again.", Msg(part), cond.Name, notYet, cond.Name)
	}
	return err
}

// StopMentoring takes the peer mentor role from a caller who stays in the
// group. It reports false, changing nothing, when they are not a mentor of
// it.
func (s *Service) StopMentoring(ctx context.Context, c Caller, name string) (Condition, bool, error) {
	cond, err := s.condition(ctx, c.GuildID, name)
	if err != nil {
		return Condition{}, false, err
	}
	if !c.hasRole(cond.MentorRoleID) {
		m, err := s.store.Membership(ctx, c.GuildID, c.UserID, cond.ID)
		if ErrorCode(err) == ENOTFOUND || (err == nil && !m.Mentor) {
			return cond, false, nil
		}
		if err != nil {
			return Condition{}, false, err
		}
	}
	// A role deleted by hand is already gone from the member.
	if err := s.discord.RemoveMemberRole(ctx, c.GuildID, c.UserID, cond.MentorRoleID); err != nil && ErrorCode(err) != ENOTFOUND {
		return Condition{}, false, err
	}
	if _, err := s.store.StopMentoring(ctx, c.GuildID, c.UserID, cond.ID); err != nil {
		return Condition{}, false, err
	}
	return cond, true, nil
}

// Leave removes the caller from a condition group. Archived groups can be
// left too.
func (s *Service) Leave(ctx context.Context, c Caller, name string) (Condition, error) {
	cond, err := s.condition(ctx, c.GuildID, name)
	if err != nil {
		return Condition{}, err
	}
	for _, role := range []string{cond.RoleID, cond.MentorRoleID} {
		if !c.hasRole(role) {
			continue
		}
		// A role deleted by hand is already gone from the member.
		if err := s.discord.RemoveMemberRole(ctx, c.GuildID, c.UserID, role); err != nil && ErrorCode(err) != ENOTFOUND {
			return Condition{}, err
		}
	}
	removed, err := s.store.DeleteMembership(ctx, c.GuildID, c.UserID, cond.ID)
	if err != nil {
		return Condition{}, err
	}
	// A mentor of a group they left mentors it no more.
	if _, err := s.store.DeleteMentor(ctx, c.GuildID, c.UserID, cond.ID); err != nil {
		return Condition{}, err
	}
	if !removed && !c.hasRole(cond.RoleID) {
		return Condition{}, Errorf(ENOTFOUND, "You are not in %s.", cond.Name)
	}
	return cond, nil
}
