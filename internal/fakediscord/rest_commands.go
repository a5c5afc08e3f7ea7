package fakediscord

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Discord's rules for application commands.
var commandNameRe = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

const (
	maxChatCommands    = 100
	maxContextCommands = 15
	maxOptions         = 25
)

// commandSetFor resolves the global or per-guild command set of a route.
func (s *Server) commandSetFor(rq *request) (*commandSet, string, *APIError) {
	if rq.param("app") != s.opts.ApplicationID {
		return nil, "", apiErr(http.StatusForbidden, CodeNotAuthorizedOnApp, "You are not authorized to perform this action on this application")
	}
	gid := rq.param("g")
	if gid == "" {
		return s.globalCommands, "", nil
	}
	g, e := s.botGuild(gid)
	if e != nil {
		return nil, "", e
	}
	return g.commands, gid, nil
}

func (s *Server) listCommands(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	set, _, e := s.commandSetFor(rq)
	if e != nil {
		return fail(e)
	}
	return ok(set.list())
}

func (s *Server) getCommand(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	set, _, e := s.commandSetFor(rq)
	if e != nil {
		return fail(e)
	}
	cmd := set.byID[rq.param("cmd")]
	if cmd == nil {
		return fail(errUnknownCommand())
	}
	return ok(cmd)
}

// overwriteCommands answers the bulk overwrite PUT: the set becomes exactly
// the commands sent. A command matching an existing one by name and type
// keeps its ID (and its version when unchanged), so overwriting twice with
// the same list changes nothing.
func (s *Server) overwriteCommands(rq *request) reply {
	var raws []json.RawMessage
	if e := rq.decode(&raws); e != nil {
		return fail(e)
	}
	var fe formErrors
	cmds := make([]*discordgo.ApplicationCommand, 0, len(raws))
	for i, raw := range raws {
		cmds = append(cmds, parseCommand(raw, strconv.Itoa(i), &fe))
	}
	checkCommandSet(cmds, &fe)
	if e := fe.err(); e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	set, gid, e := s.commandSetFor(rq)
	if e != nil {
		return fail(e)
	}
	next := newCommandSet()
	for _, cmd := range cmds {
		next.put(s.settle(set.find(cmd.Name, commandType(cmd)), cmd, gid))
	}
	*set = *next
	s.notify()
	return ok(set.list())
}

// settle gives an incoming command its identity: the old command's ID, and
// a new version only when something changed.
func (s *Server) settle(old, cmd *discordgo.ApplicationCommand, guildID string) *discordgo.ApplicationCommand {
	cmd.ApplicationID = s.opts.ApplicationID
	cmd.GuildID = guildID
	cmd.Type = commandType(cmd)
	if old == nil {
		cmd.ID = s.newID()
		cmd.Version = s.newID()
		return cmd
	}
	cmd.ID = old.ID
	cmd.Version = old.Version
	if !bytes.Equal(mustJSON(cmd), mustJSON(old)) {
		cmd.Version = s.newID()
	}
	return cmd
}

// createCommand answers POST: creating a command whose name exists
// overwrites it (200); a new one is 201.
func (s *Server) createCommand(rq *request) reply {
	var fe formErrors
	cmd := parseCommand(rq.body, "", &fe)
	if e := fe.err(); e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	set, gid, e := s.commandSetFor(rq)
	if e != nil {
		return fail(e)
	}
	old := set.find(cmd.Name, commandType(cmd))
	if old == nil {
		all := append(set.list(), cmd)
		checkCommandSet(all, &fe)
		if e := fe.err(); e != nil {
			return fail(apiErr(http.StatusBadRequest, 30032, "Maximum number of application commands reached"))
		}
	}
	settled := s.settle(old, cmd, gid)
	set.put(settled)
	s.notify()
	if old != nil {
		return ok(settled)
	}
	return created(settled)
}

