package bot

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Condition is one peer group: a category holding a peer channel and an
// office-hours channel, a role for its members and one for peer mentors.
type Condition struct {
	ID              ConditionID
	GuildID         string
	Name            string // as the moderator wrote it: "Long COVID"
	Description     string
	CategoryID      string
	RoleID          string
	MentorRoleID    string
	PeerChannelID   string
	OfficeChannelID string
	Archived        bool
	CreatedAt       time.Time
}

// ChannelSlug is the channel name Discord will show: lower case, spaces as
// hyphens. "Long COVID" becomes "long-covid".
func ChannelSlug(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(name, "-", " ")), "-"))
}

// CheckConditionName tidies a condition name and says what is wrong with it:
// 2–50 letters, digits, spaces or hyphens, with at least one letter.
func CheckConditionName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 50 {
		return "", Errorf(EINVALID, "A condition name must be 2 to 50 characters long; %q has %d.", name, n)
	}
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r), r == ' ', r == '-':
		default:
			return "", Errorf(EINVALID, "A condition name may contain only letters, digits, spaces and hyphens; %q is not allowed.", string(r))
		}
	}
	if letters == 0 {
		return "", Errorf(EINVALID, "A condition name needs at least one letter.")
	}
	if strings.Trim(ChannelSlug(name), "-") == "" {
		return "", Errorf(EINVALID, "A condition name needs letters or digits, not only hyphens.")
	}
	return name, nil
}

const maxDescription = 300

// ConditionHealth says which of a condition's Discord parts are missing.
type ConditionHealth struct {
	Condition Condition
	Missing   []string // "role", "peer mentor role", "category", "peer channel", "office-hours channel"
}

// Broken reports whether anything is missing.
func (h ConditionHealth) Broken() bool { return len(h.Missing) > 0 }

