//i18n:english the sandbox page's own chrome and its demo server's content (docs/sandbox.md); the bot's messages in it follow the language toggle
package sandbox

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/internal/fakediscord"
)

// The page as one persona sees it, assembled from the emulator's state.

type pageData struct {
	Title      string
	Persona    Persona
	Personas   []personaLink
	GuildName  string
	Groups     []channelGroup
	Channel    *channelView
	Messages   []template.HTML
	Composer   composerView
	Panel      *commandPanel
	Modal      *modalView
	Flash      string
	Violations int
	// Index marks the channel list page (phones).
	Index  bool
	Guide  []template.HTML
	Events string
	// Languages is the demo's language toggle.
	Languages []languageChoice
}

type personaLink struct {
	Persona
	Href    string
	Current bool
}

type channelGroup struct {
	Name     string
	Channels []channelItem
}

type channelItem struct {
	ID, Name, Href string
	Thread         bool
	Current        bool
	Unread         bool
	Mentions       int
	Private        bool
	ReadOnly       bool
	Threads        []channelItem
}

type channelView struct {
	ID, Name, Topic string
	Thread          bool
	ParentName      string
	ParentHref      string
	Href            string
}

type composerView struct {
	// Draft is text that was not sent, shown again in the box.
	Draft       string
	Action      string
	Placeholder string
	Disabled    bool
	Reason      string
	CommandsURL string
	Commands    []commandLink
}

type commandLink struct {
	Name, Description, Href string
}

// world is what one request knows about the server, to resolve names.
type world struct {
	s       *Server
	p       Persona
	guild   *discordgo.Guild
	members map[string]*discordgo.Member
	roles   map[string]*discordgo.Role
	chans   map[string]*discordgo.Channel
}

func (s *Server) load(p Persona) (*world, error) {
	g, ok := s.dc.Guild(s.world.GuildID)
	if !ok {
		return nil, fmt.Errorf("sandbox: the demo server is gone")
	}
	w := &world{s: s, p: p, guild: g, members: map[string]*discordgo.Member{}, roles: map[string]*discordgo.Role{}, chans: map[string]*discordgo.Channel{}}
	for _, m := range g.Members {
		w.members[m.User.ID] = m
	}
	for _, r := range g.Roles {
		w.roles[r.ID] = r
	}
	for _, c := range g.Channels {
		w.chans[c.ID] = c
	}
	for _, c := range g.Threads {
		w.chans[c.ID] = c
	}
	return w, nil
}

func (w *world) channel(id string) (*discordgo.Channel, bool) {
	if c, ok := w.chans[id]; ok {
		return c, true
	}
	c, ok := w.s.dc.Channel(id)
	if ok {
		w.chans[id] = c
	}
	return c, ok
}

