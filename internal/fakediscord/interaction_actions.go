package fakediscord

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// Errors for what the Discord client itself would not let a user do, so
// no interaction is created.
var (
	// ErrUnknownCommand: no registered command (guild or global) by that
	// name and type, or the bot is not in the server.
	ErrUnknownCommand = errors.New("fakediscord: no such application command is registered")
	// ErrNotAllowed: the client would not offer this action to the user
	// (command hidden by default_member_permissions, disabled button,
	// missing required option, value outside the choices …).
	ErrNotAllowed = errors.New("fakediscord: the Discord client would not allow this")
)

// Option is a slash command option as a user fills it in. Value is a string,
// integer, float64 or bool for the basic types, an ID string for user,
// channel, role and mentionable options, and a File for attachments.
type Option struct {
	Name  string
	Value any
	// Focused marks the option being typed, for Autocomplete. Its value is
	// sent as the partial text typed so far.
	Focused bool
}

// SlashCommand is a chat-input command a user runs.
type SlashCommand struct {
	ChannelID string
	UserID    string
	Name      string
	// Group and Subcommand select a subcommand (group) of the command.
	Group      string
	Subcommand string
	Options    []Option
	// Locale is the user's client locale, "en-US" by default.
	Locale string
}

// actor is a member acting in a channel.
type actor struct {
	cs     *channelState
	g      *guildState
	user   *discordgo.User
	member *discordgo.Member
	perms  int64
	locale string
}

func (s *Server) actorIn(channelID, userID, locale string) (actor, error) {
	cs := s.channelOf(channelID)
	if cs == nil {
		return actor{}, errUnknownChannel()
	}
	g := s.guildOf(cs.ch.GuildID)
	if g == nil {
		return actor{}, fmt.Errorf("%w: interactions are emulated in servers only", ErrNotAllowed)
	}
	m := g.members[userID]
	if m == nil {
		return actor{}, errUnknownMember()
	}
	perms := s.channelPermissions(g, userID, cs.ch)
	if perms&discordgo.PermissionViewChannel == 0 {
		return actor{}, fmt.Errorf("%w: the user cannot see the channel", ErrNotAllowed)
	}
	if locale == "" {
		if u := s.users[userID]; u != nil {
			locale = u.locale
		}
	}
	if locale == "" {
		locale = "en-US"
	}
	return actor{cs: cs, g: g, user: s.userOf(userID), member: m, perms: perms, locale: locale}, nil
}

// findCommand looks a command up as the client does: the guild's commands,
// then the global ones; the bot must be in the server.
func (s *Server) findCommand(g *guildState, name string, typ discordgo.ApplicationCommandType) (*discordgo.ApplicationCommand, error) {
	if g.members[s.opts.BotUserID] == nil {
		return nil, ErrUnknownCommand
	}
	if cmd := g.commands.find(name, typ); cmd != nil {
		return cmd, nil
	}
	if cmd := s.globalCommands.find(name, typ); cmd != nil {
		return cmd, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownCommand, name)
}

// commandUsable applies USE_APPLICATION_COMMANDS and the command's
// default_member_permissions (0 means administrators only).
func (s *Server) commandUsable(a actor, cmd *discordgo.ApplicationCommand) error {
	if a.perms&discordgo.PermissionUseApplicationCommands == 0 {
		return fmt.Errorf("%w: no USE_APPLICATION_COMMANDS in the channel", ErrNotAllowed)
	}
	if dmp := cmd.DefaultMemberPermissions; dmp != nil && !a.g.allowed[cmd.Name][a.user.ID] {
		base := s.basePermissions(a.g, a.user.ID)
		if base != allPermissions && (*dmp == 0 || !has(base, *dmp)) {
			return fmt.Errorf("%w: /%s is hidden from this member by default_member_permissions", ErrNotAllowed, cmd.Name)
		}
	}
	return nil
}

// RunCommand runs a slash command as a user: it checks the command is
// registered and visible to the member, types and checks the options against
// the registered definition, fills resolved data, and sends
// INTERACTION_CREATE.
func (s *Server) RunCommand(sc SlashCommand) (*Interaction, error) {
	return s.runSlash(sc, false)
}

// Autocomplete sends the autocomplete interaction a user triggers while
// typing the Focused option of a command.
func (s *Server) Autocomplete(sc SlashCommand) (*Interaction, error) {
	return s.runSlash(sc, true)
}

