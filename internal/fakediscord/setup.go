package fakediscord

import (
	"fmt"
	"slices"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Test-side setup: what a server owner does in the Discord client. These
// actions are not checked against permissions (the owner may do them all),
// change state and send the gateway events Discord would send.

// GuildSpec describes a server to create.
type GuildSpec struct {
	// ID is generated when empty.
	ID   string
	Name string
	// OwnerID names an existing user as owner; by default a user "owner" is
	// created and joins as the owner.
	OwnerID string
	// EveryonePermissions are @everyone's permissions; nil means
	// DefaultEveryonePermissions.
	EveryonePermissions *int64
	// BotPermissions are the permissions of the bot's managed role (what
	// the invite link granted). Zero leaves the bot with @everyone's only.
	BotPermissions int64
	// WithoutBot creates the server without the bot in it.
	WithoutBot bool
	// PreferredLocale defaults to "en-US".
	PreferredLocale string
}

// AddGuild creates a server with @everyone, an owner and (unless
// WithoutBot) the bot as a member holding its managed role. A connected
// session gets GUILD_CREATE, as when the bot joins a server.
func (s *Server) AddGuild(spec GuildSpec) (*discordgo.Guild, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := spec.ID
	if id == "" {
		id = s.newID()
	}
	if s.guilds[id] != nil {
		return nil, fmt.Errorf("fakediscord: guild %s already exists", id)
	}
	name := spec.Name
	if name == "" {
		name = "Test Server"
	}
	locale := spec.PreferredLocale
	if locale == "" {
		locale = "en-US"
	}
	everyonePerms := DefaultEveryonePermissions
	if spec.EveryonePermissions != nil {
		everyonePerms = *spec.EveryonePermissions
	}
	now := s.now()
	g := &guildState{
		guild: &discordgo.Guild{
			ID: id, Name: name, JoinedAt: now, PreferredLocale: locale,
			MaxMembers: 500000, MaxPresences: 25000, Region: "deprecated",
			DefaultMessageNotifications: discordgo.MessageNotificationsOnlyMentions,
			NSFWLevel:                   discordgo.GuildNSFWLevelDefault,
		},
		roles:    map[string]*discordgo.Role{},
		members:  map[string]*discordgo.Member{},
		events:   map[string]*discordgo.GuildScheduledEvent{},
		commands: newCommandSet(),
	}
	g.roles[id] = &discordgo.Role{ID: id, Name: "@everyone", Permissions: everyonePerms, Position: 0}

	ownerID := spec.OwnerID
	if ownerID == "" {
		ownerID = s.newUser("owner", false).ID
	} else if s.users[ownerID] == nil {
		return nil, errUnknownUser()
	}
	g.guild.OwnerID = ownerID
	g.members[ownerID] = s.newMember(ownerID, nil, "")

	if !spec.WithoutBot {
		botRole := &discordgo.Role{ID: s.newID(), Name: s.opts.BotName, Managed: true, Permissions: spec.BotPermissions}
		insertRoleAt(g, botRole, 1)
		g.botRoleID = botRole.ID
		g.members[s.opts.BotUserID] = s.newMember(s.opts.BotUserID, []string{botRole.ID}, "")
	}
	s.guilds[id] = g
	s.guildOrder = append(s.guildOrder, id)
	if !spec.WithoutBot {
		for _, sess := range s.sessions {
			if !sess.invalid && sess.owns(id) {
				s.sendGuildCreate(sess, g)
			}
		}
	}
	s.notify()
	return cloneJSON(s.renderGuild(g, true, true)), nil
}

func (s *Server) newUser(name string, bot bool) *discordgo.User {
	u := &discordgo.User{ID: s.newID(), Username: name, Discriminator: "0", Bot: bot}
	s.users[u.ID] = &userState{user: u}
	return u
}

func (s *Server) newMember(userID string, roles []string, nick string) *discordgo.Member {
	if roles == nil {
		roles = []string{}
	}
	return &discordgo.Member{User: s.userOf(userID), Roles: roles, Nick: nick, JoinedAt: s.now()}
}

// RoleSpec describes a role to create.
type RoleSpec struct {
	Name        string
	Permissions int64
	// Position 0 puts the role just above @everyone, as Discord does with
	// new roles; a positive value inserts it there, moving the roles at or
	// above it up. Use it to place a role above the bot's.
	Position    int
	Color       int
	Hoist       bool
	Mentionable bool
	Managed     bool
}

// AddRole creates a role and sends GUILD_ROLE_CREATE (and GUILD_ROLE_UPDATE
// for the roles it moved up).
func (s *Server) AddRole(guildID string, spec RoleSpec) (*discordgo.Role, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return nil, errUnknownGuild()
	}
	r := &discordgo.Role{
		ID: s.newID(), Name: spec.Name, Permissions: spec.Permissions, Color: spec.Color,
		Hoist: spec.Hoist, Mentionable: spec.Mentionable, Managed: spec.Managed,
	}
	if r.Name == "" {
		r.Name = "new role"
	}
	moved := insertRoleAt(g, r, max(spec.Position, 1))
	s.emitRole("GUILD_ROLE_CREATE", guildID, r)
	for _, m := range moved {
		s.emitRole("GUILD_ROLE_UPDATE", guildID, m)
	}
	return cloneJSON(r), nil
}

