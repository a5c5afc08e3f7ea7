package fakediscord

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Snapshots make the emulator's world durable, for the sandbox: Discord
// keeps its servers when a bot restarts, so a sandbox must keep its servers
// when the process restarts, with the same IDs the bot stored in its
// database.
//
// A snapshot holds what Discord itself keeps: users, servers with their
// roles, members, scheduled events and guild commands, channels and threads
// with their messages (ephemeral replies included, each with the interaction
// it answered), global commands, uploaded files, and the application's
// identity (IDs, token, name). It does not hold what belongs to a
// connection: gateway sessions end with the process, so the bot identifies
// afresh, as after a Discord outage. Recorded REST calls, injected faults
// and latencies are test instruments and are not kept either.

// snapshotVersion is bumped whenever the format changes incompatibly;
// NewFromSnapshot refuses other versions.
const snapshotVersion = 1

type snapshot struct {
	Version        int                             `json:"version"`
	Taken          time.Time                       `json:"taken"`
	ApplicationID  string                          `json:"application_id"`
	BotUserID      string                          `json:"bot_user_id"`
	BotName        string                          `json:"bot_name"`
	Token          string                          `json:"token"`
	Users          []snapUser                      `json:"users"`
	Guilds         []snapGuild                     `json:"guilds"`
	Channels       []snapChannel                   `json:"channels"`
	DMChannels     map[string]string               `json:"dm_channels"`
	GlobalCommands []*discordgo.ApplicationCommand `json:"global_commands"`
	Interactions   []snapInteraction               `json:"interactions"`
	Attachments    []snapAttachment                `json:"attachments"`
	// Nonces still in Discord's window, so a bot that re-sends after a
	// crash gets its message back instead of a second one.
	Nonces []snapNonce `json:"nonces,omitempty"`
}

type snapNonce struct {
	Nonce     string    `json:"nonce"`
	ChannelID string    `json:"channel_id"`
	MessageID string    `json:"message_id"`
	At        time.Time `json:"at"`
}

type snapUser struct {
	User      *discordgo.User `json:"user"`
	DMsClosed bool            `json:"dms_closed,omitempty"`
}

type snapGuild struct {
	Guild     *discordgo.Guild                 `json:"guild"`
	Roles     []*discordgo.Role                `json:"roles"`
	Members   []*discordgo.Member              `json:"members"`
	Events    []*discordgo.GuildScheduledEvent `json:"events"`
	Commands  []*discordgo.ApplicationCommand  `json:"commands"`
	BotRoleID string                           `json:"bot_role_id"`
	AutoMod   []*discordgo.AutoModerationRule  `json:"automod,omitempty"`
}

type snapChannel struct {
	Channel *discordgo.Channel `json:"channel"`
	// Messages are kept in their wire form, which carries components
	// (discordgo.Message leaves them out of its own JSON).
	Messages      []json.RawMessage    `json:"messages"`
	ThreadMembers map[string]time.Time `json:"thread_members,omitempty"`
}

type snapInteraction struct {
	ID              string                            `json:"id"`
	Token           string                            `json:"token"`
	Type            discordgo.InteractionType         `json:"type"`
	GuildID         string                            `json:"guild_id"`
	ChannelID       string                            `json:"channel_id"`
	UserID          string                            `json:"user_id"`
	Created         time.Time                         `json:"created"`
	Payload         json.RawMessage                   `json:"payload,omitempty"`
	CommandName     string                            `json:"command_name,omitempty"`
	CommandType     discordgo.ApplicationCommandType  `json:"command_type,omitempty"`
	SourceMessageID string                            `json:"source_message_id,omitempty"`
	Responded       bool                              `json:"responded"`
	ResponseType    discordgo.InteractionResponseType `json:"response_type,omitempty"`
	ResponseRaw     json.RawMessage                   `json:"response,omitempty"`
	OriginalID      string                            `json:"original_id,omitempty"`
	ReplyReady      bool                              `json:"reply_ready,omitempty"`
	OriginalDeleted bool                              `json:"original_deleted,omitempty"`
	Followups       []string                          `json:"followups,omitempty"`
}

type snapAttachment struct {
	Meta *discordgo.MessageAttachment `json:"meta"`
	Data []byte                       `json:"data"`
}

