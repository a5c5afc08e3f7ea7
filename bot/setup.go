package bot

import (
	"context"
	_ "embed"
	"strings"
	"time"
	"unicode/utf8"
)

// SettingsChange is what /setup was given; nil fields stay as they are.
type SettingsChange struct {
	ModeratorRoleID  *string
	ClinicianRoleID  *string
	EscalationRoleID *string
	ReviewChannelID  *string
	AlertChannelID   *string
	Timezone         *string
	CrisisResources  *string
	EmergencyNumber  *string
	VerifierRoleID   *string
	// Backstop switches the AutoMod backstop on or off (backstop.go).
	Backstop *bool
	// Country is an ISO code from Countries, or "" for none.
	Country *string
	// Language is a language code from Langs ("en", "es"), or "" to follow
	// the server's Discord language.
	Language *string
}

// Empty reports whether nothing would change.
func (ch SettingsChange) Empty() bool {
	return ch.ModeratorRoleID == nil && ch.ClinicianRoleID == nil && ch.EscalationRoleID == nil && ch.ReviewChannelID == nil &&
		ch.AlertChannelID == nil && ch.Timezone == nil && ch.CrisisResources == nil && ch.EmergencyNumber == nil &&
		ch.VerifierRoleID == nil && ch.Backstop == nil && ch.Country == nil && ch.Language == nil
}

const (
	maxCrisisResources = 1000
	maxEmergencyNumber = 300
)

// Setup applies a change to the caller's server settings. Everything is
// checked before anything is stored, so a bad option changes nothing.
func (s *Service) Setup(ctx context.Context, c Caller, ch SettingsChange) (Settings, error) {
	cur, err := s.authorize(ctx, c, ServerAdmins)
	if err != nil {
		return Settings{}, err
	}
	if ch.Empty() {
		return cur, nil
	}
	next := cur
	for _, role := range []struct {
		id   *string
		dst  *string
		what Msg
	}{
		{ch.ModeratorRoleID, &next.ModeratorRoleID, N("moderator role")},
		{ch.ClinicianRoleID, &next.ClinicianRoleID, N("clinician role")},
		{ch.EscalationRoleID, &next.EscalationRoleID, N("escalation role")},
		{ch.VerifierRoleID, &next.VerifierRoleID, N("verifier role")},
	} {
		if role.id == nil {
			continue
		}
		// @everyone's role ID is the guild's ID; making it the moderator or
		// clinician role would give everyone those powers.
		if *role.id == c.GuildID {
			return Settings{}, Errorf(EINVALID, "The %s can't be @everyone: pick a role that only the right people have.", role.what)
		}
		*role.dst = *role.id
	}
	if ch.ReviewChannelID != nil {
		next.ReviewChannelID = *ch.ReviewChannelID
	}
	if ch.AlertChannelID != nil {
		next.AlertChannelID = *ch.AlertChannelID
	}
	if ch.Country != nil {
		next.Country = ""
		if code := strings.TrimSpace(*ch.Country); code != "" {
			c, ok := CountryByCode(code)
			if !ok {
				return Settings{}, Errorf(EINVALID, "%q is not a country peerhours has numbers for; pick one from the list, or leave it unset and write your own with `emergency_number:` and `crisis_resources:`.", code)
			}
			next.Country = c.Code
		}
	}
	if ch.Language != nil {
		next.Language = ""
		if code := strings.ToLower(strings.TrimSpace(*ch.Language)); code != "" {
			if LangOf(code).Code() != code {
				return Settings{}, Errorf(EINVALID, "%q is not a language peerhours writes in; pick one from the list.", code)
			}
			next.Language = code
		}
	}
	if ch.Timezone != nil {
		tz, err := CheckTimezone(*ch.Timezone)
		if err != nil {
			return Settings{}, err
		}
		next.Timezone = tz
	}
	for _, t := range []struct {
		in   *string
		dst  *string
		what Msg
		max  int
	}{
		{ch.CrisisResources, &next.CrisisResources, N("crisis resources text"), maxCrisisResources},
		{ch.EmergencyNumber, &next.EmergencyNumber, N("emergency number text"), maxEmergencyNumber},
	} {
		if t.in == nil {
			continue
		}
		text := strings.TrimSpace(*t.in)
		if n := utf8.RuneCountInString(text); n > t.max {
			return Settings{}, Errorf(EINVALID, "The %s can be at most %d characters; it has %d.", t.what, t.max, n)
		}
		if strings.EqualFold(text, "default") {
			text = ""
		}
		*t.dst = text
	}
	want := cur.BackstopRuleID != ""
	if ch.Backstop != nil {
		want = *ch.Backstop
	}
	if next, err = s.setBackstop(ctx, cur, next, want); err != nil {
		return Settings{}, err
	}
	next.UpdatedAt = s.now().UTC()
	if err := s.store.Atomically(ctx, func(tx Store) error {
		if err := tx.SaveGuildSettings(ctx, next); err != nil {
			return err
		}
		return s.audit(ctx, tx, settingsAudit(c, cur, next))
	}); err != nil {
		return Settings{}, err
	}
	return next, nil
}

// NoteDiscordLocale records a server's preferred locale on Discord, which
// its public posts follow unless /setup language: chose one. The gateway
// says it at every connection; only a change is written.
func (s *Service) NoteDiscordLocale(ctx context.Context, guildID, locale string) error {
	// In a transaction, so that a /setup saved meanwhile is not undone.
	return s.store.Atomically(ctx, func(tx Store) error {
		cur, err := tx.GuildSettings(ctx, guildID)
		if err != nil || cur.DiscordLocale == locale {
			return err
		}
		cur.DiscordLocale = locale
		return tx.SaveGuildSettings(ctx, cur)
	})
}

//go:embed timezones.txt
var timezoneList string

// timezones are the canonical IANA zone names, for autocomplete. Any name
// the time package knows (old aliases too) is accepted when typed.
var timezones = strings.Fields(timezoneList)

// CheckTimezone returns the IANA name for tz, matching case-insensitively,
// or says it is unknown.
func CheckTimezone(tz string) (string, error) {
	tz = strings.TrimSpace(tz)
	for _, name := range timezones {
		if strings.EqualFold(name, tz) {
			return name, nil
		}
	}
	if tz != "" && tz != "Local" {
		if _, err := time.LoadLocation(tz); err == nil {
			return tz, nil
		}
	}
	return "", Errorf(EINVALID, "%q is not a time zone I know. Use an IANA name such as Europe/Berlin or America/New_York; start typing and pick one from the list.", tz)
}

// TimezoneNames returns up to limit zone names matching what the person has
// typed: "new york", "new_york" and "York" all find America/New_York.
func TimezoneNames(typed string, limit int) []string {
	q := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(typed), " ", "_"))
	var starts, contains []string
	for _, name := range timezones {
		lower := strings.ToLower(name)
		city := lower[strings.LastIndex(lower, "/")+1:]
		switch {
		case strings.HasPrefix(lower, q), strings.HasPrefix(city, q):
			starts = append(starts, name)
		case strings.Contains(lower, q):
			contains = append(contains, name)
		}
	}
	out := append(starts, contains...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