// EditRole changes a role through edit (its position through MoveRole) and
// sends GUILD_ROLE_UPDATE.
func (s *Server) EditRole(guildID, roleID string, edit func(*discordgo.Role)) (*discordgo.Role, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return nil, errUnknownGuild()
	}
	r := g.roles[roleID]
	if r == nil {
		return nil, errUnknownRole()
	}
	c := *r
	edit(&c)
	c.ID, c.Position = r.ID, r.Position
	*r = c
	s.emitRole("GUILD_ROLE_UPDATE", guildID, r)
	return cloneJSON(r), nil
}

// MoveRole puts a role at a new position (at least 1), shifting the others
// to keep positions distinct, and sends GUILD_ROLE_UPDATE for each role
// that moved.
func (s *Server) MoveRole(guildID, roleID string, position int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return errUnknownGuild()
	}
	r := g.roles[roleID]
	if r == nil || roleID == guildID {
		return errUnknownRole()
	}
	order := slices.DeleteFunc(g.sortedRoles(), func(x *discordgo.Role) bool { return x.ID == roleID || x.ID == guildID })
	position = min(max(position, 1), len(order)+1)
	order = slices.Insert(order, position-1, r)
	for i, x := range order {
		if x.Position != i+1 {
			x.Position = i + 1
			s.emitRole("GUILD_ROLE_UPDATE", guildID, x)
		}
	}
	return nil
}

// DeleteRole deletes a role (from members and overwrites too) and sends
// GUILD_ROLE_DELETE.
func (s *Server) DeleteRole(guildID, roleID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return errUnknownGuild()
	}
	if g.roles[roleID] == nil || roleID == guildID {
		return errUnknownRole()
	}
	s.deleteRoleLocked(g, roleID)
	return nil
}

// SetBotPermissions sets the permissions of the bot's managed role.
func (s *Server) SetBotPermissions(guildID string, perms int64) error {
	s.mu.Lock()
	g := s.guildOf(guildID)
	var roleID string
	if g != nil {
		roleID = g.botRoleID
	}
	s.mu.Unlock()
	if g == nil {
		return errUnknownGuild()
	}
	if roleID == "" {
		return fmt.Errorf("fakediscord: the bot is not in guild %s", guildID)
	}
	_, err := s.EditRole(guildID, roleID, func(r *discordgo.Role) { r.Permissions = perms })
	return err
}

// BotRoleID is the ID of the bot's managed role in a guild.
func (s *Server) BotRoleID(guildID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g := s.guildOf(guildID); g != nil {
		return g.botRoleID
	}
	return ""
}

// ChannelSpec describes a channel to create.
type ChannelSpec struct {
	Name string
	// Type defaults to a text channel.
	Type     discordgo.ChannelType
	ParentID string
	Topic    string
	// Position defaults to after the last channel of its kind.
	Position *int
	// Overwrites; when nil a channel in a category copies the category's.
	Overwrites []*discordgo.PermissionOverwrite
	NSFW       bool
}

