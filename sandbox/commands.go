//i18n:english the sandbox page's own chrome and its demo server's content (docs/sandbox.md); the bot's messages in it follow the language toggle
package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

// Slash commands, drawn from the definitions the bot registered: whatever
// commands and options it has, the panel offers, with the checks the
// Discord client makes (required, lengths, ranges, choices, channel types).

type commandPanel struct {
	Name        string
	Description string
	// Sub is the chosen subcommand ("create", or "group sub").
	Sub        string
	Subs       []commandLink
	Fields     []fieldView
	Error      string
	Action     string
	Multipart  bool
	CancelHref string
	BackHref   string
	// List is every command, when none is chosen yet.
	List []commandLink
	// Apps are the message-menu commands, explained in the list.
	Apps []string
}

type fieldView struct {
	ID, Name, Label, Description string
	// Hint is the description with what the field takes, in sentences.
	Hint     string
	Required bool
	// Kind is text, number, bool, select or file.
	Kind         string
	Autocomplete bool
	Value        string
	Min, Max     string
	MinLength    int
	MaxLength    int
	Step         string
	Options      []choiceView
	Groups       []choiceGroup
}

type choiceGroup struct {
	Label   string
	Options []choiceView
}

// findCommand returns a chat command the persona's client offers here.
func (s *Server) findCommand(channelID, userID, name string) *discordgo.ApplicationCommand {
	for _, c := range s.dc.CommandsFor(channelID, userID) {
		if c.Name == name && (c.Type == 0 || c.Type == discordgo.ChatApplicationCommand) {
			return c
		}
	}
	return nil
}

// optionDefs returns the options of a command or of its subcommand (sub is
// "sub" or "group sub"), and whether that names something runnable.
func optionDefs(cmd *discordgo.ApplicationCommand, sub string) ([]*discordgo.ApplicationCommandOption, string, string, bool) {
	hasSubs := slices.ContainsFunc(cmd.Options, func(o *discordgo.ApplicationCommandOption) bool {
		return o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup
	})
	if !hasSubs {
		return cmd.Options, "", "", sub == ""
	}
	group, name, twoLevels := strings.Cut(sub, " ")
	if !twoLevels {
		name, group = group, ""
	}
	defs := cmd.Options
	if group != "" {
		g := findDef(defs, group, discordgo.ApplicationCommandOptionSubCommandGroup)
		if g == nil {
			return nil, "", "", false
		}
		defs = g.Options
	}
	sc := findDef(defs, name, discordgo.ApplicationCommandOptionSubCommand)
	if sc == nil {
		return nil, "", "", false
	}
	return sc.Options, group, name, true
}

func findDef(defs []*discordgo.ApplicationCommandOption, name string, typ discordgo.ApplicationCommandOptionType) *discordgo.ApplicationCommandOption {
	for _, d := range defs {
		if d != nil && d.Name == name && d.Type == typ {
			return d
		}
	}
	return nil
}

// subcommands lists "sub" and "group sub" with their descriptions.
func subcommands(cmd *discordgo.ApplicationCommand) []commandLink {
	var out []commandLink
	for _, o := range cmd.Options {
		switch o.Type {
		case discordgo.ApplicationCommandOptionSubCommand:
			out = append(out, commandLink{Name: o.Name, Description: o.Description})
		case discordgo.ApplicationCommandOptionSubCommandGroup:
			for _, sc := range o.Options {
				out = append(out, commandLink{Name: o.Name + " " + sc.Name, Description: sc.Description})
			}
		}
	}
	return out
}