func (s *Server) runSlash(sc SlashCommand, autocomplete bool) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.actorIn(sc.ChannelID, sc.UserID, sc.Locale)
	if err != nil {
		return nil, err
	}
	cmd, err := s.findCommand(a.g, sc.Name, discordgo.ChatApplicationCommand)
	if err != nil {
		return nil, err
	}
	if err := s.commandUsable(a, cmd); err != nil {
		return nil, err
	}
	defs := cmd.Options
	fullName := cmd.Name
	var wrap func([]*discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandInteractionDataOption
	wrap = func(o []*discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandInteractionDataOption {
		return o
	}
	hasSubs := slices.ContainsFunc(defs, func(o *discordgo.ApplicationCommandOption) bool {
		return o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup
	})
	switch {
	case sc.Group != "":
		grp := findOptionDef(defs, sc.Group, discordgo.ApplicationCommandOptionSubCommandGroup)
		if grp == nil {
			return nil, fmt.Errorf("%w: /%s has no subcommand group %q", ErrNotAllowed, cmd.Name, sc.Group)
		}
		sub := findOptionDef(grp.Options, sc.Subcommand, discordgo.ApplicationCommandOptionSubCommand)
		if sub == nil {
			return nil, fmt.Errorf("%w: /%s %s has no subcommand %q", ErrNotAllowed, cmd.Name, sc.Group, sc.Subcommand)
		}
		defs = sub.Options
		fullName += " " + sc.Group + " " + sc.Subcommand
		wrap = func(o []*discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandInteractionDataOption {
			return []*discordgo.ApplicationCommandInteractionDataOption{{
				Name: sc.Group, Type: discordgo.ApplicationCommandOptionSubCommandGroup,
				Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: sc.Subcommand, Type: discordgo.ApplicationCommandOptionSubCommand, Options: o}},
			}}
		}
	case sc.Subcommand != "":
		sub := findOptionDef(defs, sc.Subcommand, discordgo.ApplicationCommandOptionSubCommand)
		if sub == nil {
			return nil, fmt.Errorf("%w: /%s has no subcommand %q", ErrNotAllowed, cmd.Name, sc.Subcommand)
		}
		defs = sub.Options
		fullName += " " + sc.Subcommand
		wrap = func(o []*discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandInteractionDataOption {
			return []*discordgo.ApplicationCommandInteractionDataOption{{Name: sc.Subcommand, Type: discordgo.ApplicationCommandOptionSubCommand, Options: o}}
		}
	case hasSubs:
		return nil, fmt.Errorf("%w: /%s needs a subcommand", ErrNotAllowed, cmd.Name)
	}
	resolved := &wireResolved{}
	leaves, err := s.convertOptions(a, defs, sc.Options, resolved, autocomplete)
	if err != nil {
		return nil, err
	}
	data := wireCommandData{ID: cmd.ID, Name: cmd.Name, Type: discordgo.ChatApplicationCommand, GuildID: cmd.GuildID, Options: wrap(leaves)}
	if !resolved.empty() {
		data.Resolved = resolved
	}
	typ := discordgo.InteractionApplicationCommand
	if autocomplete {
		typ = discordgo.InteractionApplicationCommandAutocomplete
	}
	it := s.newInteraction(a, typ, mustJSON(data), nil)
	it.commandName, it.commandType = fullName, discordgo.ChatApplicationCommand
	return s.handle(it), nil
}

func findOptionDef(defs []*discordgo.ApplicationCommandOption, name string, typ discordgo.ApplicationCommandOptionType) *discordgo.ApplicationCommandOption {
	for _, d := range defs {
		if d != nil && d.Name == name && d.Type == typ {
			return d
		}
	}
	return nil
}

// convertOptions types the user's values by the command's definitions, as
// the client does before sending.
func (s *Server) convertOptions(a actor, defs []*discordgo.ApplicationCommandOption, given []Option, resolved *wireResolved, autocomplete bool) ([]*discordgo.ApplicationCommandInteractionDataOption, error) {
	out := []*discordgo.ApplicationCommandInteractionDataOption{}
	focused := 0
	seen := map[string]bool{}
	for _, opt := range given {
		var def *discordgo.ApplicationCommandOption
		for _, d := range defs {
			if d != nil && d.Name == opt.Name && d.Type > discordgo.ApplicationCommandOptionSubCommandGroup {
				def = d
			}
		}
		if def == nil {
			return nil, fmt.Errorf("%w: no option %q", ErrNotAllowed, opt.Name)
		}
		if seen[opt.Name] {
			return nil, fmt.Errorf("%w: option %q given twice", ErrNotAllowed, opt.Name)
		}
		seen[opt.Name] = true
		if opt.Focused {
			if !autocomplete || !def.Autocomplete {
				return nil, fmt.Errorf("%w: option %q is not an autocomplete option", ErrNotAllowed, opt.Name)
			}
			focused++
			out = append(out, &discordgo.ApplicationCommandInteractionDataOption{Name: def.Name, Type: def.Type, Value: fmt.Sprint(opt.Value), Focused: true})
			continue
		}
		v, err := s.convertValue(a, def, opt.Value, resolved)
		if err != nil {
			return nil, err
		}
		out = append(out, &discordgo.ApplicationCommandInteractionDataOption{Name: def.Name, Type: def.Type, Value: v})
	}
	if autocomplete && focused != 1 {
		return nil, fmt.Errorf("%w: autocomplete needs exactly one focused option", ErrNotAllowed)
	}
	if !autocomplete {
		for _, d := range defs {
			if d != nil && d.Required && !seen[d.Name] {
				return nil, fmt.Errorf("%w: required option %q missing", ErrNotAllowed, d.Name)
			}
		}
	}
	return out, nil
}

func (s *Server) convertValue(a actor, def *discordgo.ApplicationCommandOption, v any, resolved *wireResolved) (any, error) {
	bad := func(why string) error {
		return fmt.Errorf("%w: option %q: %s", ErrNotAllowed, def.Name, why)
	}
	switch def.Type {
	case discordgo.ApplicationCommandOptionString:
		str, ok := v.(string)
		if !ok {
			return nil, bad("want a string")
		}
		n := runes(str)
		if (def.MinLength != nil && n < *def.MinLength) || (def.MaxLength > 0 && n > def.MaxLength) || n > 6000 {
			return nil, bad("length out of range")
		}
		if len(def.Choices) > 0 && !slices.ContainsFunc(def.Choices, func(c *discordgo.ApplicationCommandOptionChoice) bool { return c.Value == str }) {
			return nil, bad("not one of the choices")
		}
		return str, nil
	case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
		f, ok := toFloat(v)
		if !ok || (def.Type == discordgo.ApplicationCommandOptionInteger && f != math.Trunc(f)) {
			return nil, bad("want a number of the option's type")
		}
		if (def.MinValue != nil && f < *def.MinValue) || (def.MaxValue != 0 && f > def.MaxValue) {
			return nil, bad("value out of range")
		}
		if len(def.Choices) > 0 && !slices.ContainsFunc(def.Choices, func(c *discordgo.ApplicationCommandOptionChoice) bool {
			cf, ok := toFloat(c.Value)
			return ok && cf == f
		}) {
			return nil, bad("not one of the choices")
		}
		if def.Type == discordgo.ApplicationCommandOptionInteger {
			return int64(f), nil
		}
		return f, nil
	case discordgo.ApplicationCommandOptionBoolean:
		b, ok := v.(bool)
		if !ok {
			return nil, bad("want a bool")
		}
		return b, nil
	case discordgo.ApplicationCommandOptionUser:
		id := idOf(v)
		if !s.resolveUser(a, id, resolved) {
			return nil, bad("unknown user")
		}
		return id, nil
	case discordgo.ApplicationCommandOptionRole:
		id := idOf(v)
		if !s.resolveRole(a, id, resolved) {
			return nil, bad("unknown role")
		}
		return id, nil
	case discordgo.ApplicationCommandOptionMentionable:
		id := idOf(v)
		if !s.resolveRole(a, id, resolved) && !s.resolveUser(a, id, resolved) {
			return nil, bad("unknown user or role")
		}
		return id, nil
	case discordgo.ApplicationCommandOptionChannel:
		id := idOf(v)
		cs := s.channelOf(id)
		if cs == nil || cs.ch.GuildID != a.g.guild.ID {
			return nil, bad("unknown channel")
		}
		if len(def.ChannelTypes) > 0 && !slices.Contains(def.ChannelTypes, cs.ch.Type) {
			return nil, bad("channel type not allowed")
		}
		if s.channelPermissions(a.g, a.user.ID, cs.ch)&discordgo.PermissionViewChannel == 0 {
			return nil, bad("the user cannot see that channel")
		}
		if resolved.Channels == nil {
			resolved.Channels = map[string]*discordgo.Channel{}
		}
		resolved.Channels[id] = partialChannel(cs.ch)
		return id, nil
	case discordgo.ApplicationCommandOptionAttachment:
		var f File
		switch x := v.(type) {
		case File:
			f = x
		case *File:
			f = *x
		default:
			return nil, bad("want a fakediscord.File")
		}
		att := s.storeFile(a.cs.ch.ID, toUploads([]File{f})[0])
		att.Ephemeral = true
		if resolved.Attachments == nil {
			resolved.Attachments = map[string]*discordgo.MessageAttachment{}
		}
		resolved.Attachments[att.ID] = att
		return att.ID, nil
	}
	return nil, bad("unsupported option type")
}

func idOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case *discordgo.User:
		return x.ID
	case *discordgo.Role:
		return x.ID
	case *discordgo.Channel:
		return x.ID
	case *discordgo.Member:
		if x.User != nil {
			return x.User.ID
		}
	}
	return ""
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float32:
		return float64(x), true
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