// editCommand answers PATCH: the fields sent replace the old ones.
func (s *Server) editCommand(rq *request) reply {
	raw, e := fields(rq.body)
	if e != nil {
		return fail(e)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	set, gid, e := s.commandSetFor(rq)
	if e != nil {
		return fail(e)
	}
	old := set.byID[rq.param("cmd")]
	if old == nil {
		return fail(errUnknownCommand())
	}
	var merged map[string]json.RawMessage
	_ = json.Unmarshal(mustJSON(old), &merged)
	for k, v := range raw {
		merged[k] = v
	}
	var fe formErrors
	cmd := parseCommand(mustJSON(merged), "", &fe)
	if other := set.find(cmd.Name, commandType(cmd)); other != nil && other.ID != old.ID {
		fe.add("name", "APPLICATION_COMMAND_ALREADY_EXISTS", "Application command with that name already exists")
	}
	if e := fe.err(); e != nil {
		return fail(e)
	}
	settled := s.settle(old, cmd, gid)
	set.put(settled)
	s.notify()
	return ok(settled)
}

func (s *Server) deleteCommand(rq *request) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	set, _, e := s.commandSetFor(rq)
	if e != nil {
		return fail(e)
	}
	if set.byID[rq.param("cmd")] == nil {
		return fail(errUnknownCommand())
	}
	set.remove(rq.param("cmd"))
	s.notify()
	return noContent()
}