// displayName is what the client shows for a user: nickname, global name,
// username.
func (w *world) displayName(u *discordgo.User) string {
	if u == nil {
		return "someone"
	}
	if m := w.members[u.ID]; m != nil && m.Nick != "" {
		return m.Nick
	}
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

func (w *world) userName(id string) (string, bool) {
	if m := w.members[id]; m != nil {
		return w.displayName(m.User), true
	}
	if u, ok := w.s.dc.User(id); ok {
		return w.displayName(u), true
	}
	return "", false
}

func (w *world) roleName(id string) (string, bool) {
	if r := w.roles[id]; r != nil {
		return r.Name, true
	}
	return "", false
}

func (w *world) channelLink(id string) (string, string, bool) {
	c, ok := w.channel(id)
	if !ok {
		return "", "", false
	}
	if !w.s.dc.CanView(w.p.UserID, id) {
		return c.Name, "", true
	}
	return c.Name, channelURL(w.p.Key, id), true
}

func (w *world) mentionsViewer(userID, roleID string) bool {
	if userID != "" {
		return userID == w.p.UserID
	}
	m := w.members[w.p.UserID]
	return m != nil && slices.Contains(m.Roles, roleID)
}

func (w *world) messageLink(guildID, channelID, messageID string) (string, bool) {
	if guildID != w.guild.ID || !w.s.dc.CanView(w.p.UserID, channelID) {
		return "", false
	}
	href := channelURL(w.p.Key, channelID)
	if messageID != "" {
		href += "#m-" + messageID
	}
	return href, true
}

// roleColor is the colour of the member's highest coloured role.
func (w *world) roleColor(userID string) string {
	m := w.members[userID]
	if m == nil {
		return ""
	}
	best := (*discordgo.Role)(nil)
	for _, id := range m.Roles {
		if r := w.roles[id]; r != nil && r.Color != 0 && (best == nil || r.Position > best.Position) {
			best = r
		}
	}
	if best == nil {
		return ""
	}
	return fmt.Sprintf("#%06x", best.Color)
}

// roleLabel names the member's highest hoisted role, shown beside names so
// a patient can tell a clinician from a peer.
func (w *world) roleLabel(userID string) string {
	m := w.members[userID]
	if m == nil {
		return ""
	}
	best := (*discordgo.Role)(nil)
	for _, id := range m.Roles {
		if r := w.roles[id]; r != nil && r.Hoist && (best == nil || r.Position > best.Position) {
			best = r
		}
	}
	if best == nil {
		return ""
	}
	return strings.TrimSuffix(best.Name, "s")
}

// textChannel reports whether people post in the channel.
func textChannel(c *discordgo.Channel) bool {
	switch c.Type {
	case discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews,
		discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildPrivateThread, discordgo.ChannelTypeGuildNewsThread:
		return true
	}
	return false
}

// channelGroups lists the channels the persona sees: first those outside a
// category, then each category's, by position, with their open threads.
func (w *world) channelGroups(current string) []channelGroup {
	s := w.s
	var top channelGroup
	var cats []channelGroup
	catIndex := map[string]int{}
	for _, c := range w.guild.Channels {
		if c.Type == discordgo.ChannelTypeGuildCategory {
			catIndex[c.ID] = len(cats)
			cats = append(cats, channelGroup{Name: c.Name})
		}
	}
	for _, c := range w.guild.Channels {
		if !textChannel(c) || !s.dc.CanView(w.p.UserID, c.ID) {
			continue
		}
		item := w.channelItem(c, current)
		for _, th := range s.dc.ThreadsFor(c.ID, w.p.UserID) {
			archived := th.ThreadMetadata != nil && th.ThreadMetadata.Archived
			if archived && th.ID != current {
				continue
			}
			item.Threads = append(item.Threads, w.channelItem(th, current))
		}
		if i, ok := catIndex[c.ParentID]; ok {
			cats[i].Channels = append(cats[i].Channels, item)
		} else {
			top.Channels = append(top.Channels, item)
		}
	}
	out := []channelGroup{}
	if len(top.Channels) > 0 {
		out = append(out, top)
	}
	for _, c := range cats {
		if len(c.Channels) > 0 {
			out = append(out, c)
		}
	}
	return out
}

func (w *world) channelItem(c *discordgo.Channel, current string) channelItem {
	s := w.s
	perms := s.dc.Permissions(w.guild.ID, w.p.UserID, c.ID)
	send := int64(discordgo.PermissionSendMessages)
	if c.IsThread() {
		send = discordgo.PermissionSendMessagesInThreads
	}
	item := channelItem{
		ID: c.ID, Name: c.Name, Href: channelURL(w.p.Key, c.ID), Thread: c.IsThread(), Current: c.ID == current,
		ReadOnly: perms&send == 0,
		Private:  !c.IsThread() && w.privateChannel(c),
	}
	if c.ID != current {
		item.Unread, item.Mentions = s.unread(w, c)
	}
	return item
}

// privateChannel reports whether @everyone is kept out of a channel.
func (w *world) privateChannel(c *discordgo.Channel) bool {
	for _, ow := range c.PermissionOverwrites {
		if ow.ID == w.guild.ID && ow.Deny&discordgo.PermissionViewChannel != 0 {
			return true
		}
	}
	return false
}

// unread says whether a channel has messages the persona has not had on
// screen, and how many of them mention the persona.
func (s *Server) unread(w *world, c *discordgo.Channel) (bool, int) {
	s.mu.Lock()
	last, known := s.lastSeen[w.p.Key][c.ID]
	if !known {
		last = s.baseline[c.ID]
	}
	s.mu.Unlock()
	if c.LastMessageID == "" || !idLess(last, c.LastMessageID) {
		return false, 0
	}
	mentions := 0
	unread := false
	for _, m := range s.dc.MessagesFor(c.ID, w.p.UserID) {
		if !idLess(last, m.ID) || (m.Author != nil && m.Author.ID == w.p.UserID) {
			continue
		}
		unread = true
		if w.pings(m) {
			mentions++
		}
	}
	return unread, mentions
}

// pings reports whether a message pinged the persona.
func (w *world) pings(m *discordgo.Message) bool {
	if m.MentionEveryone {
		return true
	}
	for _, u := range m.Mentions {
		if u.ID == w.p.UserID {
			return true
		}
	}
	for _, r := range m.MentionRoles {
		if w.mentionsViewer("", r) {
			return true
		}
	}
	return false
}

// markSeen records that the persona has the channel's messages on screen.
// Unread marks mean "new since you looked, or since the sandbox started".
func (s *Server) markSeen(w *world, channelID, lastID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen, ok := s.lastSeen[w.p.Key]
	if !ok {
		seen = map[string]string{}
		s.lastSeen[w.p.Key] = seen
	}
	if cur, ok := seen[channelID]; !ok || idLess(cur, lastID) {
		seen[channelID] = lastID
	}
	s.lastChannel[w.p.Key] = channelID
}

func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (s *Server) personaLinks(p Persona, channelID string) []personaLink {
	var out []personaLink
	for _, q := range s.world.Personas {
		href := "/as/" + q.Key + "/"
		if channelID != "" && s.dc.CanView(q.UserID, channelID) {
			href = channelURL(q.Key, channelID)
		}
		out = append(out, personaLink{Persona: q, Href: href, Current: q.Key == p.Key})
	}
	return out
}

// channelPage draws a channel (or thread) as the persona sees it, with the
// command panel (?cmd=) or a modal (?modal=) when asked.
func (s *Server) channelPage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	chID := r.PathValue("ch")
	wd, err := s.load(p)
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	ch, ok := wd.channel(chID)
	if !ok || ch.GuildID != s.world.GuildID || !textChannel(ch) || !s.dc.CanView(p.UserID, chID) {
		s.setFlash(p, "You cannot see that channel as "+p.Name+".")
		http.Redirect(w, r, channelURL(p.Key, s.world.General), http.StatusSeeOther)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: "persona", Value: p.Key, Path: "/", SameSite: http.SameSiteLaxMode, HttpOnly: true})
	data := s.basePage(wd, chID)
	data.Channel = s.channelView(wd, ch)
	msgs, lastID := s.renderMessages(wd, ch)
	data.Messages = msgs
	data.Composer = s.composer(wd, ch)
	q := r.URL.Query()
	data.Composer.Draft = s.takeDraft(p, chID)
	if q.Has("cmd") {
		// options typed after the command's name in the message box
		typed := map[string]string{}
		for k, v := range q {
			if strings.HasPrefix(k, "opt.") && len(v) > 0 {
				typed[k] = v[0]
			}
		}
		data.Panel = s.commandPanel(wd, ch, q.Get("cmd"), q.Get("sub"), typed, "")
	}
	if id := q.Get("modal"); id != "" {
		data.Modal = s.modalView(wd, ch, id)
	}
	data.Title = "#" + ch.Name + " — " + p.Name + " — peerhours sandbox"
	s.markSeen(wd, chID, lastID)
	// The unread marks were computed before this channel was marked seen;
	// the current channel is never drawn unread anyway.
	s.render(w, http.StatusOK, data)
}