func (s *Server) resolveUser(a actor, id string, resolved *wireResolved) bool {
	u := s.userOf(id)
	if u == nil {
		return false
	}
	if resolved.Users == nil {
		resolved.Users = map[string]*discordgo.User{}
	}
	resolved.Users[id] = u
	if m := a.g.members[id]; m != nil {
		if resolved.Members == nil {
			resolved.Members = map[string]*discordgo.Member{}
		}
		pm := partialMember(m)
		pm.Permissions = s.channelPermissions(a.g, id, a.cs.ch)
		resolved.Members[id] = pm
	}
	return true
}

func (s *Server) resolveRole(a actor, id string, resolved *wireResolved) bool {
	r := a.g.roles[id]
	if r == nil {
		return false
	}
	if resolved.Roles == nil {
		resolved.Roles = map[string]*discordgo.Role{}
	}
	resolved.Roles[id] = r
	return true
}

// newInteraction records an interaction and sends INTERACTION_CREATE.
func (s *Server) newInteraction(a actor, typ discordgo.InteractionType, data []byte, msg *wireMessage) *interactionState {
	id := s.newID()
	token := "aW50ZXJhY3Rpb246" + id + ":" + randomHex(48)
	member := *a.member
	member.User = a.user
	member.GuildID = ""
	member.Permissions = a.perms
	guildLocale := a.g.guild.PreferredLocale
	payload := wireInteraction{
		ID:                           id,
		ApplicationID:                s.opts.ApplicationID,
		Type:                         typ,
		Data:                         data,
		GuildID:                      a.g.guild.ID,
		Channel:                      partialChannel(a.cs.ch),
		ChannelID:                    a.cs.ch.ID,
		Member:                       &member,
		Token:                        token,
		Version:                      1,
		Message:                      msg,
		AppPermissions:               strconv.FormatInt(s.channelPermissions(a.g, s.opts.BotUserID, a.cs.ch), 10),
		Locale:                       a.locale,
		GuildLocale:                  guildLocale,
		Entitlements:                 []any{},
		AuthorizingIntegrationOwners: map[string]string{"0": a.g.guild.ID},
	}
	raw := mustJSON(payload)
	it := &interactionState{
		id: id, token: token, typ: typ,
		guildID: a.g.guild.ID, channelID: a.cs.ch.ID, userID: a.user.ID,
		created: s.now(), payload: raw,
	}
	s.interactions[id] = it
	s.byToken[token] = it
	s.dispatch(event{name: "INTERACTION_CREATE", guildID: a.g.guild.ID, data: json.RawMessage(raw)})
	s.logf("fakediscord: INTERACTION_CREATE %s type %d", id, typ)
	return it
}

