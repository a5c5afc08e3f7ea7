//i18n:english the sandbox page's own chrome and its demo server's content (docs/sandbox.md); the bot's messages in it follow the language toggle
package sandbox

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

// What a persona does on the page, done through the emulator as that
// member: the emulator checks it as Discord would and the bot hears of it
// as it would from Discord.

// maxMessage is Discord's limit on a message's length, in characters.
const maxMessage = 2000

// send posts the message box's text. Text that starts with the name of a
// command ("/join") opens that command's panel instead, as typing "/" does
// in the Discord client, with what follows the name filled in ("/join
// Diabetes", "/officehours schedule condition:Asthma start:18:00"). Text
// that is not sent (too long, or refused) goes back into the box.
func (s *Server) send(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	chID := r.PathValue("ch")
	here := channelURL(p.Key, chID)
	text := strings.TrimSpace(r.FormValue("content"))
	if text == "" {
		http.Redirect(w, r, here+"#composer", http.StatusSeeOther)
		return
	}
	if strings.HasPrefix(text, "/") {
		name, rest, _ := strings.Cut(strings.TrimPrefix(text, "/"), " ")
		if cmd := s.findCommand(chID, p.UserID, strings.ToLower(name)); cmd != nil {
			http.Redirect(w, r, withQuery(here, typedOptions(cmd, rest)...), http.StatusSeeOther)
			return
		}
	}
	if n := utf8.RuneCountInString(text); n > maxMessage {
		s.keepDraft(p, chID, text)
		s.setFlash(p, "Not sent: Discord allows 2,000 characters in a message, and this one has "+itoa(n)+". Your text is still in the message box.")
		http.Redirect(w, r, here+"#composer", http.StatusSeeOther)
		return
	}
	if _, err := s.dc.PostMessage(fakediscord.UserMessage{ChannelID: chID, AuthorID: p.UserID, Content: text}); err != nil {
		s.keepDraft(p, chID, text)
		s.setFlash(p, "Not sent: "+clientError(err))
	}
	http.Redirect(w, r, here+"#composer", http.StatusSeeOther)
}

// typedOptions reads what follows a command's name in the message box as
// the query of its panel: a subcommand's name first when the command has
// subcommands, then name:value pairs for its options, as the Discord client
// takes them; text before the first pair fills the first required option
// ("/join Diabetes"). Values may hold spaces ("start:next tuesday 18:00").
func typedOptions(cmd *discordgo.ApplicationCommand, rest string) []string {
	q := []string{"cmd", cmd.Name}
	words := strings.Fields(rest)
	defs, _, _, ok := optionDefs(cmd, "")
	if !ok {
		// a subcommand, or a group and a subcommand
		for n := 1; n <= 2 && n <= len(words) && !ok; n++ {
			sub := strings.ToLower(strings.Join(words[:n], " "))
			if defs, _, _, ok = optionDefs(cmd, sub); ok {
				q = append(q, "sub", sub)
				words = words[n:]
			}
		}
		if !ok {
			return q
		}
	}
	rest = strings.Join(words, " ")
	if rest == "" {
		return q
	}
	// where each "name:" of a known option starts, and its value after it
	type mark struct {
		name       string
		start, val int
	}
	var marks []mark
	lower := strings.ToLower(rest)
	for _, d := range defs {
		key := strings.ToLower(d.Name) + ":"
		for from := 0; from < len(lower); {
			i := strings.Index(lower[from:], key)
			if i < 0 {
				break
			}
			if i += from; i == 0 || lower[i-1] == ' ' {
				marks = append(marks, mark{d.Name, i, i + len(key)})
				break
			}
			from = i + len(key)
		}
	}
	slices.SortFunc(marks, func(a, b mark) int { return a.start - b.start })
	values := map[string]string{}
	bare := rest
	for i, m := range marks {
		end := len(rest)
		if i+1 < len(marks) {
			end = marks[i+1].start
		}
		values[m.name] = strings.TrimSpace(rest[m.val:end])
		if i == 0 {
			bare = rest[:m.start]
		}
	}
	if bare = strings.TrimSpace(bare); bare != "" {
		for _, d := range defs {
			if _, set := values[d.Name]; !set && d.Required {
				values[d.Name] = bare
				break
			}
		}
	}
	for _, d := range defs {
		if v, ok := values[d.Name]; ok {
			q = append(q, "opt."+d.Name, v)
		}
	}
	return q
}

