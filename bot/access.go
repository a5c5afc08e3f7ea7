package bot

import (
	"context"
	"slices"
	"strings"
)

// Caller is the person behind an interaction, as the server sees them.
type Caller struct {
	UserID       string
	GuildID      string
	RoleIDs      []string
	ManageServer bool // has Manage Server (or Administrator) in the guild
	// Lang is the caller's own language (their Discord client's), for
	// what only they see.
	Lang Lang
}

// Audience says who may use a command or a button.
type Audience int

const (
	Everyone     Audience = iota // any member of the server
	Staff                        // clinicians and moderators
	Clinicians                   // the clinician role (moderators too, so they can cover)
	Moderators                   // the moderator role, or Manage Server
	ServerAdmins                 // Manage Server only: /setup, which names the moderator role
	Verifiers                    // who may verify clinicians: the verifier role (/setup verifier_role), or moderators
)

func (c Caller) hasRole(id string) bool { return id != "" && slices.Contains(c.RoleIDs, id) }

// IsModerator reports whether c moderates the server: the moderator role, or
// Manage Server (so a new server can be set up before any role exists).
func (s Settings) IsModerator(c Caller) bool {
	return c.ManageServer || c.hasRole(s.ModeratorRoleID)
}

// IsClinician reports whether c has the server's clinician role.
func (s Settings) IsClinician(c Caller) bool { return c.hasRole(s.ClinicianRoleID) }

// IsVerifier reports whether c may verify clinicians: a moderator, or a
// member of the server's verifier role.
func (s Settings) IsVerifier(c Caller) bool {
	return s.IsModerator(c) || c.hasRole(s.VerifierRoleID)
}

// Allows reports whether c may use something meant for a.
func (s Settings) Allows(c Caller, a Audience) bool {
	switch a {
	case Everyone:
		return true
	case Staff, Clinicians:
		return s.IsClinician(c) || s.IsModerator(c)
	case Moderators:
		return s.IsModerator(c)
	case ServerAdmins:
		return c.ManageServer
	case Verifiers:
		return s.IsVerifier(c)
	}
	return false
}

// Admit returns nil when a admits c, and the refusal to show them when
// not. It is the rule authorize applies, for the few answers that must be
// given before any lookup (a modal cannot be deferred).
func (s Settings) Admit(c Caller, a Audience) error {
	if s.Allows(c, a) {
		return nil
	}
	return s.Refusal(a)
}

// Refusal is the error a caller gets when a is not for them.
func (a Audience) Refusal() *Error {
	switch a {
	case Staff, Clinicians:
		return Errorf(EFORBIDDEN, "Only clinicians and moderators can do this.")
	case Moderators:
		return Errorf(EFORBIDDEN, "Only moderators can do this: you need the server's moderator role or the Manage Server permission.")
	case ServerAdmins:
		return Errorf(EFORBIDDEN, "Only people with the Manage Server permission can change the server's settings.")
	case Verifiers:
		return Errorf(EFORBIDDEN, "Only moderators (or the server's verifier role) can verify clinicians.")
	}
	return Errorf(EFORBIDDEN, "You can't do this here.")
}

// Refusal is a's refusal for this server: when the role that would have let
// the caller in is not set yet, it also says how to set it, since a
// moderator of a new server otherwise cannot tell why they were refused.
func (s Settings) Refusal(a Audience) *Error {
	e := a.Refusal()
	var missing []string
	switch a {
	case Staff, Clinicians:
		if s.ClinicianRoleID == "" {
			missing = append(missing, "clinician_role")
		}
		if s.ModeratorRoleID == "" {
			missing = append(missing, "moderator_role")
		}
	case Moderators, Verifiers:
		if s.ModeratorRoleID == "" {
			missing = append(missing, "moderator_role")
		}
	}
	if len(missing) == 0 {
		return e
	}
	example := make([]string, len(missing))
	for i, m := range missing {
		example[i] = m + ":@role"
	}
	return Errorf(e.Code, "%s This server has no %s set yet: someone with Manage Server can set it with `/setup %s`.",
		e.Message, strings.Join(missing, " or "), strings.Join(example, " "))
}

// authorize loads the server's settings and refuses c unless a admits
// them. Every Service method a member can reach through Discord checks
// here first, before it looks anything up, so the domain alone decides who
// may do what: the adapter's command table only lists commands in help,
// and a refused caller learns nothing about what exists.
func (s *Service) authorize(ctx context.Context, c Caller, a Audience) (Settings, error) {
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return Settings{}, err
	}
	return settings, settings.Admit(c, a)
}