func (s *Server) handle(it *interactionState) *Interaction {
	return &Interaction{
		s: s, ID: it.id, Token: it.token, Type: it.typ,
		GuildID: it.guildID, ChannelID: it.channelID, UserID: it.userID,
		payload: it.payload,
	}
}

// ComponentClick is a user using a button or select menu on a message.
type ComponentClick struct {
	ChannelID string
	MessageID string
	UserID    string
	CustomID  string
	// Values are the chosen option values (string selects) or IDs (user,
	// role, mentionable and channel selects).
	Values []string
}

// ClickButton clicks a button (found by custom_id in the message's
// components) and sends the component interaction, carrying the message.
func (s *Server) ClickButton(c ComponentClick) (*Interaction, error) {
	return s.useComponent(c, false)
}

// SelectMenu chooses values in a select menu of a message.
func (s *Server) SelectMenu(c ComponentClick) (*Interaction, error) {
	return s.useComponent(c, true)
}

func (s *Server) useComponent(c ComponentClick, wantSelect bool) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.actorIn(c.ChannelID, c.UserID, "")
	if err != nil {
		return nil, err
	}
	m := s.messageOf(c.ChannelID, c.MessageID)
	if m == nil {
		return nil, errUnknownMessage()
	}
	if m.Flags&discordgo.MessageFlagsEphemeral != 0 && s.ephemeralOwner(m.ID) != c.UserID {
		return nil, fmt.Errorf("%w: the ephemeral message is shown to another user only", ErrNotAllowed)
	}
	comp := findComponent(m.Components, c.CustomID)
	if comp == nil {
		return nil, fmt.Errorf("%w: no component with custom_id %q", ErrNotAllowed, c.CustomID)
	}
	data := wireComponentData{CustomID: c.CustomID, ComponentType: comp.Type()}
	switch v := deref(comp).(type) {
	case discordgo.Button:
		if wantSelect {
			return nil, fmt.Errorf("%w: %q is a button", ErrNotAllowed, c.CustomID)
		}
		if v.Disabled || v.Style == discordgo.LinkButton || v.Style == discordgo.PremiumButton {
			return nil, fmt.Errorf("%w: the button cannot be clicked", ErrNotAllowed)
		}
	case discordgo.SelectMenu:
		if !wantSelect {
			return nil, fmt.Errorf("%w: %q is a select menu", ErrNotAllowed, c.CustomID)
		}
		if v.Disabled {
			return nil, fmt.Errorf("%w: the select menu is disabled", ErrNotAllowed)
		}
		lo, hi := 1, 1
		if v.MinValues != nil {
			lo = *v.MinValues
		}
		if v.MaxValues > 0 {
			hi = v.MaxValues
		}
		if len(c.Values) < lo || len(c.Values) > hi {
			return nil, fmt.Errorf("%w: choose between %d and %d values", ErrNotAllowed, lo, hi)
		}
		resolved := &wireResolved{}
		for _, val := range c.Values {
			if !s.selectValueOK(a, v, val, resolved) {
				return nil, fmt.Errorf("%w: %q is not an option of the menu", ErrNotAllowed, val)
			}
		}
		data.Values = append([]string{}, c.Values...)
		if !resolved.empty() {
			data.Resolved = resolved
		}
	default:
		return nil, fmt.Errorf("%w: %q is not interactive", ErrNotAllowed, c.CustomID)
	}
	it := s.newInteraction(a, discordgo.InteractionMessageComponent, mustJSON(data), restMessage(m))
	it.sourceMessageID = m.ID
	return s.handle(it), nil
}