// channelIndex is the channel list on its own, for phones.
func (s *Server) channelIndex(w http.ResponseWriter, r *http.Request) {
	p, ok := s.persona(w, r)
	if !ok {
		return
	}
	wd, err := s.load(p)
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	data := s.basePage(wd, "")
	data.Index = true
	data.Title = "Channels — " + p.Name + " — peerhours sandbox"
	s.render(w, http.StatusOK, data)
}

func (s *Server) basePage(wd *world, current string) *pageData {
	p := wd.p
	return &pageData{
		Persona:    p,
		Personas:   s.personaLinks(p, current),
		GuildName:  wd.guild.Name,
		Groups:     wd.channelGroups(current),
		Flash:      s.takeFlash(p),
		Violations: len(s.dc.MissingAllowedMentions()),
		Guide:      s.guide(wd),
		Events:     "/as/" + p.Key + "/events",
		Languages:  s.languageChoices(),
	}
}

func (s *Server) render(w http.ResponseWriter, status int, data *pageData) {
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, "page", data); err != nil {
		http.Error(w, "render: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) channelView(wd *world, ch *discordgo.Channel) *channelView {
	v := &channelView{ID: ch.ID, Name: ch.Name, Topic: ch.Topic, Thread: ch.IsThread(), Href: channelURL(wd.p.Key, ch.ID)}
	if ch.IsThread() {
		if parent, ok := wd.channel(ch.ParentID); ok {
			v.ParentName = parent.Name
			v.ParentHref = channelURL(wd.p.Key, parent.ID)
		}
	}
	return v
}

func (s *Server) composer(wd *world, ch *discordgo.Channel) composerView {
	perms := s.dc.Permissions(wd.guild.ID, wd.p.UserID, ch.ID)
	need := int64(discordgo.PermissionSendMessages)
	if ch.IsThread() {
		need = discordgo.PermissionSendMessagesInThreads
	}
	c := composerView{
		Action:      channelURL(wd.p.Key, ch.ID) + "/send",
		Placeholder: "Message " + channelLabel(ch),
		CommandsURL: withQuery(channelURL(wd.p.Key, ch.ID), "cmd", ""),
	}
	if perms&need != need {
		c.Disabled = true
		c.Reason = "You do not have permission to send messages in this channel."
		if ch.IsThread() && ch.ThreadMetadata != nil && ch.ThreadMetadata.Locked {
			c.Reason = "This thread is locked."
		}
		c.Placeholder = c.Reason
	}
	for _, cmd := range s.dc.CommandsFor(ch.ID, wd.p.UserID) {
		if cmd.Type == 0 || cmd.Type == discordgo.ChatApplicationCommand {
			c.Commands = append(c.Commands, commandLink{Name: cmd.Name, Description: cmd.Description,
				Href: withQuery(channelURL(wd.p.Key, ch.ID), "cmd", cmd.Name)})
		}
	}
	return c
}

// channelLabel is how the client names a channel in prose: #name, or a
// thread's bare name.
func channelLabel(ch *discordgo.Channel) string {
	if ch.IsThread() {
		return ch.Name
	}
	return "#" + ch.Name
}

// Messages.

type messageView struct {
	ID, Anchor    string
	Author        string
	AuthorRole    string
	AuthorColor   string
	Bot           bool
	Mine          bool
	Time          time.Time
	Edited        bool
	ReplyTo       *replyContext
	UsedCommand   string
	UsedBy        string
	Content       template.HTML
	Embeds        []embedView
	Rows          []rowView
	Attachments   []attachmentView
	Ephemeral     bool
	Loading       bool
	Failed        bool
	Pinged        bool
	Thread        *threadLink
	Apps          []string
	CanThread     bool
	Base          string // this message's action URL prefix
	DismissAction string
}

type replyContext struct {
	Author, Excerpt, Href string
	Missing               bool
}

type threadLink struct {
	Name, Href string
	Count      int
}

type attachmentView struct {
	Name string
	Size string
	Href string
	// Image: shown in the message, as Discord shows an attached picture.
	Image bool
}

type embedView struct {
	Color       string
	Author      string
	Title       template.HTML
	Description template.HTML
	Fields      []fieldPair
	Footer      string
	Time        time.Time
}

type fieldPair struct {
	Name   template.HTML
	Value  template.HTML
	Inline bool
}

type rowView struct {
	Buttons []buttonView
	Select  *selectView
}

type buttonView struct {
	Label, Emoji, CustomID, URL, Style string
	Disabled                           bool
}

type selectView struct {
	CustomID, Placeholder, Label string
	Multiple                     bool
	Min, Max                     int
	Disabled                     bool
	Options                      []choiceView
}

type choiceView struct {
	Label, Value, Description string
	Selected                  bool
	Group                     string
}

// renderMessages renders each message on its own, so that the page's script
// can tell which changed (data-v is a hash of the rendering). It returns the
// newest message's ID too.
func (s *Server) renderMessages(wd *world, ch *discordgo.Channel) ([]template.HTML, string) {
	msgs := s.dc.MessagesFor(ch.ID, wd.p.UserID)
	s.mu.Lock()
	dismissed := s.dismissed[wd.p.Key]
	s.mu.Unlock()
	var apps []string
	for _, c := range s.dc.CommandsFor(ch.ID, wd.p.UserID) {
		if c.Type == discordgo.MessageApplicationCommand {
			apps = append(apps, c.Name)
		}
	}
	perms := s.dc.Permissions(wd.guild.ID, wd.p.UserID, ch.ID)
	canThread := !ch.IsThread() && perms&discordgo.PermissionCreatePublicThreads != 0

	var views []*messageView
	lastID := ""
	for _, m := range msgs {
		lastID = m.ID
		if dismissed[m.ID] {
			continue
		}
		views = append(views, s.messageView(wd, ch, m, apps, canThread))
	}
	// Interactions of this persona that the bot never answered show as the
	// client shows them, for fifteen minutes.
	for _, it := range s.dc.Interactions(wd.p.UserID) {
		if it.ChannelID != ch.ID || !it.Failed || time.Since(it.Created) > 15*time.Minute || dismissed[it.ID] {
			continue
		}
		what := "/" + it.CommandName
		if it.Type == discordgo.InteractionMessageComponent {
			what = "a button"
		} else if it.Type == discordgo.InteractionModalSubmit {
			what = "a form"
		}
		views = append(views, &messageView{
			ID: it.ID, Anchor: "m-" + it.ID, Author: wd.s.botName(), Bot: true, Time: it.Created, Failed: true, Ephemeral: true,
			Content:       template.HTML("The application did not respond to " + template.HTMLEscapeString(what) + "."),
			DismissAction: channelURL(wd.p.Key, ch.ID) + "/m/" + it.ID + "/dismiss",
		})
	}
	slices.SortStableFunc(views, func(a, b *messageView) int {
		if a.ID == b.ID {
			return 0
		}
		if idLess(a.ID, b.ID) {
			return -1
		}
		return 1
	})
	out := make([]template.HTML, 0, len(views))
	for _, v := range views {
		var buf bytes.Buffer
		if err := s.tmpl.ExecuteTemplate(&buf, "message", v); err != nil {
			buf.Reset()
			buf.WriteString(`<li class="msg">` + template.HTMLEscapeString(err.Error()) + `</li>`)
		}
		h := fnv.New64a()
		h.Write(buf.Bytes())
		out = append(out, template.HTML(fmt.Sprintf(`<li class="msg-item" id="m-%s" data-v="%x" tabindex="-1">`, v.ID, h.Sum64())+buf.String()+"</li>"))
	}
	return out, lastID
}

func (s *Server) botName() string {
	if u, ok := s.dc.User(s.dc.BotUserID()); ok {
		return u.Username
	}
	return "peerhours"
}

func (s *Server) messageView(wd *world, ch *discordgo.Channel, m *discordgo.Message, apps []string, canThread bool) *messageView {
	base := channelURL(wd.p.Key, ch.ID) + "/m/" + m.ID
	v := &messageView{
		ID: m.ID, Anchor: "m-" + m.ID, Time: m.Timestamp, Edited: m.EditedTimestamp != nil,
		Ephemeral: m.Flags&discordgo.MessageFlagsEphemeral != 0,
		Loading:   m.Flags&discordgo.MessageFlagsLoading != 0,
		Base:      base,
	}
	if m.Author != nil {
		v.Author = wd.displayName(m.Author)
		v.Bot = m.Author.Bot
		v.Mine = m.Author.ID == wd.p.UserID
		v.AuthorColor = wd.roleColor(m.Author.ID)
		v.AuthorRole = wd.roleLabel(m.Author.ID)
	}
	v.Pinged = !v.Mine && wd.pings(m)
	if m.Interaction != nil && m.Interaction.User != nil {
		v.UsedBy = wd.displayName(m.Interaction.User)
		v.UsedCommand = m.Interaction.Name
		if m.Type == discordgo.MessageTypeChatInputCommand {
			v.UsedCommand = "/" + v.UsedCommand
		}
	}
	if ref := m.MessageReference; ref != nil && m.Type == discordgo.MessageTypeReply {
		rc := &replyContext{Href: "#m-" + ref.MessageID}
		rm := m.ReferencedMessage
		if rm == nil {
			// Replies to a button carry only the reference.
			rm, _ = s.dc.Message(ref.ChannelID, ref.MessageID)
		}
		if rm != nil {
			rc.Author = wd.displayName(rm.Author)
			rc.Excerpt = excerpt(rm, wd, s.loc)
		} else {
			rc.Missing = true
		}
		v.ReplyTo = rc
	}
	v.Content = markdown(m.Content, wd, s.loc)
	if m.Flags&discordgo.MessageFlagsSuppressEmbeds == 0 {
		for _, e := range m.Embeds {
			v.Embeds = append(v.Embeds, s.embedView(wd, e))
		}
	}
	for _, a := range m.Attachments {
		v.Attachments = append(v.Attachments, attachmentView{Name: a.Filename, Size: byteSize(a.Size),
			Href: base + "/a/" + a.ID, Image: strings.HasPrefix(a.ContentType, "image/") || strings.HasSuffix(a.Filename, ".png")})
	}
	v.Rows = s.rows(wd, m.Components)
	if m.Thread != nil && s.dc.CanView(wd.p.UserID, m.Thread.ID) {
		v.Thread = &threadLink{Name: m.Thread.Name, Href: channelURL(wd.p.Key, m.Thread.ID), Count: m.Thread.MessageCount}
	}
	if v.Ephemeral {
		v.DismissAction = base + "/dismiss"
	} else if !v.Loading {
		v.Apps = apps
		v.CanThread = canThread && m.Thread == nil && m.Type != discordgo.MessageTypeThreadCreated
	}
	return v
}

func excerpt(m *discordgo.Message, n names, loc *time.Location) string {
	t := plainText(m.Content, n, loc)
	if t == "" && len(m.Embeds) > 0 {
		t = m.Embeds[0].Title
	}
	if t == "" {
		t = "Click to see the message"
	}
	t = strings.Join(strings.Fields(t), " ")
	if r := []rune(t); len(r) > 90 {
		t = string(r[:89]) + "…"
	}
	return t
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return strconv.Itoa(n) + " bytes"
}

func (s *Server) embedView(wd *world, e *discordgo.MessageEmbed) embedView {
	v := embedView{Description: markdown(e.Description, wd, s.loc)}
	if e.Color != 0 {
		v.Color = fmt.Sprintf("#%06x", e.Color)
	}
	if e.Author != nil {
		v.Author = e.Author.Name
	}
	if e.Title != "" {
		title := markdown(e.Title, wd, s.loc)
		if e.URL != "" {
			title = template.HTML(link(e.URL, string(title), wd))
		}
		v.Title = title
	}
	for _, f := range e.Fields {
		v.Fields = append(v.Fields, fieldPair{Name: markdown(f.Name, wd, s.loc), Value: markdown(f.Value, wd, s.loc), Inline: f.Inline})
	}
	if e.Footer != nil {
		v.Footer = e.Footer.Text
	}
	if e.Timestamp != "" {
		if t, err := time.Parse(time.RFC3339, e.Timestamp); err == nil {
			v.Time = t
		}
	}
	return v
}

// rows turns action rows into buttons and select menus.
func (s *Server) rows(wd *world, comps []discordgo.MessageComponent) []rowView {
	var out []rowView
	for _, c := range comps {
		row, ok := asRow(c)
		if !ok {
			continue
		}
		var rv rowView
		for _, inner := range row.Components {
			switch x := inner.(type) {
			case *discordgo.Button:
				rv.Buttons = append(rv.Buttons, buttonOf(*x))
			case discordgo.Button:
				rv.Buttons = append(rv.Buttons, buttonOf(x))
			case *discordgo.SelectMenu:
				rv.Select = s.selectOf(wd, *x)
			case discordgo.SelectMenu:
				rv.Select = s.selectOf(wd, x)
			}
		}
		if len(rv.Buttons) > 0 || rv.Select != nil {
			out = append(out, rv)
		}
	}
	return out
}

func asRow(c discordgo.MessageComponent) (discordgo.ActionsRow, bool) {
	switch x := c.(type) {
	case *discordgo.ActionsRow:
		return *x, true
	case discordgo.ActionsRow:
		return x, true
	}
	return discordgo.ActionsRow{}, false
}

func buttonOf(b discordgo.Button) buttonView {
	v := buttonView{Label: b.Label, CustomID: b.CustomID, URL: b.URL, Disabled: b.Disabled}
	if b.Emoji != nil && b.Emoji.ID == "" {
		v.Emoji = b.Emoji.Name
	}
	switch b.Style {
	case discordgo.PrimaryButton:
		v.Style = "primary"
	case discordgo.SuccessButton:
		v.Style = "success"
	case discordgo.DangerButton:
		v.Style = "danger"
	case discordgo.LinkButton:
		v.Style = "link"
	default:
		v.Style = "secondary"
	}
	return v
}

func (s *Server) selectOf(wd *world, m discordgo.SelectMenu) *selectView {
	v := &selectView{CustomID: m.CustomID, Placeholder: m.Placeholder, Disabled: m.Disabled, Min: 1, Max: 1}
	if m.MinValues != nil {
		v.Min = *m.MinValues
	}
	if m.MaxValues > 0 {
		v.Max = m.MaxValues
	}
	v.Multiple = v.Max > 1
	v.Label = m.Placeholder
	if v.Label == "" {
		v.Label = "Choose"
	}
	switch m.MenuType {
	case discordgo.StringSelectMenu, 0:
		for _, o := range m.Options {
			label := o.Label
			if o.Emoji != nil && o.Emoji.ID == "" && o.Emoji.Name != "" {
				label = o.Emoji.Name + " " + label
			}
			v.Options = append(v.Options, choiceView{Label: label, Value: o.Value, Description: o.Description, Selected: o.Default})
		}
	case discordgo.UserSelectMenu:
		v.Options = wd.memberChoices("")
	case discordgo.RoleSelectMenu:
		v.Options = wd.roleChoices("")
	case discordgo.MentionableSelectMenu:
		v.Options = append(wd.memberChoices("People"), wd.roleChoices("Roles")...)
	case discordgo.ChannelSelectMenu:
		v.Options = wd.channelChoices(m.ChannelTypes)
	}
	return v
}

func (w *world) memberChoices(group string) []choiceView {
	var out []choiceView
	for _, m := range w.guild.Members {
		label := w.displayName(m.User)
		if m.User.Bot {
			label += " (app)"
		}
		out = append(out, choiceView{Label: label, Value: m.User.ID, Group: group})
	}
	slices.SortFunc(out, func(a, b choiceView) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) })
	return out
}