// component presses a button or chooses in a select menu.
func (s *Server) component(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	chID, msgID := r.PathValue("ch"), r.PathValue("msg")
	click := fakediscord.ComponentClick{ChannelID: chID, MessageID: msgID, UserID: p.UserID, CustomID: r.FormValue("custom_id")}
	var it *fakediscord.Interaction
	var err error
	if r.Form.Has("values") || r.FormValue("kind") == "select" {
		click.Values = r.Form["values"]
		it, err = s.dc.SelectMenu(click)
	} else {
		it, err = s.dc.ClickButton(click)
	}
	if err != nil {
		s.setFlash(p, clientError(err))
		http.Redirect(w, r, channelURL(p.Key, chID)+"#m-"+msgID, http.StatusSeeOther)
		return
	}
	s.afterInteraction(w, r, p, chID, it)
}

// messageCommand runs a message-menu command on a message.
func (s *Server) messageCommand(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	chID, msgID := r.PathValue("ch"), r.PathValue("msg")
	it, err := s.dc.RunMessageCommand(fakediscord.ContextCommand{ChannelID: chID, UserID: p.UserID, Name: r.FormValue("name"), TargetID: msgID})
	if err != nil {
		s.setFlash(p, clientError(err))
		http.Redirect(w, r, channelURL(p.Key, chID)+"#m-"+msgID, http.StatusSeeOther)
		return
	}
	s.afterInteraction(w, r, p, chID, it)
}