func (s *Server) selectValueOK(a actor, menu discordgo.SelectMenu, val string, resolved *wireResolved) bool {
	switch menu.MenuType {
	case discordgo.StringSelectMenu, 0:
		return slices.ContainsFunc(menu.Options, func(o discordgo.SelectMenuOption) bool { return o.Value == val })
	case discordgo.UserSelectMenu:
		return s.resolveUser(a, val, resolved)
	case discordgo.RoleSelectMenu:
		return s.resolveRole(a, val, resolved)
	case discordgo.MentionableSelectMenu:
		return s.resolveRole(a, val, resolved) || s.resolveUser(a, val, resolved)
	case discordgo.ChannelSelectMenu:
		cs := s.channelOf(val)
		if cs == nil || cs.ch.GuildID != a.g.guild.ID {
			return false
		}
		if resolved.Channels == nil {
			resolved.Channels = map[string]*discordgo.Channel{}
		}
		resolved.Channels[val] = partialChannel(cs.ch)
		return true
	}
	return false
}

// ephemeralOwner is the user an ephemeral interaction message is shown to.
func (s *Server) ephemeralOwner(messageID string) string {
	for _, it := range s.interactions {
		if it.originalID == messageID || slices.Contains(it.followups, messageID) {
			return it.userID
		}
	}
	return ""
}

// findComponent finds an interactive component by custom_id in action rows.
func findComponent(comps []discordgo.MessageComponent, customID string) discordgo.MessageComponent {
	for _, c := range comps {
		switch v := deref(c).(type) {
		case discordgo.ActionsRow:
			if found := findComponent(v.Components, customID); found != nil {
				return found
			}
		case discordgo.Button:
			if v.CustomID == customID {
				return c
			}
		case discordgo.SelectMenu:
			if v.CustomID == customID {
				return c
			}
		}
	}
	return nil
}