func (w *world) roleChoices(group string) []choiceView {
	var out []choiceView
	for i := len(w.guild.Roles) - 1; i >= 0; i-- {
		r := w.guild.Roles[i]
		if r.Managed {
			continue
		}
		out = append(out, choiceView{Label: "@" + strings.TrimPrefix(r.Name, "@"), Value: r.ID, Group: group})
	}
	return out
}

// channelChoices lists the channels (and open threads) of the allowed types
// that the persona can see.
func (w *world) channelChoices(types []discordgo.ChannelType) []choiceView {
	var out []choiceView
	ok := func(c *discordgo.Channel) bool {
		return (len(types) == 0 || slices.Contains(types, c.Type)) && w.s.dc.CanView(w.p.UserID, c.ID)
	}
	for _, c := range w.guild.Channels {
		if ok(c) {
			label := "#" + c.Name
			if c.Type == discordgo.ChannelTypeGuildCategory {
				label = c.Name + " (category)"
			}
			out = append(out, choiceView{Label: label, Value: c.ID})
		}
		for _, th := range w.guild.Threads {
			if th.ParentID == c.ID && ok(th) {
				out = append(out, choiceView{Label: "#" + c.Name + " › " + th.Name + " (thread)", Value: th.ID})
			}
		}
	}
	return out
}