// startThread starts a thread on a message and opens it.
func (s *Server) startThread(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	chID, msgID := r.PathValue("ch"), r.PathValue("msg")
	name := strings.TrimSpace(r.FormValue("name"))
	if name == "" {
		if m, ok := s.dc.Message(chID, msgID); ok {
			if wd, err := s.load(p); err == nil {
				name = excerpt(m, wd, s.loc)
			}
		}
	}
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	th, err := s.dc.StartThread(fakediscord.UserThread{ChannelID: chID, UserID: p.UserID, Name: name, MessageID: msgID})
	if err != nil {
		s.setFlash(p, clientError(err))
		http.Redirect(w, r, channelURL(p.Key, chID)+"#m-"+msgID, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, channelURL(p.Key, th.ID)+"#composer", http.StatusSeeOther)
}

// dismiss hides an ephemeral message (or a "did not respond" notice), as
// "Dismiss message" does in the client.
func (s *Server) dismiss(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	chID, msgID := r.PathValue("ch"), r.PathValue("msg")
	mine := s.dc.EphemeralOwner(msgID) == p.UserID
	if info, ok := s.interactionOf(p, msgID); ok && info.Failed {
		mine = true
	}
	if mine {
		s.mu.Lock()
		if s.dismissed[p.Key] == nil {
			s.dismissed[p.Key] = map[string]bool{}
		}
		s.dismissed[p.Key][msgID] = true
		s.mu.Unlock()
	}
	http.Redirect(w, r, channelURL(p.Key, chID)+"#composer", http.StatusSeeOther)
}

// Modals.

type modalView struct {
	ID, Title  string
	Action     string
	CancelHref string
	Fields     []modalField
	Error      string
}

type modalField struct {
	ID, Name, Label, Placeholder, Value string
	Paragraph, Required, Invalid        bool
	MinLength, MaxLength                int
}

// problem is what the Discord client says of a text input it will not
// submit, naming the field by its label; "" when it may be submitted.
func (f modalField) problem() string {
	n := utf8.RuneCountInString(f.Value)
	limit := f.MaxLength
	if limit == 0 || limit > 4000 {
		limit = 4000
	}
	switch {
	case n == 0 && f.Required:
		return "“" + f.Label + "” is required."
	case n == 0:
		return ""
	case n < f.MinLength || n > limit:
		if f.MinLength > 0 {
			return "“" + f.Label + "” must be " + itoa(f.MinLength) + " to " + itoa(limit) + " characters long; it has " + itoa(n) + "."
		}
		return "“" + f.Label + "” must be at most " + itoa(limit) + " characters long; it has " + itoa(n) + "."
	}
	return ""
}

// modalView draws the modal the bot answered one of the persona's
// interactions with.
func (s *Server) modalView(wd *world, ch *discordgo.Channel, id string) *modalView {
	info, ok := s.interactionOf(wd.p, id)
	if !ok || info.ResponseType != discordgo.InteractionResponseModal {
		return nil
	}
	it, ok := s.dc.Interaction(id)
	if !ok {
		return nil
	}
	resp, ok := it.Response()
	if !ok || resp.Data == nil {
		return nil
	}
	v := &modalView{ID: id, Title: resp.Data.Title, Action: channelURL(wd.p.Key, ch.ID) + "/modal/" + id, CancelHref: channelURL(wd.p.Key, ch.ID)}
	for _, c := range resp.Data.Components {
		row, ok := asRow(c)
		if !ok {
			continue
		}
		for _, inner := range row.Components {
			var ti discordgo.TextInput
			switch x := inner.(type) {
			case *discordgo.TextInput:
				ti = *x
			case discordgo.TextInput:
				ti = x
			default:
				continue
			}
			v.Fields = append(v.Fields, modalField{
				ID: "modal-" + ti.CustomID, Name: ti.CustomID, Label: ti.Label, Placeholder: ti.Placeholder, Value: ti.Value,
				Paragraph: ti.Style == discordgo.TextInputParagraph, Required: ti.Required, MinLength: ti.MinLength, MaxLength: ti.MaxLength,
			})
		}
	}
	return v
}

// submitModal sends what the persona typed into the modal.
func (s *Server) submitModal(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	chID, id := r.PathValue("ch"), r.PathValue("id")
	here := channelURL(p.Key, chID)
	from, ok := s.dc.Interaction(id)
	if !ok || from.UserID != p.UserID {
		http.Redirect(w, r, here, http.StatusSeeOther)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	wd, err := s.load(p)
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	ch, _ := wd.channel(chID)
	mv := s.modalView(wd, ch, id)
	if mv == nil {
		http.Redirect(w, r, here, http.StatusSeeOther)
		return
	}
	values := map[string]string{}
	var problems []string
	for i, f := range mv.Fields {
		values[f.Name] = r.FormValue("field." + f.Name)
		mv.Fields[i].Value = values[f.Name]
		if why := mv.Fields[i].problem(); why != "" {
			mv.Fields[i].Invalid = true
			problems = append(problems, why)
		}
	}
	// As in the Discord client, a field out of bounds is pointed out before
	// anything is sent; the emulator refuses it anyway.
	var it *fakediscord.Interaction
	if len(problems) > 0 {
		err = errors.New(strings.Join(problems, " "))
	} else {
		it, err = s.dc.SubmitModal(from, values)
	}
	if err != nil {
		mv.Error = err.Error()
		if len(problems) == 0 {
			mv.Error = clientError(err)
		}
		data := s.basePage(wd, chID)
		data.Channel = s.channelView(wd, ch)
		data.Messages, _ = s.renderMessages(wd, ch)
		data.Composer = s.composer(wd, ch)
		data.Modal = mv
		data.Title = mv.Title + " — peerhours sandbox"
		s.render(w, http.StatusUnprocessableEntity, data)
		return
	}
	s.afterInteraction(w, r, p, chID, it)
}

func itoa(n int) string {
	const digits = "0123456789"
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{digits[n%10]}, b...)
		n /= 10
	}
	// Thousands separators, as the message says "2,000".
	out := string(b)
	for i := len(out) - 3; i > 0; i -= 3 {
		out = out[:i] + "," + out[i:]
	}
	return out
}