// SubmitModal submits the modal the bot answered `from` with (callback type
// 9), filling its text inputs from values (custom_id → text), and sends the
// modal submit interaction.
func (s *Server) SubmitModal(from *Interaction, values map[string]string) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.interactions[from.ID]
	if prev == nil || !prev.responded || prev.responseType != discordgo.InteractionResponseModal {
		return nil, fmt.Errorf("%w: the interaction was not answered with a modal", ErrNotAllowed)
	}
	a, err := s.actorIn(prev.channelID, prev.userID, "")
	if err != nil {
		return nil, err
	}
	modal := decodeResponse(prev.responseRaw).Data
	used := map[string]bool{}
	rows := []map[string]any{}
	for _, c := range modal.Components {
		row, ok := asActionsRow(c)
		if !ok || len(row.Components) != 1 {
			continue
		}
		ti, ok := deref(row.Components[0]).(discordgo.TextInput)
		if !ok {
			continue
		}
		val := values[ti.CustomID]
		used[ti.CustomID] = true
		n := runes(val)
		switch {
		case ti.Required && val == "":
			return nil, fmt.Errorf("%w: text input %q is required", ErrNotAllowed, ti.CustomID)
		case val != "" && (n < ti.MinLength || (ti.MaxLength > 0 && n > ti.MaxLength) || n > 4000):
			return nil, fmt.Errorf("%w: text input %q length out of range", ErrNotAllowed, ti.CustomID)
		}
		rows = append(rows, map[string]any{
			"type":       discordgo.ActionsRowComponent,
			"components": []map[string]any{{"type": discordgo.TextInputComponent, "custom_id": ti.CustomID, "value": val}},
		})
	}
	for k := range values {
		if !used[k] {
			return nil, fmt.Errorf("%w: the modal has no text input %q", ErrNotAllowed, k)
		}
	}
	var msg *wireMessage
	if prev.sourceMessageID != "" {
		if m := s.msgIndex[prev.sourceMessageID]; m != nil {
			msg = restMessage(m)
		}
	}
	it := s.newInteraction(a, discordgo.InteractionModalSubmit, mustJSON(wireModalData{CustomID: modal.CustomID, Components: rows}), msg)
	if msg != nil {
		it.sourceMessageID = prev.sourceMessageID
	}
	return s.handle(it), nil
}

// ContextCommand is a user or message context-menu command run on a target.
type ContextCommand struct {
	ChannelID string
	UserID    string
	Name      string
	// TargetID is the message (for message commands, in ChannelID) or user.
	TargetID string
	Locale   string
}

// RunMessageCommand runs a message context-menu command (type 3) on a
// message: data carries target_id and the message in resolved.messages.
func (s *Server) RunMessageCommand(cc ContextCommand) (*Interaction, error) {
	return s.runContext(cc, discordgo.MessageApplicationCommand)
}

// RunUserCommand runs a user context-menu command (type 2) on a user.
func (s *Server) RunUserCommand(cc ContextCommand) (*Interaction, error) {
	return s.runContext(cc, discordgo.UserApplicationCommand)
}

func (s *Server) runContext(cc ContextCommand, typ discordgo.ApplicationCommandType) (*Interaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.actorIn(cc.ChannelID, cc.UserID, cc.Locale)
	if err != nil {
		return nil, err
	}
	cmd, err := s.findCommand(a.g, cc.Name, typ)
	if err != nil {
		return nil, err
	}
	if err := s.commandUsable(a, cmd); err != nil {
		return nil, err
	}
	resolved := &wireResolved{}
	if typ == discordgo.MessageApplicationCommand {
		m := s.messageOf(cc.ChannelID, cc.TargetID)
		if m == nil || m.Flags&discordgo.MessageFlagsEphemeral != 0 {
			return nil, errUnknownMessage()
		}
		resolved.Messages = map[string]*wireMessage{m.ID: restMessage(m)}
	} else if !s.resolveUser(a, cc.TargetID, resolved) {
		return nil, errUnknownUser()
	}
	data := wireCommandData{ID: cmd.ID, Name: cmd.Name, Type: typ, GuildID: cmd.GuildID, TargetID: cc.TargetID, Resolved: resolved}
	it := s.newInteraction(a, discordgo.InteractionApplicationCommand, mustJSON(data), nil)
	it.commandName, it.commandType = cmd.Name, typ
	return s.handle(it), nil
}