// guide is the sidebar's "What to try", listing only what the bot has.
func (s *Server) guide(wd *world) []template.HTML {
	has := map[string]bool{} // "officehours", and "officehours calendar" for a subcommand
	for _, c := range append(s.dc.Commands(wd.guild.ID), s.dc.Commands("")...) {
		has[c.Name] = true
		for _, o := range c.Options {
			if o.Type == discordgo.ApplicationCommandOptionSubCommand {
				has[c.Name+" "+o.Name] = true
			}
		}
	}
	step := func(h string) template.HTML { return template.HTML(h) }
	var out []template.HTML
	out = append(out,
		step(`As <b>Alice</b>, in #general run <code>/join</code>, pick Diabetes and accept the guidelines.`),
		step(`In #diabetes, write something alarming, e.g. “I have crushing chest pain”: the bot answers at once with the emergency number (a medical emergency gets no suicide line).`),
		step(`Switch to <b>Morgan</b> (moderator): #alerts has the alert, which pinged the Moderators role. Press <b>Acknowledge</b>, then say what it was.`),
		step(`As Alice, ask something only a clinician should answer, e.g. “Should I change my insulin dose before running?”: it is queued for office hours.`),
	)
	if has["I'm worried about this person"] {
		out = append(out, step(`As Alice, open the message menu (<b>⋯</b>) on Bob's post in #diabetes and choose <b>I'm worried about this person</b>: only you see the answer, Bob sees nothing, and Morgan gets a private alert.`))
	}
	if has["officehours"] {
		q := ""
		if has["queue"] {
			q = `, then <code>/queue next</code>`
		}
		out = append(out, step(`As <b>Dr. Lee</b> (clinician), run <code>/officehours start</code> for Diabetes`+q+` and answer the question.`))
	}
	if has["officehours calendar"] {
		out = append(out, step(`As <b>Dr. Lee</b>, <code>/officehours calendar</code> gives a private calendar link (ICS) of the sessions she runs, served by this page: open it, or add it to a calendar app; a cancelled session disappears from it. (She is also reminded 24 hours and 15 minutes before each session, in direct messages, which this page does not show.)`))
	}
	if has["clinician"] {
		out = append(out, step(`As <b>Morgan</b>, <code>/clinician list</code> shows Dr. Lee verified (Ontario) with her licence masked; <code>/clinician verify</code> renews it or verifies someone else, and only a verified clinician can take questions.`))
	}
	if has["mentor"] {
		out = append(out, step(`As <b>Bob</b>, run <code>/mentor apply</code>, agree and fill in the form; as Morgan, press <b>Approve</b> on the card in #review. Then, as Alice, ask #diabetes for tips (“Any tips from others on telling friends about a diagnosis?”): the thread pings Bob, the mentor whose turn it is, not a whole role. Alice can press <b>Resolved</b> to close it; a quiet thread gets one nudge to mentors at 6 hours and is archived after 72.`))
	}
	if has["stats"] {
		out = append(out, step(`After a question is answered, its asker (Alice) is asked “Was this helpful?” in the answer's thread. As Morgan or Dr. Lee, <code>/stats</code> shows answers, waits, no-shows, the helpful rate and emergencies, with a chart and a CSV.`))
	}
	if has["faq"] {
		out = append(out, step(`As Dr. Lee, <code>/faq save</code> an answer for Diabetes: it waits in #review for a second clinician. Published answers are found with <code>/faq search</code>, and shown to someone whose new question is much like one while they wait.`))
	}
	if has["summarize"] {
		out = append(out, step(`As Dr. Lee or Morgan, run <code>/summarize</code> in #diabetes: a draft appears in #review with <b>Approve</b>, <b>Needs follow-up</b> and <b>Reject</b>.`))
	}
	if has["privacy"] {
		out = append(out, step(`As a patient, <code>/privacy show</code> lists what the bot stores about you.`))
	}
	return out
}

// interactionOf returns the persona's interaction by ID.
func (s *Server) interactionOf(p Persona, id string) (fakediscord.InteractionInfo, bool) {
	for _, it := range s.dc.Interactions(p.UserID) {
		if it.ID == id {
			return it, true
		}
	}
	return fakediscord.InteractionInfo{}, false
}