// parseCommand decodes and validates one command; errors go to fe under
// path.
func parseCommand(raw []byte, path string, fe *formErrors) *discordgo.ApplicationCommand {
	var cmd discordgo.ApplicationCommand
	if err := json.Unmarshal(raw, &cmd); err != nil {
		fe.add(path, "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type.")
		return &cmd
	}
	cmd.ID, cmd.Version, cmd.ApplicationID, cmd.GuildID = "", "", "", ""
	typ := commandType(&cmd)
	p := func(f string) string { return joinPath(path, f) }
	switch typ {
	case discordgo.ChatApplicationCommand:
		checkName(fe, p("name"), cmd.Name)
		if n := runes(cmd.Description); n < 1 || n > 100 {
			fe.add(p("description"), "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
		}
		checkOptions(fe, p("options"), cmd.Options, 0)
	case discordgo.UserApplicationCommand, discordgo.MessageApplicationCommand:
		if n := runes(cmd.Name); n < 1 || n > 32 {
			fe.add(p("name"), "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 32))
		}
		if cmd.Description != "" {
			fe.add(p("description"), "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION", "Context menu commands cannot have description")
		}
		if len(cmd.Options) > 0 {
			fe.add(p("options"), "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS", "Context menu commands cannot have options")
		}
	default:
		fe.add(p("type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3}.")
	}
	return &cmd
}

func checkName(fe *formErrors, path, name string) {
	switch {
	case !commandNameRe.MatchString(name):
		fe.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
	case strings.ToLower(name) != name:
		fe.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name must be lower case")
	}
}

// checkOptions validates an options list at depth 0 (command), 1 (group or
// subcommand) or 2 (subcommand in a group).
func checkOptions(fe *formErrors, path string, opts []*discordgo.ApplicationCommandOption, depth int) {
	if len(opts) > maxOptions {
		fe.add(path, "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxOptions))
	}
	names := map[string]bool{}
	sawOptional, sawSub, sawPlain := false, false, false
	for i, o := range opts {
		op := path + "." + strconv.Itoa(i)
		if o == nil {
			fe.add(op, "BASE_TYPE_REQUIRED", "This field is required")
			continue
		}
		checkName(fe, op+".name", o.Name)
		if names[o.Name] {
			fe.add(op+".name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
		}
		names[o.Name] = true
		if n := runes(o.Description); n < 1 || n > 100 {
			fe.add(op+".description", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
		}
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommandGroup:
			sawSub = true
			if depth != 0 {
				fe.add(op+".type", "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Subcommand groups can only be nested in commands")
			}
			for j, sub := range o.Options {
				if sub == nil || sub.Type != discordgo.ApplicationCommandOptionSubCommand {
					fe.add(op+".options."+strconv.Itoa(j)+".type", "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Subcommand groups can only contain subcommands")
				}
			}
			checkOptions(fe, op+".options", o.Options, 1)
		case discordgo.ApplicationCommandOptionSubCommand:
			sawSub = true
			if depth > 1 {
				fe.add(op+".type", "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Subcommands cannot be nested here")
			}
			for j, sub := range o.Options {
				if sub != nil && (sub.Type == discordgo.ApplicationCommandOptionSubCommand || sub.Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
					fe.add(op+".options."+strconv.Itoa(j)+".type", "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Subcommands cannot contain subcommands")
				}
			}
			checkOptions(fe, op+".options", o.Options, 2)
		case discordgo.ApplicationCommandOptionString, discordgo.ApplicationCommandOptionInteger,
			discordgo.ApplicationCommandOptionBoolean, discordgo.ApplicationCommandOptionUser,
			discordgo.ApplicationCommandOptionChannel, discordgo.ApplicationCommandOptionRole,
			discordgo.ApplicationCommandOptionMentionable, discordgo.ApplicationCommandOptionNumber,
			discordgo.ApplicationCommandOptionAttachment:
			sawPlain = true
			if o.Required && sawOptional {
				fe.add(op+".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
			}
			if !o.Required {
				sawOptional = true
			}
			checkChoices(fe, op, o)
		default:
			fe.add(op+".type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.")
		}
	}
	if sawSub && sawPlain {
		fe.add(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Subcommands and options cannot be mixed")
	}
}

func checkChoices(fe *formErrors, path string, o *discordgo.ApplicationCommandOption) {
	if len(o.Choices) == 0 {
		return
	}
	switch o.Type {
	case discordgo.ApplicationCommandOptionString, discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
	default:
		fe.add(path+".choices", "APPLICATION_COMMAND_OPTION_CHOICES_INVALID", "Choices are not allowed for this option type")
		return
	}
	if o.Autocomplete {
		fe.add(path+".autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "Autocomplete and choices are mutually exclusive")
	}
	if len(o.Choices) > maxChoices {
		fe.add(path+".choices", "BASE_TYPE_MAX_LENGTH", maxLengthMsg(maxChoices))
	}
	for i, c := range o.Choices {
		cp := path + ".choices." + strconv.Itoa(i)
		if c == nil {
			continue
		}
		if n := runes(c.Name); n < 1 || n > 100 {
			fe.add(cp+".name", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
		}
		if !choiceValueFits(o.Type, c.Value) {
			fe.add(cp+".value", "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type.")
		}
	}
}

func choiceValueFits(t discordgo.ApplicationCommandOptionType, v any) bool {
	switch x := v.(type) {
	case string:
		return t == discordgo.ApplicationCommandOptionString && runes(x) <= 100
	case float64:
		if t == discordgo.ApplicationCommandOptionInteger {
			return x == float64(int64(x))
		}
		return t == discordgo.ApplicationCommandOptionNumber
	}
	return false
}

// checkCommandSet enforces unique names per type and the per-type limits.
func checkCommandSet(cmds []*discordgo.ApplicationCommand, fe *formErrors) {
	seen := map[string]bool{}
	counts := map[discordgo.ApplicationCommandType]int{}
	for i, cmd := range cmds {
		t := commandType(cmd)
		key := strconv.Itoa(int(t)) + "/" + cmd.Name
		if seen[key] {
			fe.add(strconv.Itoa(i)+".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		seen[key] = true
		counts[t]++
	}
	if counts[discordgo.ChatApplicationCommand] > maxChatCommands ||
		counts[discordgo.UserApplicationCommand] > maxContextCommands ||
		counts[discordgo.MessageApplicationCommand] > maxContextCommands {
		fe.add("", "BASE_TYPE_MAX_LENGTH", "Too many application commands")
	}
}