// commandPanel builds the panel: the list of commands, a command's
// subcommands, or the form for its options (filled with form's values after
// a refusal).
func (s *Server) commandPanel(wd *world, ch *discordgo.Channel, name, sub string, form map[string]string, errMsg string) *commandPanel {
	here := channelURL(wd.p.Key, ch.ID)
	panel := &commandPanel{CancelHref: here, Error: errMsg, Action: here + "/run"}
	if name == "" {
		for _, c := range s.dc.CommandsFor(ch.ID, wd.p.UserID) {
			if c.Type == discordgo.MessageApplicationCommand {
				panel.Apps = append(panel.Apps, c.Name)
				continue
			}
			if c.Type == 0 || c.Type == discordgo.ChatApplicationCommand {
				panel.List = append(panel.List, commandLink{Name: c.Name, Description: c.Description, Href: withQuery(here, "cmd", c.Name)})
			}
		}
		return panel
	}
	cmd := s.findCommand(ch.ID, wd.p.UserID, name)
	if cmd == nil {
		panel.Error = fmt.Sprintf("There is no /%s command here for %s.", name, wd.p.Name)
		return panel
	}
	panel.Name, panel.Description = cmd.Name, cmd.Description
	panel.BackHref = withQuery(here, "cmd", "")
	defs, _, _, ok := optionDefs(cmd, sub)
	if !ok {
		for _, sc := range subcommands(cmd) {
			sc.Href = withQuery(here, "cmd", cmd.Name, "sub", sc.Name)
			panel.Subs = append(panel.Subs, sc)
		}
		return panel
	}
	panel.Sub = sub
	if sub != "" {
		for _, sc := range subcommands(cmd) {
			if sc.Name == sub {
				panel.Description = sc.Description
			}
		}
		panel.BackHref = withQuery(here, "cmd", cmd.Name)
	}
	// Required options first, as the client lists them.
	ordered := slices.Clone(defs)
	slices.SortStableFunc(ordered, func(a, b *discordgo.ApplicationCommandOption) int {
		switch {
		case a.Required == b.Required:
			return 0
		case a.Required:
			return -1
		}
		return 1
	})
	for _, d := range ordered {
		f := s.field(wd, ch, d, form["opt."+d.Name])
		if f.Kind == "file" {
			panel.Multipart = true
		}
		panel.Fields = append(panel.Fields, f)
	}
	return panel
}

// field turns an option definition into a form control.
func (s *Server) field(wd *world, ch *discordgo.Channel, d *discordgo.ApplicationCommandOption, value string) fieldView {
	f := fieldView{ID: "opt-" + d.Name, Name: "opt." + d.Name, Label: d.Name, Description: d.Description, Required: d.Required, Value: value}
	choices := func() []choiceView {
		var out []choiceView
		for _, c := range d.Choices {
			v := fmt.Sprint(c.Value)
			out = append(out, choiceView{Label: c.Name, Value: v, Selected: v == value})
		}
		return out
	}
	switch d.Type {
	case discordgo.ApplicationCommandOptionString:
		f.Kind = "text"
		if d.MinLength != nil {
			f.MinLength = *d.MinLength
		}
		f.MaxLength = d.MaxLength
		f.Autocomplete = d.Autocomplete
		if len(d.Choices) > 0 {
			f.Kind, f.Options = "select", choices()
		}
	case discordgo.ApplicationCommandOptionInteger, discordgo.ApplicationCommandOptionNumber:
		f.Kind = "number"
		f.Step = "1"
		if d.Type == discordgo.ApplicationCommandOptionNumber {
			f.Step = "any"
		}
		if d.MinValue != nil {
			f.Min = strconv.FormatFloat(*d.MinValue, 'f', -1, 64)
		}
		if d.MaxValue != 0 {
			f.Max = strconv.FormatFloat(d.MaxValue, 'f', -1, 64)
		}
		f.Autocomplete = d.Autocomplete
		if len(d.Choices) > 0 {
			f.Kind, f.Options = "select", choices()
		}
	case discordgo.ApplicationCommandOptionBoolean:
		f.Kind = "select"
		f.Options = []choiceView{{Label: "True", Value: "true", Selected: value == "true"}, {Label: "False", Value: "false", Selected: value == "false"}}
	case discordgo.ApplicationCommandOptionUser:
		f.Kind, f.Options = "select", selected(wd.memberChoices(""), value)
	case discordgo.ApplicationCommandOptionRole:
		f.Kind, f.Options = "select", selected(wd.roleChoices(""), value)
	case discordgo.ApplicationCommandOptionMentionable:
		f.Kind = "select"
		f.Groups = []choiceGroup{{Label: "People", Options: selected(wd.memberChoices(""), value)}, {Label: "Roles", Options: selected(wd.roleChoices(""), value)}}
	case discordgo.ApplicationCommandOptionChannel:
		f.Kind, f.Options = "select", selected(wd.channelChoices(d.ChannelTypes), value)
	case discordgo.ApplicationCommandOptionAttachment:
		f.Kind = "file"
	default:
		f.Kind = "text"
	}
	f.Hint = sentence(d.Description)
	if f.Autocomplete {
		f.Hint += " Suggestions appear as you type."
	}
	if f.Kind == "text" && f.MaxLength > 0 {
		f.Hint += fmt.Sprintf(" Up to %d characters.", f.MaxLength)
	}
	f.Hint = strings.TrimSpace(f.Hint)
	return f
}

// sentence ends a description with a full stop unless it has its own.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?)") {
		return s
	}
	return s + "."
}

func selected(cs []choiceView, value string) []choiceView {
	for i := range cs {
		cs[i].Selected = cs[i].Value == value
	}
	return cs
}