// Snapshot returns the emulator's durable state as JSON (see
// NewFromSnapshot). It is consistent: taken under the one lock that every
// change holds.
func (s *Server) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := snapshot{
		Version:       snapshotVersion,
		Taken:         s.now(),
		ApplicationID: s.opts.ApplicationID,
		BotUserID:     s.opts.BotUserID,
		BotName:       s.opts.BotName,
		Token:         s.Token(),
		DMChannels:    s.dmChannels,
	}
	for _, id := range sortedKeys(s.users) {
		u := s.users[id]
		snap.Users = append(snap.Users, snapUser{User: u.user, DMsClosed: u.dmsClosed})
	}
	for _, id := range s.guildOrder {
		g := s.guilds[id]
		if g == nil {
			continue
		}
		sg := snapGuild{Guild: g.guild, Roles: g.sortedRoles(), Members: g.sortedMembers(), Events: sortedEvents(g), Commands: g.commands.list(), BotRoleID: g.botRoleID, AutoMod: sortedRules(g)}
		snap.Guilds = append(snap.Guilds, sg)
	}
	for _, id := range sortedKeys(s.channels) {
		cs := s.channels[id]
		sc := snapChannel{Channel: cs.ch, ThreadMembers: cs.threadMembers}
		for _, m := range cs.messages {
			sc.Messages = append(sc.Messages, mustJSON(toWire(m)))
		}
		snap.Channels = append(snap.Channels, sc)
	}
	snap.GlobalCommands = s.globalCommands.list()
	for _, id := range sortedKeys(s.interactions) {
		it := s.interactions[id]
		snap.Interactions = append(snap.Interactions, snapInteraction{
			ID: it.id, Token: it.token, Type: it.typ, GuildID: it.guildID, ChannelID: it.channelID, UserID: it.userID,
			Created: it.created, Payload: it.payload, CommandName: it.commandName, CommandType: it.commandType,
			SourceMessageID: it.sourceMessageID, Responded: it.responded, ResponseType: it.responseType,
			ResponseRaw: it.responseRaw, OriginalID: it.originalID, ReplyReady: it.replyReady,
			OriginalDeleted: it.originalDeleted, Followups: it.followups,
		})
	}
	for _, id := range sortedKeys(s.attachments) {
		a := s.attachments[id]
		snap.Attachments = append(snap.Attachments, snapAttachment{Meta: a.meta, Data: a.data})
	}
	now := s.now()
	for nonce, e := range s.nonces {
		if now.Sub(e.at) <= nonceWindow {
			snap.Nonces = append(snap.Nonces, snapNonce{Nonce: nonce, ChannelID: e.channelID, MessageID: e.messageID, At: e.at})
		}
	}
	slices.SortFunc(snap.Nonces, func(a, b snapNonce) int { return strings.Compare(a.Nonce, b.Nonce) })
	return json.Marshal(snap)
}

