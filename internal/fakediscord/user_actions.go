package fakediscord

import (
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// What users do in the Discord client. Each action is checked as Discord
// checks it (a member without SEND_MESSAGES gets *APIError 50013), changes
// state and sends the gateway events the bot would receive.

// File is an uploaded file (a user's attachment or an attachment option).
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// UserMessage is a message a user posts.
type UserMessage struct {
	ChannelID string
	AuthorID  string
	Content   string
	Embeds    []*discordgo.MessageEmbed
	Files     []File
	// ReplyTo is the ID of a message in the same channel to reply to.
	ReplyTo string
}

func toUploads(files []File) []uploadedFile {
	out := make([]uploadedFile, 0, len(files))
	for i, f := range files {
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		out = append(out, uploadedFile{field: "files[" + strconv.Itoa(i) + "]", name: f.Name, contentType: ct, data: f.Data})
	}
	return out
}

// PostMessage posts a message as a user and sends MESSAGE_CREATE. Mentions
// in the content ping as they would from the client.
func (s *Server) PostMessage(um UserMessage) (*discordgo.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.postLocked(um)
}

// EditMessage changes the content of a user's message, as its author, and
// sends MESSAGE_UPDATE.
func (s *Server) EditMessage(channelID, messageID, content string) (*discordgo.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(channelID)
	if cs == nil {
		return nil, errUnknownChannel()
	}
	m := s.messageOf(channelID, messageID)
	if m == nil {
		return nil, errUnknownMessage()
	}
	if m.Author == nil || m.Author.ID == s.opts.BotUserID {
		return nil, apiErr(http.StatusForbidden, 50005, "Cannot edit a message authored by another user")
	}
	p := &messagePayload{content: &content}
	if e := p.validate(""); e != nil {
		return nil, e
	}
	perms := s.permsFor(m.Author.ID, channelID)
	if e := s.applyEdit(cs, m, perms, p, nil); e != nil {
		return nil, e
	}
	s.emitMessage("MESSAGE_UPDATE", m)
	return cloneMessage(m), nil
}

// DeleteMessage deletes any message (as its author or a moderator would)
// and sends MESSAGE_DELETE.
func (s *Server) DeleteMessage(channelID, messageID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(channelID)
	if cs == nil {
		return errUnknownChannel()
	}
	m := s.messageOf(channelID, messageID)
	if m == nil {
		return errUnknownMessage()
	}
	s.removeMessage(cs, messageID)
	if m.Flags&discordgo.MessageFlagsEphemeral == 0 {
		s.emitMessageDelete(cs, messageID)
	}
	s.notify()
	return nil
}

// DMChannel returns (creating it if needed) the DM channel between the bot
// and a user; post in it with PostMessage to DM the bot.
func (s *Server) DMChannel(userID string) (*discordgo.Channel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs, e := s.dmChannel(userID)
	if e != nil {
		return nil, e
	}
	return cloneJSON(cs.ch), nil
}

// UserThread is a thread a user starts.
type UserThread struct {
	ChannelID string
	UserID    string
	Name      string
	// MessageID starts the thread on a message; otherwise a thread without
	// starter message is created, private when Private is set.
	MessageID string
	Private   bool
}

// StartThread starts a thread as a user (CREATE_PUBLIC_THREADS or
// CREATE_PRIVATE_THREADS needed) and sends THREAD_CREATE.
func (s *Server) StartThread(ut UserThread) (*discordgo.Channel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.channelOf(ut.ChannelID)
	if cs == nil {
		return nil, errUnknownChannel()
	}
	g := s.guildOf(cs.ch.GuildID)
	if g == nil || (cs.ch.Type != discordgo.ChannelTypeGuildText && cs.ch.Type != discordgo.ChannelTypeGuildNews) {
		return nil, wrongChannelType()
	}
	if ut.Name == "" || runes(ut.Name) > 100 {
		return nil, formError("name", "BASE_TYPE_BAD_LENGTH", lengthBetweenMsg(1, 100))
	}
	perms := s.channelPermissions(g, ut.UserID, cs.ch)
	if perms&discordgo.PermissionViewChannel == 0 {
		return nil, errMissingAccess()
	}
	typ, need := discordgo.ChannelTypeGuildPublicThread, int64(discordgo.PermissionCreatePublicThreads)
	if ut.Private {
		typ, need = discordgo.ChannelTypeGuildPrivateThread, discordgo.PermissionCreatePrivateThreads
	}
	if !has(perms, need) {
		return nil, errMissingPermissions()
	}
	id := s.newID()
	var starter *discordgo.Message
	if ut.MessageID != "" {
		starter = s.messageOf(cs.ch.ID, ut.MessageID)
		if starter == nil {
			return nil, errUnknownMessage()
		}
		if s.channels[starter.ID] != nil {
			return nil, apiErr(http.StatusBadRequest, CodeThreadAlreadyCreated, "A thread has already been created for this message")
		}
		id = starter.ID
		typ = discordgo.ChannelTypeGuildPublicThread
	}
	th := s.newThread(cs, id, ut.Name, typ, ut.UserID, 0, 0, ut.Private)
	if starter != nil {
		starter.Thread = th.ch
		starter.Flags |= discordgo.MessageFlagsHasThread
	}
	s.emitChannel("THREAD_CREATE", th.ch)
	return cloneJSON(th.ch), nil
}

// CreateScheduledEvent creates an external event as a member of the
// server would (a moderator planning a meetup), so that a test can fill
// the server towards Discord's cap of 100 scheduled or active events. It
// is refused with 30038 at the cap, as the bot's own would be.
func (s *Server) CreateScheduledEvent(guildID, creatorID, name string, start, end time.Time) (*discordgo.GuildScheduledEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tickLocked()
	g := s.guildOf(guildID)
	if g == nil || g.members[creatorID] == nil {
		return nil, errUnknownMember()
	}
	if uncompletedEvents(g) >= maxUncompletedEvents {
		return nil, apiErr(http.StatusBadRequest, CodeMaxEvents, "Maximum number of uncompleted guild scheduled events reached (100)")
	}
	end = end.UTC()
	ev := &discordgo.GuildScheduledEvent{
		ID: s.newID(), GuildID: g.guild.ID, CreatorID: creatorID, Creator: s.userOf(creatorID),
		Name: name, ScheduledStartTime: start.UTC(), ScheduledEndTime: &end,
		PrivacyLevel:   discordgo.GuildScheduledEventPrivacyLevelGuildOnly,
		Status:         discordgo.GuildScheduledEventStatusScheduled,
		EntityType:     discordgo.GuildScheduledEventEntityTypeExternal,
		EntityMetadata: discordgo.GuildScheduledEventEntityMetadata{Location: "https://example.org/meetup"},
	}
	g.events[ev.ID] = ev
	s.emitScheduledEvent("GUILD_SCHEDULED_EVENT_CREATE", ev)
	s.notify()
	c := *ev
	return &c, nil
}
