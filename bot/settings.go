package bot

import (
	"strings"
	"time"
)

// What a person in danger is told when the server has not written its own.
// The two are kept apart because the replies differ by risk: a medical
// emergency's reply gives only the emergency number (a suicide line is the
// wrong place to call about chest pain), a self-harm reply gives the crisis
// lines and the emergency number.
const (
	// DefaultEmergencyNumber is the local emergency number, as a sentence.
	DefaultEmergencyNumber = "Call your local emergency number now: 911 in the US and Canada, 112 in the EU, 999 in the UK, 000 in Australia."
	// DefaultCrisisLines are the suicide and crisis lines, as sentences.
	DefaultCrisisLines = "In the US, call or text 988 (Suicide & Crisis Lifeline). In the UK and Ireland, call Samaritans on 116 123. Elsewhere, findahelpline.com lists free, confidential lines."
)

// Settings are one server's settings, written by /setup. Empty fields are
// not set.
type Settings struct {
	GuildID         string
	ModeratorRoleID string
	ClinicianRoleID string
	// EscalationRoleID is pinged by the re-alert of an alert nobody
	// acknowledged; empty means the server's owner is.
	EscalationRoleID string
	ReviewChannelID  string
	AlertChannelID   string
	Timezone         string // an IANA name; empty means UTC
	// CrisisResources are the crisis lines (/setup crisis_resources);
	// empty means DefaultCrisisLines.
	CrisisResources string
	// EmergencyNumber is the local emergency number as a sentence (/setup
	// emergency_number); empty means DefaultEmergencyNumber.
	EmergencyNumber string
	// VerifierRoleID may verify clinicians besides moderators (/setup
	// verifier_role); empty means moderators only.
	VerifierRoleID string
	// MentorRoleID and MentorChannelID are the server's peer mentor role
	// and private mentor channel, made by the bot at the first approval.
	MentorRoleID    string
	MentorChannelID string
	// BackstopRuleID is the Discord AutoMod rule /setup backstop:True
	// installed ("" when off); see Service.setBackstop.
	BackstopRuleID string
	// Country is the server's country (an ISO code from Countries, "" when
	// unset): its numbers stand in for the defaults in crisis replies.
	Country string
	// Language is the language of the server's public posts, set with
	// /setup language: ("en", "es"); empty means the server's Discord
	// language, DiscordLocale.
	Language string
	// DiscordLocale is the server's preferred locale on Discord ("en-US",
	// "es-ES"), as the gateway last said.
	DiscordLocale string
	UpdatedAt     time.Time
}

// Lang is the language of the server's public posts: the one /setup
// language: chose, else the server's Discord language.
func (s Settings) Lang() Lang {
	if s.Language != "" {
		return LangOf(s.Language)
	}
	return LangOf(s.DiscordLocale)
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

// CrisisLines is the crisis-lines text the server shows people at risk of
// suicide or self-harm.
func (s Settings) CrisisLines() string {
	if s.CrisisResources != "" {
		return s.CrisisResources
	}
	if c, ok := CountryByCode(s.Country); ok {
		return c.CrisisText()
	}
	return DefaultCrisisLines
}

// CrisisLinesIn is CrisisLines in l: the table's and the default sentences
// translated, a server's own text as written.
func (s Settings) CrisisLinesIn(l Lang) string {
	if s.CrisisResources != "" {
		return s.CrisisResources
	}
	if c, ok := CountryByCode(s.Country); ok {
		lines := make([]string, len(c.Crisis))
		for i, line := range c.Crisis {
			lines[i] = l.T(line)
		}
		return strings.Join(lines, " ")
	}
	return l.T(DefaultCrisisLines)
}

// EmergencyIn is Emergency in l: the table's and the default sentence
// translated, a server's own text as written.
func (s Settings) EmergencyIn(l Lang) string {
	if s.EmergencyNumber != "" {
		return s.EmergencyNumber
	}
	return l.T(s.Emergency())
}

// Emergency is the emergency-number text the server shows people in danger.
func (s Settings) Emergency() string {
	if s.EmergencyNumber != "" {
		return s.EmergencyNumber
	}
	if c, ok := CountryByCode(s.Country); ok {
		return c.Emergency
	}
	return DefaultEmergencyNumber
}

// Risk is what kind of emergency a crisis reply answers.
type Risk int

const (
	// RiskSelfHarm: suicide, self-harm or overdose. The reply gives the
	// crisis lines and the emergency number, in safe-messaging words.
	RiskSelfHarm Risk = iota
	// RiskMedical: a medical red flag. The reply leads with the emergency
	// number and offers no suicide line.
	RiskMedical
)

// RiskOf tells, from a decision's reasons, which reply an emergency gets:
// emergency.selfharm.* and emergency.overdose.* are self-harm,
// emergency.medical.* medical. A message with both is answered as
// self-harm, whose reply carries the emergency number too; so is one whose
// reasons name neither (flagged by hand, a classifier error), since that
// reply is the one that leaves nobody without a number to call.
func RiskOf(reasons []string) Risk {
	medical := false
	for _, r := range reasons {
		switch {
		case strings.HasPrefix(r, "emergency.selfharm."), strings.HasPrefix(r, "emergency.overdose."):
			return RiskSelfHarm
		case strings.HasPrefix(r, "emergency.medical."):
			medical = true
		}
	}
	if medical {
		return RiskMedical
	}
	return RiskSelfHarm
}

func (r Risk) String() string {
	if r == RiskMedical {
		return "medical"
	}
	return "selfharm"
}