// NewFromSnapshot starts an emulator holding the state a Snapshot saved.
// The application's IDs, token and name come from the snapshot (those in
// opts are ignored), so a bot that stored IDs finds them again; everything
// else in opts applies as in New. New IDs stay above every restored one.
func NewFromSnapshot(data []byte, opts Options) (*Server, error) {
	var snap snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return nil, fmt.Errorf("fakediscord: read snapshot: %w", err)
	}
	if snap.Version != snapshotVersion {
		return nil, fmt.Errorf("fakediscord: snapshot version %d, want %d", snap.Version, snapshotVersion)
	}
	if snap.ApplicationID == "" || snap.BotUserID == "" || snap.Token == "" {
		return nil, fmt.Errorf("fakediscord: snapshot lacks the application's identity")
	}
	opts.ApplicationID, opts.BotUserID, opts.Token, opts.BotName = snap.ApplicationID, snap.BotUserID, snap.Token, snap.BotName
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	if err := s.restore(&snap); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) restore(snap *snapshot) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.ContainsFunc(snap.Users, func(u snapUser) bool { return u.User != nil && u.User.ID == s.opts.BotUserID && u.User.Bot }) {
		return fmt.Errorf("fakediscord: snapshot lacks the bot user")
	}
	maxID := ""
	seen := func(id string) {
		if id != "" && snowflakeLess(maxID, id) {
			maxID = id
		}
	}
	for _, su := range snap.Users {
		if su.User == nil || su.User.ID == "" {
			return fmt.Errorf("fakediscord: snapshot has a user without ID")
		}
		s.users[su.User.ID] = &userState{user: su.User, dmsClosed: su.DMsClosed}
		seen(su.User.ID)
	}
	for _, sg := range snap.Guilds {
		if sg.Guild == nil || sg.Guild.ID == "" {
			return fmt.Errorf("fakediscord: snapshot has a server without ID")
		}
		g := &guildState{
			guild:     sg.Guild,
			roles:     map[string]*discordgo.Role{},
			members:   map[string]*discordgo.Member{},
			events:    map[string]*discordgo.GuildScheduledEvent{},
			commands:  newCommandSet(),
			botRoleID: sg.BotRoleID,
		}
		// The rendered guild's lists live in the maps below.
		g.guild.Roles, g.guild.Members, g.guild.Channels, g.guild.Threads = nil, nil, nil, nil
		seen(g.guild.ID)
		for _, r := range sg.Roles {
			g.roles[r.ID] = r
			seen(r.ID)
		}
		for _, m := range sg.Members {
			if m.User == nil || s.users[m.User.ID] == nil {
				return fmt.Errorf("fakediscord: snapshot has a member who is not a user")
			}
			m.User = s.users[m.User.ID].user // shared, as newMember shares it
			m.GuildID = ""
			if m.Roles == nil {
				m.Roles = []string{}
			}
			g.members[m.User.ID] = m
		}
		for _, r := range sg.AutoMod {
			if g.automod == nil {
				g.automod = map[string]*discordgo.AutoModerationRule{}
			}
			g.automod[r.ID] = r
		}
		for _, ev := range sg.Events {
			g.events[ev.ID] = ev
			seen(ev.ID)
		}
		for _, c := range sg.Commands {
			g.commands.put(c)
			seen(c.ID)
		}
		s.guilds[g.guild.ID] = g
		s.guildOrder = append(s.guildOrder, g.guild.ID)
	}
	for _, sc := range snap.Channels {
		if sc.Channel == nil || sc.Channel.ID == "" {
			return fmt.Errorf("fakediscord: snapshot has a channel without ID")
		}
		cs := &channelState{ch: sc.Channel, threadMembers: sc.ThreadMembers}
		if cs.ch.IsThread() && cs.threadMembers == nil {
			cs.threadMembers = map[string]time.Time{}
		}
		if cs.ch.PermissionOverwrites == nil {
			cs.ch.PermissionOverwrites = []*discordgo.PermissionOverwrite{}
		}
		seen(cs.ch.ID)
		for _, raw := range sc.Messages {
			var m discordgo.Message
			if err := json.Unmarshal(raw, &m); err != nil {
				return fmt.Errorf("fakediscord: snapshot message in %s: %w", cs.ch.ID, err)
			}
			if m.Author != nil && s.users[m.Author.ID] != nil {
				m.Author = s.users[m.Author.ID].user
			}
			cs.messages = append(cs.messages, &m)
			s.msgIndex[m.ID] = &m
			seen(m.ID)
		}
		s.channels[cs.ch.ID] = cs
	}
	// A starter message shares its thread's channel, so the thread's changes
	// show on it, as they do live.
	for _, m := range s.msgIndex {
		if m.Thread != nil {
			if th := s.channels[m.Thread.ID]; th != nil {
				m.Thread = th.ch
			}
		}
	}
	for uid, cid := range snap.DMChannels {
		if s.channels[cid] != nil {
			s.dmChannels[uid] = cid
		}
	}
	for _, c := range snap.GlobalCommands {
		s.globalCommands.put(c)
		seen(c.ID)
	}
	for _, si := range snap.Interactions {
		it := &interactionState{
			id: si.ID, token: si.Token, typ: si.Type, guildID: si.GuildID, channelID: si.ChannelID, userID: si.UserID,
			created: si.Created, payload: si.Payload, commandName: si.CommandName, commandType: si.CommandType,
			sourceMessageID: si.SourceMessageID, responded: si.Responded, responseType: si.ResponseType,
			responseRaw: si.ResponseRaw, originalID: si.OriginalID, replyReady: si.ReplyReady,
			originalDeleted: si.OriginalDeleted, followups: si.Followups,
		}
		s.interactions[it.id] = it
		s.byToken[it.token] = it
		seen(it.id)
	}
	for _, sa := range snap.Attachments {
		if sa.Meta == nil {
			continue
		}
		s.attachments[sa.Meta.ID] = &storedAttachment{meta: sa.Meta, data: sa.Data}
		seen(sa.Meta.ID)
	}
	for _, n := range snap.Nonces {
		if s.nonces == nil {
			s.nonces = map[string]nonceEntry{}
		}
		s.nonces[n.Nonce] = nonceEntry{channelID: n.ChannelID, messageID: n.MessageID, at: n.At}
	}
	// New snowflakes must sort after everything restored, whatever the clock.
	if n, err := strconv.ParseInt(maxID, 10, 64); err == nil {
		s.ids.mu.Lock()
		if ms := n >> 22; ms >= s.ids.lastMS {
			s.ids.lastMS, s.ids.sequence = ms, n&(1<<12-1)
		}
		s.ids.mu.Unlock()
	}
	s.notify()
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case snowflakeLess(a, b):
			return -1
		}
		return 1
	})
	return keys
}