// AddChannel creates a channel or category and sends CHANNEL_CREATE. Text
// channel names are normalised as Discord does ("Office Hours" →
// "office-hours").
func (s *Server) AddChannel(guildID string, spec ChannelSpec) (*discordgo.Channel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return nil, errUnknownGuild()
	}
	if spec.Name == "" {
		return nil, formError("name", "BASE_TYPE_REQUIRED", "This field is required")
	}
	ch := &discordgo.Channel{Name: spec.Name, Type: spec.Type, Topic: spec.Topic, NSFW: spec.NSFW}
	if spec.ParentID != "" {
		parent := s.channelOf(spec.ParentID)
		if parent == nil || parent.ch.GuildID != guildID || parent.ch.Type != discordgo.ChannelTypeGuildCategory {
			return nil, formError("parent_id", "CHANNEL_PARENT_INVALID_TYPE", "Not a category")
		}
		ch.ParentID = spec.ParentID
		if spec.Overwrites == nil {
			ch.PermissionOverwrites = cloneOverwrites(parent.ch.PermissionOverwrites)
		}
	}
	if spec.Overwrites != nil {
		ch.PermissionOverwrites = cloneOverwrites(spec.Overwrites)
	}
	cs := s.newChannel(g, ch, spec.Position)
	s.emitChannel("CHANNEL_CREATE", cs.ch)
	return cloneJSON(cs.ch), nil
}

// EditChannel changes a channel (or thread) through edit and sends
// CHANNEL_UPDATE (THREAD_UPDATE).
func (s *Server) EditChannel(channelID string, edit func(*discordgo.Channel)) (*discordgo.Channel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(channelID)
	if cs == nil {
		return nil, errUnknownChannel()
	}
	c := *cs.ch
	edit(&c)
	c.ID, c.GuildID = cs.ch.ID, cs.ch.GuildID
	*cs.ch = c
	name := "CHANNEL_UPDATE"
	if c.IsThread() {
		name = "THREAD_UPDATE"
	}
	s.emitChannel(name, cs.ch)
	return cloneJSON(cs.ch), nil
}

// SetOverwrite sets (adds or replaces) one permission overwrite on a
// channel and sends CHANNEL_UPDATE.
func (s *Server) SetOverwrite(channelID string, ow discordgo.PermissionOverwrite) error {
	_, err := s.EditChannel(channelID, func(ch *discordgo.Channel) {
		out := slices.DeleteFunc(cloneOverwrites(ch.PermissionOverwrites), func(o *discordgo.PermissionOverwrite) bool { return o.ID == ow.ID })
		ch.PermissionOverwrites = append(out, &ow)
	})
	return err
}

// DeleteChannel deletes a channel (its threads and messages too) and sends
// CHANNEL_DELETE.
func (s *Server) DeleteChannel(channelID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(channelID)
	if cs == nil {
		return errUnknownChannel()
	}
	s.deleteChannelLocked(cs)
	return nil
}

// MemberSpec describes a member to add.
type MemberSpec struct {
	// UserID of an existing user (who then joins this server too), or the
	// ID for a new user; generated when empty.
	UserID     string
	Username   string
	GlobalName string
	Nick       string
	Roles      []string
	Bot        bool
	// JoinedAt defaults to now.
	JoinedAt time.Time
}

// AddMember adds a user to a server (creating the user if needed) and sends
// GUILD_MEMBER_ADD.
func (s *Server) AddMember(guildID string, spec MemberSpec) (*discordgo.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return nil, errUnknownGuild()
	}
	for _, r := range spec.Roles {
		if g.roles[r] == nil || r == guildID {
			return nil, errUnknownRole()
		}
	}
	uid := spec.UserID
	if uid == "" {
		uid = s.newID()
	}
	if g.members[uid] != nil {
		return nil, fmt.Errorf("fakediscord: user %s is already a member of %s", uid, guildID)
	}
	if s.users[uid] == nil {
		name := spec.Username
		if name == "" {
			name = "user" + uid[len(uid)-4:]
		}
		s.users[uid] = &userState{user: &discordgo.User{ID: uid, Username: name, GlobalName: spec.GlobalName, Discriminator: "0", Bot: spec.Bot}}
	}
	m := s.newMember(uid, slices.Clone(spec.Roles), spec.Nick)
	if !spec.JoinedAt.IsZero() {
		m.JoinedAt = spec.JoinedAt.UTC()
	}
	g.members[uid] = m
	s.emitMember("GUILD_MEMBER_ADD", guildID, m)
	return cloneJSON(withGuild(m, guildID)), nil
}

func withGuild(m *discordgo.Member, guildID string) *discordgo.Member {
	c := *m
	c.GuildID = guildID
	return &c
}

