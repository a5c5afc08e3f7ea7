package bot

import "time"

// DefaultCrisisResources is what the crisis reply says when a server has not
// written its own.
const DefaultCrisisResources = "If you are in danger now, call your local emergency number (911 in the US, 112 in the EU). In the US you can call or text 988."

// Settings are one server's settings, written by /setup. Empty fields are
// not set.
type Settings struct {
	GuildID         string
	ModeratorRoleID string
	ClinicianRoleID string
	ReviewChannelID string
	AlertChannelID  string
	Timezone        string // an IANA name; empty means UTC
	CrisisResources string // empty means DefaultCrisisResources
	UpdatedAt       time.Time
}

// Location is the server's time zone, UTC when unset or unknown.
func (s Settings) Location() *time.Location {
	if s.Timezone == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Crisis is the crisis-resources text the server shows people in danger.
func (s Settings) Crisis() string {
	if s.CrisisResources == "" {
		return DefaultCrisisResources
	}
	return s.CrisisResources
}