// formOptions converts the submitted form into typed options by the
// definitions, as the Discord client types what a person entered. Empty
// fields are left out. With focus set, that option is sent as the focused
// one (its text as typed) for autocomplete.
func formOptions(r *http.Request, defs []*discordgo.ApplicationCommandOption, focus string) ([]fakediscord.Option, error) {
	var out []fakediscord.Option
	for _, d := range defs {
		key := "opt." + d.Name
		if d.Name == focus {
			out = append(out, fakediscord.Option{Name: d.Name, Value: r.FormValue(key), Focused: true})
			continue
		}
		if d.Type == discordgo.ApplicationCommandOptionAttachment {
			if focus != "" {
				continue
			}
			file, hdr, err := r.FormFile(key)
			if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %v", d.Name, err)
			}
			data, err := io.ReadAll(io.LimitReader(file, 25<<20))
			file.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %v", d.Name, err)
			}
			out = append(out, fakediscord.Option{Name: d.Name, Value: fakediscord.File{Name: hdr.Filename, ContentType: hdr.Header.Get("Content-Type"), Data: data}})
			continue
		}
		raw := strings.TrimSpace(r.FormValue(key))
		if d.Type == discordgo.ApplicationCommandOptionString {
			raw = r.FormValue(key) // spaces inside text are the person's
			if strings.TrimSpace(raw) == "" {
				raw = ""
			}
		}
		if raw == "" {
			continue
		}
		var v any = raw
		switch d.Type {
		case discordgo.ApplicationCommandOptionInteger:
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s must be a whole number", d.Name)
			}
			v = n
		case discordgo.ApplicationCommandOptionNumber:
			f, err := strconv.ParseFloat(raw, 64)
			if err != nil {
				return nil, fmt.Errorf("%s must be a number", d.Name)
			}
			v = f
		case discordgo.ApplicationCommandOptionBoolean:
			v = raw == "true"
		}
		if why := outOfBounds(d, v); why != "" {
			if focus != "" {
				continue // suggestions go on without it
			}
			return nil, errors.New(d.Name + " " + why)
		}
		out = append(out, fakediscord.Option{Name: d.Name, Value: v})
	}
	if focus == "" {
		for _, d := range defs {
			if d.Required && !slices.ContainsFunc(out, func(o fakediscord.Option) bool { return o.Name == d.Name }) {
				return nil, fmt.Errorf("%s is required", d.Name)
			}
		}
	}
	return out, nil
}

// outOfBounds is what the Discord client says of a value outside an
// option's min_value/max_value or min_length/max_length (it does not send
// the command), or "" when the value fits.
func outOfBounds(d *discordgo.ApplicationCommandOption, v any) string {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	var x float64
	switch n := v.(type) {
	case int64:
		x = float64(n)
	case float64:
		x = n
	case string:
		if d.Type != discordgo.ApplicationCommandOptionString {
			return ""
		}
		l, lo, hi := utf8.RuneCountInString(n), 0, d.MaxLength
		if d.MinLength != nil {
			lo = *d.MinLength
		}
		switch {
		case lo > 0 && hi > 0 && (l < lo || l > hi):
			return "must be " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi) + " characters long; it has " + strconv.Itoa(l)
		case l < lo:
			return "must be at least " + strconv.Itoa(lo) + " characters long; it has " + strconv.Itoa(l)
		case hi > 0 && l > hi:
			return "must be at most " + strconv.Itoa(hi) + " characters long; it has " + strconv.Itoa(l)
		}
		return ""
	default:
		return ""
	}
	hasMax := d.MaxValue != 0
	switch {
	case d.MinValue != nil && x < *d.MinValue && hasMax:
		return "must be between " + num(*d.MinValue) + " and " + num(d.MaxValue)
	case d.MinValue != nil && x < *d.MinValue:
		return "must be at least " + num(*d.MinValue)
	case hasMax && x > d.MaxValue && d.MinValue != nil:
		return "must be between " + num(*d.MinValue) + " and " + num(d.MaxValue)
	case hasMax && x > d.MaxValue:
		return "must be at most " + num(d.MaxValue)
	}
	return ""
}

func formValues(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, v := range r.Form {
		if len(v) > 0 {
			out[k] = v[0]
		}
	}
	return out
}