// needSetup returns an ESETUP error naming the settings a moderator must
// set before creating conditions, or nil. The roles decide who sees the new
// channels; the alert channel is where emergencies page a human.
func needSetup(s Settings) error {
	var missing, example []string
	for _, need := range []struct{ name, value, placeholder string }{
		{"moderator_role", s.ModeratorRoleID, "@role"},
		{"clinician_role", s.ClinicianRoleID, "@role"},
		{"alert_channel", s.AlertChannelID, "#channel"},
	} {
		if need.value == "" {
			missing = append(missing, need.name)
			example = append(example, need.name+":"+need.placeholder)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return Errorf(ESETUP, "Set %s first: `/setup %s`. The roles decide who sees the new channels, and emergencies page moderators in the alert channel.",
		strings.Join(missing, " and "), strings.Join(example, " "))
}

// CreateCondition makes the condition's roles and channels on Discord and
// stores them. If Discord refuses a step, everything already made is deleted
// again and the error says what the bot lacks.
func (s *Service) CreateCondition(ctx context.Context, c Caller, name, description string) (Condition, error) {
	settings, err := s.authorize(ctx, c, Moderators)
	if err != nil {
		return Condition{}, err
	}
	name, err = CheckConditionName(name)
	if err != nil {
		return Condition{}, err
	}
	description = strings.TrimSpace(description)
	if utf8.RuneCountInString(description) > maxDescription {
		return Condition{}, Errorf(EINVALID, "The description can be at most %d characters.", maxDescription)
	}
	if err := needSetup(settings); err != nil {
		return Condition{}, err
	}
	if existing, err := s.store.ConditionByName(ctx, c.GuildID, name); err == nil {
		state := ""
		if existing.Archived {
			state = " (archived)"
		}
		return Condition{}, Errorf(ECONFLICT, "A condition called %q already exists%s.", existing.Name, state)
	} else if ErrorCode(err) != ENOTFOUND {
		return Condition{}, err
	}
	// "Long COVID" and "Long-COVID" are different names with the same
	// channels: two #long-covid would leave members guessing which is theirs.
	all, err := s.store.Conditions(ctx, c.GuildID)
	if err != nil {
		return Condition{}, err
	}
	for _, other := range all {
		if ChannelSlug(other.Name) == ChannelSlug(name) {
			return Condition{}, Errorf(ECONFLICT, "%q would have the same channels (#%s) as the condition %q. Pick a name that differs in more than spaces, hyphens or capitals.",
				name, ChannelSlug(name), other.Name)
		}
	}

	cond := Condition{GuildID: c.GuildID, Name: name, Description: description, CreatedAt: s.now().UTC()}
	b := &builder{d: s.discord, guildID: c.GuildID}
	if err := b.build(ctx, &cond, settings, conditionParts); err != nil {
		b.undo(ctx)
		return Condition{}, err
	}
	cond, err = s.store.CreateCondition(ctx, cond)
	if err != nil {
		b.undo(ctx)
		return Condition{}, err
	}
	return cond, nil
}

// conditionParts are every part of a condition, in the order they are made.
var conditionParts = []string{partRole, partMentorRole, partCategory, partPeer, partOffice}

const (
	partRole       = "role"
	partMentorRole = "peer mentor role"
	partCategory   = "category"
	partPeer       = "peer channel"
	partOffice     = "office-hours channel"
)

// builder makes a condition's parts and remembers them, so that a failure
// midway can take everything back.
type builder struct {
	d        Discord
	guildID  string
	roles    []string
	channels []string
}

func (b *builder) build(ctx context.Context, cond *Condition, settings Settings, parts []string) error {
	for _, part := range parts {
		var err error
		switch part {
		case partRole:
			cond.RoleID, err = b.role(ctx, RoleSpec{Name: cond.Name})
		case partMentorRole:
			cond.MentorRoleID, err = b.role(ctx, RoleSpec{Name: settings.Lang().Sprintf("%s Peer Mentor", cond.Name), Mentionable: true})
		case partCategory:
			cond.CategoryID, err = b.channel(ctx, ChannelSpec{
				Name: cond.Name, Kind: CategoryChannel, Access: peerAccess(*cond, settings)})
		case partPeer:
			cond.PeerChannelID, err = b.channel(ctx, ChannelSpec{
				Name: ChannelSlug(cond.Name), ParentID: cond.CategoryID, Topic: peerTopic(settings.Lang(), *cond),
				Access: peerAccess(*cond, settings)})
		case partOffice:
			cond.OfficeChannelID, err = b.channel(ctx, ChannelSpec{
				Name: ChannelSlug(cond.Name) + "-office-hours", ParentID: cond.CategoryID,
				Topic:  settings.Lang().Sprintf("Clinician office hours for %s. Members can post here only while a session is open.", cond.Name),
				Access: officeAccess(*cond, settings, false)})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (b *builder) role(ctx context.Context, r RoleSpec) (string, error) {
	id, err := b.d.CreateRole(ctx, b.guildID, r)
	if err == nil {
		b.roles = append(b.roles, id)
	}
	return id, err
}

func (b *builder) channel(ctx context.Context, c ChannelSpec) (string, error) {
	id, err := b.d.CreateChannel(ctx, b.guildID, c)
	if err == nil {
		b.channels = append(b.channels, id)
	}
	return id, err
}

// undo deletes what build made, newest first. It runs on a context of its
// own so that a cancelled request still cleans up.
func (b *builder) undo(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	for i := len(b.channels) - 1; i >= 0; i-- {
		_ = b.d.DeleteChannel(ctx, b.channels[i])
	}
	for i := len(b.roles) - 1; i >= 0; i-- {
		_ = b.d.DeleteRole(ctx, b.guildID, b.roles[i])
	}
}

// peerTopic is a peer channel's topic, in the server's language when the
// channel is made.
func peerTopic(l Lang, c Condition) string {
	t := l.Sprintf("Peer support for %s. Not medical advice; in an emergency call your local emergency number.", c.Name)
	if c.Description != "" {
		t = c.Description + " · " + t
	}
	return t
}

// peerAccess: hidden from @everyone; members read and post; moderators and
// clinicians read and post; the bot keeps what it needs. An archived
// condition's members can still read their history but not post.
func peerAccess(c Condition, s Settings) []Access {
	member := ReadWrite
	if c.Archived {
		member = ReadOnly
	}
	return []Access{
		{Everyone: true, Level: Hidden},
		{RoleID: c.RoleID, Level: member},
		{RoleID: c.MentorRoleID, Level: member},
		{RoleID: s.ModeratorRoleID, Level: ReadWrite},
		{RoleID: s.ClinicianRoleID, Level: ReadWrite},
		{Bot: true, Level: BotAccess},
	}
}

// officeAccess: like the peer channel, but members only read it unless a
// session is open.
func officeAccess(c Condition, s Settings, open bool) []Access {
	member := ReadOnly
	if open && !c.Archived {
		member = ReadWrite
	}
	return []Access{
		{Everyone: true, Level: Hidden},
		{RoleID: c.RoleID, Level: member},
		{RoleID: c.MentorRoleID, Level: member},
		{RoleID: s.ModeratorRoleID, Level: ReadWrite},
		{RoleID: s.ClinicianRoleID, Level: ReadWrite},
		{Bot: true, Level: BotAccess},
	}
}

// channelAccess pairs each of a condition's channels with who may do what
// in it, outside office hours.
func channelAccess(c Condition, s Settings) []struct {
	id     string
	access []Access
} {
	return []struct {
		id     string
		access []Access
	}{
		{c.CategoryID, peerAccess(c, s)},
		{c.PeerChannelID, peerAccess(c, s)},
		{c.OfficeChannelID, officeAccess(c, s, false)},
	}
}

// Conditions lists the caller's server's conditions with what is missing
// from each, for moderators.
func (s *Service) Conditions(ctx context.Context, c Caller) ([]ConditionHealth, error) {
	if _, err := s.authorize(ctx, c, Moderators); err != nil {
		return nil, err
	}
	conds, err := s.store.Conditions(ctx, c.GuildID)
	if err != nil {
		return nil, err
	}
	if len(conds) == 0 {
		return nil, nil
	}
	inv, err := s.discord.Inventory(ctx, c.GuildID)
	if err != nil {
		return nil, err
	}
	out := make([]ConditionHealth, len(conds))
	for i, cond := range conds {
		out[i] = health(cond, inv)
	}
	return out, nil
}

func health(c Condition, inv Inventory) ConditionHealth {
	h := ConditionHealth{Condition: c}
	check := func(ok bool, part string) {
		if !ok {
			h.Missing = append(h.Missing, part)
		}
	}
	check(inv.Roles[c.RoleID], partRole)
	check(inv.Roles[c.MentorRoleID], partMentorRole)
	check(inv.Channels[c.CategoryID], partCategory)
	check(inv.Channels[c.PeerChannelID], partPeer)
	check(inv.Channels[c.OfficeChannelID], partOffice)
	return h
}

// ConditionNames lists the names of a server's open conditions (archived
// ones too when archived is set) starting with (or, failing that,
// containing) prefix, at most limit, for autocomplete.
func (s *Service) ConditionNames(ctx context.Context, guildID, prefix string, limit int, archived bool) ([]string, error) {
	conds, err := s.store.Conditions(ctx, guildID)
	if err != nil {
		return nil, err
	}
	prefix = strings.ToLower(strings.TrimSpace(prefix))
	var starts, contains []string
	for _, c := range conds {
		if c.Archived && !archived {
			continue
		}
		lower := strings.ToLower(c.Name)
		switch {
		case strings.HasPrefix(lower, prefix):
			starts = append(starts, c.Name)
		case strings.Contains(lower, prefix):
			contains = append(contains, c.Name)
		}
	}
	names := append(starts, contains...)
	if len(names) > limit {
		names = names[:limit]
	}
	return names, nil
}

// condition finds an open condition by name for a member-facing command.
// A name it does not know is answered with the groups there are, since
// members cannot run /condition list.
func (s *Service) condition(ctx context.Context, guildID, name string) (Condition, error) {
	c, err := s.store.ConditionByName(ctx, guildID, strings.Join(strings.Fields(name), " "))
	if ErrorCode(err) == ENOTFOUND {
		return Condition{}, s.unknownCondition(ctx, guildID, name)
	}
	return c, err
}

// maxNamedConditions is how many group names an unknown-condition answer
// lists.
const maxNamedConditions = 10

func (s *Service) unknownCondition(ctx context.Context, guildID, name string) error {
	names, err := s.ConditionNames(ctx, guildID, "", math.MaxInt, false)
	if err != nil || len(names) == 0 {
		return Errorf(ENOTFOUND, "There is no condition group called %q here, and none is open yet.", name)
	}
	slices.Sort(names)
	list := strings.Join(names, ", ")
	if len(names) > maxNamedConditions {
		list = strings.Join(names[:maxNamedConditions], ", ") + ", …"
	}
	return Errorf(ENOTFOUND, "There is no condition group called %q here. The groups are: %s. Start typing the name and pick one from the list.", name, list)
}

// ArchiveCondition makes a condition's channels read-only and closes it to
// new members. Its data and channels stay.
func (s *Service) ArchiveCondition(ctx context.Context, c Caller, name string) (Condition, error) {
	if _, err := s.authorize(ctx, c, Moderators); err != nil {
		return Condition{}, err
	}
	cond, err := s.condition(ctx, c.GuildID, name)
	if err != nil {
		return Condition{}, err
	}
	if cond.Archived {
		return Condition{}, Errorf(ECONFLICT, "%s is already archived.", cond.Name)
	}
	settings, err := s.store.GuildSettings(ctx, c.GuildID)
	if err != nil {
		return Condition{}, err
	}
	inv, err := s.discord.Inventory(ctx, c.GuildID)
	if err != nil {
		return Condition{}, err
	}
	cond.Archived = true
	for _, ch := range channelAccess(cond, settings) {
		if !inv.Channels[ch.id] {
			continue // deleted by hand: nothing to lock
		}
		if err := s.discord.SetAccess(ctx, c.GuildID, ch.id, ch.access); err != nil {
			return Condition{}, err
		}
	}
	if err := s.store.ArchiveCondition(ctx, cond.ID); err != nil {
		return Condition{}, err
	}
	return cond, nil
}

// RepairCondition recreates whatever parts of a condition were deleted by
// hand and stores their new IDs.
func (s *Service) RepairCondition(ctx context.Context, c Caller, name string) (ConditionHealth, error) {
	settings, err := s.authorize(ctx, c, Moderators)
	if err != nil {
		return ConditionHealth{}, err
	}
	cond, err := s.store.ConditionByName(ctx, c.GuildID, strings.Join(strings.Fields(name), " "))
	if ErrorCode(err) == ENOTFOUND {
		return ConditionHealth{}, Errorf(ENOTFOUND, "There is no condition called %q. `/condition list` shows them.", name)
	}
	if err != nil {
		return ConditionHealth{}, err
	}
	if err := needSetup(settings); err != nil {
		return ConditionHealth{}, err
	}
	inv, err := s.discord.Inventory(ctx, c.GuildID)
	if err != nil {
		return ConditionHealth{}, err
	}
	h := health(cond, inv)
	if !h.Broken() {
		return h, nil
	}
	b := &builder{d: s.discord, guildID: c.GuildID}
	if err := b.build(ctx, &cond, settings, h.Missing); err != nil {
		b.undo(ctx)
		return ConditionHealth{}, err
	}
	// A new category must hold the surviving channels, and a new role
	// changes who may see them, so both are written again.
	if slices.Contains(h.Missing, partCategory) {
		for _, id := range []string{cond.PeerChannelID, cond.OfficeChannelID} {
			if err := s.discord.MoveChannel(ctx, c.GuildID, id, cond.CategoryID); err != nil {
				b.undo(ctx)
				return ConditionHealth{}, err
			}
		}
	}
	for _, ch := range channelAccess(cond, settings) {
		if err := s.discord.SetAccess(ctx, c.GuildID, ch.id, ch.access); err != nil {
			b.undo(ctx)
			return ConditionHealth{}, err
		}
	}
	if err := s.store.UpdateConditionParts(ctx, cond); err != nil {
		b.undo(ctx)
		return ConditionHealth{}, err
	}
	// Members lost a role that was deleted; give them the new one.
	if slices.Contains(h.Missing, partRole) || slices.Contains(h.Missing, partMentorRole) {
		members, err := s.store.Memberships(ctx, c.GuildID, cond.ID)
		if err != nil {
			return h, err
		}
		for _, m := range members {
			if slices.Contains(h.Missing, partRole) {
				_ = s.discord.AddMemberRole(ctx, c.GuildID, m.UserID, cond.RoleID) // members who left the server are skipped
			}
			if m.Mentor && slices.Contains(h.Missing, partMentorRole) {
				_ = s.discord.AddMemberRole(ctx, c.GuildID, m.UserID, cond.MentorRoleID)
			}
		}
	}
	return h, nil
}
