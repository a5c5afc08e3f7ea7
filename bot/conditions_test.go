package bot

import (
	"strings"
	"testing"
)

func TestCheckConditionName(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"Diabetes", "Diabetes", true},
		{"  Long   COVID ", "Long COVID", true},
		{"Type-1 Diabetes", "Type-1 Diabetes", true},
		{"Enfermedad de Crohn", "Enfermedad de Crohn", true},
		{"Ménière", "Ménière", true},
		{"HIV", "HIV", true},
		{"D", "", false},
		{strings.Repeat("a", 51), "", false},
		{strings.Repeat("a", 50), strings.Repeat("a", 50), true},
		{"Diabetes!", "", false},
		{"<@123>", "", false},
		{"a/b", "", false},
		{"123", "", false},
		{"--", "", false},
		{"café_club", "", false},
		{"@everyone", "", false},
	} {
		got, err := CheckConditionName(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("CheckConditionName(%q) = %q, %v; want %q, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && ErrorCode(err) != EINVALID {
			t.Errorf("CheckConditionName(%q): code %s, want %s", tc.in, ErrorCode(err), EINVALID)
		}
	}
}

func TestChannelSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Diabetes":        "diabetes",
		"Long COVID":      "long-covid",
		"Type-1 Diabetes": "type-1-diabetes",
		"A - B":           "a-b",
		"Ménière":         "ménière",
	} {
		if got := ChannelSlug(in); got != want {
			t.Errorf("ChannelSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAccess(t *testing.T) {
	s := Settings{ModeratorRoleID: "mod", ClinicianRoleID: "doc"}
	plain := Caller{RoleIDs: []string{"x"}}
	mod := Caller{RoleIDs: []string{"mod"}}
	doc := Caller{RoleIDs: []string{"doc"}}
	admin := Caller{ManageServer: true}
	for _, tc := range []struct {
		name string
		c    Caller
		a    Audience
		want bool
	}{
		{"plain/everyone", plain, Everyone, true},
		{"plain/staff", plain, Staff, false},
		{"plain/moderators", plain, Moderators, false},
		{"doc/clinicians", doc, Clinicians, true},
		{"doc/moderators", doc, Moderators, false},
		{"mod/clinicians", mod, Clinicians, true},
		{"mod/moderators", mod, Moderators, true},
		{"mod/admins", mod, ServerAdmins, false},
		{"admin/moderators", admin, Moderators, true},
		{"admin/admins", admin, ServerAdmins, true},
	} {
		if got := s.Allows(tc.c, tc.a); got != tc.want {
			t.Errorf("%s: Allows = %v, want %v", tc.name, got, tc.want)
		}
	}
	// With no roles set, an empty role ID must not match a caller without roles.
	if (Settings{}).Allows(Caller{}, Moderators) {
		t.Error("unset moderator role matched a caller with no roles")
	}
}

// A refusal on a server whose roles are not set yet says how to set them;
// once they are, it is the plain refusal.
func TestRefusalNamesTheMissingRole(t *testing.T) {
	for _, tc := range []struct {
		s    Settings
		a    Audience
		want string
	}{
		{Settings{}, Moderators, "`/setup moderator_role:@role`"},
		{Settings{ModeratorRoleID: "mod"}, Staff, "`/setup clinician_role:@role`"},
		{Settings{}, Clinicians, "`/setup clinician_role:@role moderator_role:@role`"},
	} {
		got := tc.s.Refusal(tc.a)
		if got.Code != EFORBIDDEN || !strings.HasPrefix(got.Message, tc.a.Refusal().Message) || !strings.Contains(got.Message, tc.want) {
			t.Errorf("%+v refusing %d: %q, want the refusal and %s", tc.s, tc.a, got.Message, tc.want)
		}
	}
	set := Settings{ModeratorRoleID: "mod", ClinicianRoleID: "doc"}
	for _, a := range []Audience{Staff, Clinicians, Moderators, ServerAdmins} {
		if got := set.Refusal(a); got.Message != a.Refusal().Message {
			t.Errorf("with both roles set, refusing %d: %q", a, got.Message)
		}
	}
}

func TestCheckTimezone(t *testing.T) {
	for in, want := range map[string]string{
		"Europe/Berlin":    "Europe/Berlin",
		"america/new_york": "America/New_York",
		" UTC ":            "UTC",
		"US/Eastern":       "US/Eastern", // an alias the time package still knows
	} {
		got, err := CheckTimezone(in)
		if err != nil || got != want {
			t.Errorf("CheckTimezone(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "Mars/Olympus", "Local", "EST5EDT/../../etc/passwd", "+02:00"} {
		if _, err := CheckTimezone(bad); ErrorCode(err) != EINVALID {
			t.Errorf("CheckTimezone(%q): err = %v, want EINVALID", bad, err)
		}
	}
}

func TestTimezoneNames(t *testing.T) {
	if got := TimezoneNames("new york", 25); len(got) == 0 || got[0] != "America/New_York" {
		t.Errorf("TimezoneNames(new york) = %v", got)
	}
	if got := TimezoneNames("berl", 25); len(got) != 1 || got[0] != "Europe/Berlin" {
		t.Errorf("TimezoneNames(berl) = %v", got)
	}
	if got := TimezoneNames("", 25); len(got) != 25 {
		t.Errorf("TimezoneNames(\"\") gave %d names, want the limit of 25", len(got))
	}
}

func TestGuidelinesRender(t *testing.T) {
	s := NewService(nil, nil, WithRetentionDays(30))
	text := s.Guidelines(English, Settings{CrisisResources: "Call 112."}, Condition{Name: "Asthma"})
	for _, want := range []string{"Asthma", "not medical care", "30 days", "Call 112.", "names removed", "version 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("guidelines lack %q:\n%s", want, text)
		}
	}
	if n := len([]rune(text)); n > 4096 {
		t.Errorf("guidelines are %d characters, more than an embed holds", n)
	}
}
