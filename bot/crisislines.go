package bot

import (
	"slices"
	"strings"
)

// Country is one country's numbers for a person in danger, for the crisis
// replies of a server that set /setup country:. Every number is stated in
// the source recorded for it in crisis_lines_sources.md (searched
// 2026-12-07; check them with each line's operator once a year). A server
// can still write its own texts with /setup emergency_number: and
// crisis_resources:, which win over these.
type Country struct {
	Code string // ISO 3166-1 alpha-2
	Name string
	// Emergency is the sentence that gives the emergency number.
	Emergency string
	// Crisis are the suicide and emotional-crisis lines, one sentence each.
	Crisis []string
}

// CrisisText is the country's crisis lines as one text.
func (c Country) CrisisText() string { return strings.Join(c.Crisis, " ") }

// countries are the ones peerhours has a table for; a country not here gets
// the defaults (DefaultEmergencyNumber, DefaultCrisisLines), which point to
// findahelpline.com.
var countries = []Country{
	{"US", "United States", "Call 911 now.",
		[]string{"Call or text 988 (988 Suicide & Crisis Lifeline, free, 24 hours, in English and Spanish)."}},
	{"CA", "Canada", "Call 911 now.",
		[]string{"Call or text 9-8-8 (Suicide Crisis Helpline, free, 24 hours, in English and French)."}},
	{"MX", "Mexico", "Call 911 now.",
		[]string{"Call 800 911 2000 (Línea de la Vida, free, 24 hours)."}},
	{"ES", "Spain", "Call 112 now.",
		[]string{"Call 024 (Línea 024 de atención a la conducta suicida, free, 24 hours)."}},
	{"AR", "Argentina", "Call 911 now.",
		[]string{"Call 0800-999-0091 (Línea de Salud Mental del Ministerio de Salud, free, 24 hours).",
			"In Buenos Aires city and Greater Buenos Aires, 135 (Centro de Asistencia al Suicida; (011) 5275-1135 from elsewhere; not 24 hours)."}},
	{"CO", "Colombia", "Call 123 now.",
		[]string{"In Bogotá, call 106 or write on WhatsApp to 300 754 8933 (Línea 106, free, 24 hours).",
			"Elsewhere, findahelpline.com lists free, confidential lines."}},
	{"GB", "United Kingdom", "Call 999 now.",
		[]string{"Call Samaritans free on 116 123 (24 hours), or text SHOUT to 85258.",
			"In England, NHS 111 has a mental health option."}},
	{"IE", "Ireland", "Call 112 or 999 now.",
		[]string{"Call Samaritans free on 116 123 (24 hours) or Pieta on 1800 247 247, or text 50808."}},
	{"DE", "Germany", "Call 112 now.",
		[]string{"Call the TelefonSeelsorge free on 0800 111 0 111 or 0800 111 0 222 (24 hours, in German)."}},
	{"FR", "France", "Call 15 (SAMU) or 112 now.",
		[]string{"Call 3114 (numéro national de prévention du suicide, free, 24 hours, in French)."}},
	{"AU", "Australia", "Call 000 now.",
		[]string{"Call Lifeline on 13 11 14 or text 0477 13 11 14 (24 hours)."}},
}

// Countries lists the countries with a table of numbers, in /setup's order.
func Countries() []Country { return slices.Clone(countries) }

// CountryByCode finds a country by its ISO code, in any case.
func CountryByCode(code string) (Country, bool) {
	for _, c := range countries {
		if strings.EqualFold(c.Code, strings.TrimSpace(code)) {
			return c, true
		}
	}
	return Country{}, false
}
