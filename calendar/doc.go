// Package calendar is peerhours' one dependency on RFC 5545, through
// github.com/teambition/rrule-go: it expands the repeat rules moderators
// give office-hours schedules (Parse, a bot.RuleParser) and writes
// clinicians' calendar feeds as iCalendar (Write), served at
// /calendar/{token}.ics on HTTP_ADDR (Handler).
//
// Rules are expanded on the local wall clock, as the domain computes its
// presets: DTSTART is the schedule's first local start read as UTC, so
// rrule-go never meets a daylight-saving change, and the domain resolves
// each occurrence in the schedule's zone. Feeds carry each zone's
// transitions as a VTIMEZONE computed from Go's zone data, so a calendar
// shows 18:00 in Berlin at 18:00 in Berlin on both sides of a change.
package calendar