// runCommand runs the slash command filled in the panel, as the persona.
func (s *Server) runCommand(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	chID := r.PathValue("ch")
	if err := r.ParseMultipartForm(32 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	name, sub := r.FormValue("cmd"), r.FormValue("sub")
	refuse := func(msg string) {
		wd, err := s.load(p)
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		ch, ok := wd.channel(chID)
		if !ok || !s.dc.CanView(p.UserID, chID) {
			http.Redirect(w, r, "/as/"+p.Key+"/", http.StatusSeeOther)
			return
		}
		data := s.basePage(wd, chID)
		data.Channel = s.channelView(wd, ch)
		data.Messages, _ = s.renderMessages(wd, ch)
		data.Composer = s.composer(wd, ch)
		data.Panel = s.commandPanel(wd, ch, name, sub, formValues(r), msg)
		data.Title = "/" + name + " — peerhours sandbox"
		s.render(w, http.StatusUnprocessableEntity, data)
	}
	cmd := s.findCommand(chID, p.UserID, name)
	if cmd == nil {
		refuse(fmt.Sprintf("There is no /%s command here for %s.", name, p.Name))
		return
	}
	defs, group, subName, ok := optionDefs(cmd, sub)
	if !ok {
		refuse("Choose a subcommand.")
		return
	}
	opts, err := formOptions(r, defs, "")
	if err != nil {
		refuse(capitalize(err.Error()) + ".")
		return
	}
	it, err := s.dc.RunCommand(fakediscord.SlashCommand{ChannelID: chID, UserID: p.UserID, Name: cmd.Name, Group: group, Subcommand: subName, Options: opts})
	if err != nil {
		refuse(clientError(err))
		return
	}
	s.afterInteraction(w, r, p, chID, it)
}

// afterInteraction waits for the bot's callback, then shows the channel at
// the reply, or the modal the bot opened.
func (s *Server) afterInteraction(w http.ResponseWriter, r *http.Request, p Persona, chID string, it *fakediscord.Interaction) {
	resp, err := awaitBot(r, it, it.WaitResponse)
	here := channelURL(p.Key, chID)
	if err != nil {
		// No answer in time: the page shows "did not respond" for it.
		http.Redirect(w, r, here+"#m-"+it.ID, http.StatusSeeOther)
		return
	}
	if resp.Type == discordgo.InteractionResponseModal {
		http.Redirect(w, r, withQuery(here, "modal", it.ID), http.StatusSeeOther)
		return
	}
	anchor := ""
	if info, ok := s.interactionOf(p, it.ID); ok && info.ReplyID != "" {
		anchor = "#m-" + info.ReplyID
	}
	http.Redirect(w, r, here+anchor, http.StatusSeeOther)
}

// autocomplete asks the bot for choices for the option being typed.
func (s *Server) autocomplete(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	chID := r.PathValue("ch")
	cmd := s.findCommand(chID, p.UserID, r.FormValue("cmd"))
	type choice struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	out := []choice{}
	write := func() {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		json.NewEncoder(w).Encode(out)
	}
	if cmd == nil {
		write()
		return
	}
	defs, group, subName, ok := optionDefs(cmd, r.FormValue("sub"))
	focus := r.FormValue("focus")
	if !ok || !slices.ContainsFunc(defs, func(o *discordgo.ApplicationCommandOption) bool { return o.Name == focus && o.Autocomplete }) {
		write()
		return
	}
	opts, err := formOptions(r, defs, focus)
	if err != nil {
		write()
		return
	}
	// Values the client would not send (out of range, wrong type) are left
	// out rather than failing the suggestions.
	it, err := s.dc.Autocomplete(fakediscord.SlashCommand{ChannelID: chID, UserID: p.UserID, Name: cmd.Name, Group: group, Subcommand: subName, Options: opts})
	if err != nil {
		opts = slices.DeleteFunc(opts, func(o fakediscord.Option) bool { return !o.Focused })
		it, err = s.dc.Autocomplete(fakediscord.SlashCommand{ChannelID: chID, UserID: p.UserID, Name: cmd.Name, Group: group, Subcommand: subName, Options: opts})
	}
	if err != nil {
		write()
		return
	}
	choices, err := awaitBot(r, it, it.WaitChoices)
	if err == nil {
		for _, c := range choices {
			out = append(out, choice{Name: c.Name, Value: fmt.Sprint(c.Value)})
		}
	}
	write()
}

// clientError words an emulator refusal as the Discord client would show
// it.
func clientError(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "fakediscord: ")
	var apiErr *fakediscord.APIError
	if errors.As(err, &apiErr) {
		msg = apiErr.Message
	}
	if errors.Is(err, fakediscord.ErrNotAllowed) {
		msg = strings.TrimPrefix(msg, "the Discord client would not allow this: ")
	}
	return capitalize(msg) + "."
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.TrimSuffix(s[1:], ".")
}