// SetMemberRoles replaces a member's roles and sends GUILD_MEMBER_UPDATE.
func (s *Server) SetMemberRoles(guildID, userID string, roles []string) (*discordgo.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return nil, errUnknownGuild()
	}
	m := g.members[userID]
	if m == nil {
		return nil, errUnknownMember()
	}
	for _, r := range roles {
		if g.roles[r] == nil || r == guildID {
			return nil, errUnknownRole()
		}
	}
	m.Roles = slices.Clone(roles)
	if m.Roles == nil {
		m.Roles = []string{}
	}
	s.emitMember("GUILD_MEMBER_UPDATE", guildID, m)
	return cloneJSON(withGuild(m, guildID)), nil
}

// AddMemberRole gives a member one more role.
func (s *Server) AddMemberRole(guildID, userID, roleID string) error {
	return s.changeMemberRoles(guildID, userID, func(roles []string) []string {
		if slices.Contains(roles, roleID) {
			return roles
		}
		return append(roles, roleID)
	}, roleID)
}

// RemoveMemberRole takes a role from a member.
func (s *Server) RemoveMemberRole(guildID, userID, roleID string) error {
	return s.changeMemberRoles(guildID, userID, func(roles []string) []string {
		return slices.DeleteFunc(roles, func(r string) bool { return r == roleID })
	}, roleID)
}

func (s *Server) changeMemberRoles(guildID, userID string, change func([]string) []string, roleID string) error {
	s.mu.Lock()
	g := s.guildOf(guildID)
	var roles []string
	var err error
	switch {
	case g == nil:
		err = errUnknownGuild()
	case g.roles[roleID] == nil:
		err = errUnknownRole()
	case g.members[userID] == nil:
		err = errUnknownMember()
	default:
		roles = change(slices.Clone(g.members[userID].Roles))
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	_, err = s.SetMemberRoles(guildID, userID, roles)
	return err
}

// RemoveMember makes a user leave a server and sends GUILD_MEMBER_REMOVE.
func (s *Server) RemoveMember(guildID, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return errUnknownGuild()
	}
	m := g.members[userID]
	if m == nil {
		return errUnknownMember()
	}
	delete(g.members, userID)
	s.emitMember("GUILD_MEMBER_REMOVE", guildID, m)
	return nil
}

// TimeoutMember times a member out until the given time (zero time ends a
// timeout) and sends GUILD_MEMBER_UPDATE.
func (s *Server) TimeoutMember(guildID, userID string, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return errUnknownGuild()
	}
	m := g.members[userID]
	if m == nil {
		return errUnknownMember()
	}
	if until.IsZero() {
		m.CommunicationDisabledUntil = nil
	} else {
		t := until.UTC()
		m.CommunicationDisabledUntil = &t
	}
	s.emitMember("GUILD_MEMBER_UPDATE", guildID, m)
	return nil
}

// SetDMsClosed makes DMs from the bot to the user fail with 50007, as when
// the user turns off direct messages from server members.
func (s *Server) SetDMsClosed(userID string, closed bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[userID]
	if u == nil {
		return errUnknownUser()
	}
	u.dmsClosed = closed
	return nil
}

// AllowCommand lets a member use a command whatever its
// default_member_permissions, as a server admin can in Server Settings →
// Integrations. Discord then sends that member's interactions to the bot,
// which must still refuse whom its own rules leave out.
func (s *Server) AllowCommand(guildID, name, userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guildOf(guildID)
	if g == nil {
		return errUnknownGuild()
	}
	if g.allowed == nil {
		g.allowed = map[string]map[string]bool{}
	}
	if g.allowed[name] == nil {
		g.allowed[name] = map[string]bool{}
	}
	g.allowed[name][userID] = true
	return nil
}

// SetUserLocale sets the language of a user's Discord client ("es-ES",
// "es-419"; "" for en-US), which Discord sends as the locale of each of
// their interactions. A command or context command naming its own Locale
// overrides it.
func (s *Server) SetUserLocale(userID, locale string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[userID]
	if u == nil {
		return errUnknownUser()
	}
	u.locale = locale
	return nil
}

// SetGuildLocale changes a server's preferred locale, as its owner does
// under Server Settings, and sends GUILD_UPDATE.
func (s *Server) SetGuildLocale(guildID, locale string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.guilds[guildID]
	if g == nil {
		return errUnknownGuild()
	}
	if locale == "" {
		locale = "en-US"
	}
	g.guild.PreferredLocale = locale
	s.dispatch(event{name: "GUILD_UPDATE", guildID: guildID, intent: discordgo.IntentGuilds, data: s.renderGuild(g, false, false)})
	return nil
}
