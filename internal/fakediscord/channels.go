package fakediscord

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/bwmarrin/discordgo"
)

// textual channel types get Discord's name normalisation.
func isTextual(t discordgo.ChannelType) bool {
	switch t {
	case discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews,
		discordgo.ChannelTypeGuildForum, discordgo.ChannelTypeGuildMedia:
		return true
	}
	return false
}

// normalizeChannelName does what Discord does to text channel names:
// lower case, runs of spaces become one hyphen, ASCII punctuation other than
// '-' and '_' is dropped. "Diabetes Office Hours!" becomes
// "diabetes-office-hours". Categories and voice channels keep their names.
func normalizeChannelName(name string, t discordgo.ChannelType) string {
	if !isTextual(t) {
		return strings.TrimSpace(name)
	}
	name = strings.Join(strings.Fields(strings.ToLower(name)), "-")
	var b strings.Builder
	for _, r := range name {
		if r < unicode.MaxASCII && unicode.IsPunct(r) && r != '-' && r != '_' {
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	for strings.Contains(out, "--") {
		out = strings.ReplaceAll(out, "--", "-")
	}
	return out
}

var creatableChannelTypes = map[discordgo.ChannelType]bool{
	discordgo.ChannelTypeGuildText:       true,
	discordgo.ChannelTypeGuildVoice:      true,
	discordgo.ChannelTypeGuildCategory:   true,
	discordgo.ChannelTypeGuildNews:       true,
	discordgo.ChannelTypeGuildStageVoice: true,
	discordgo.ChannelTypeGuildForum:      true,
	discordgo.ChannelTypeGuildMedia:      true,
}

// overwriteIn accepts overwrites with allow/deny as strings (as discordgo
// sends them) or numbers.
type overwriteIn struct {
	ID    string          `json:"id"`
	Type  json.RawMessage `json:"type"`
	Allow json.RawMessage `json:"allow"`
	Deny  json.RawMessage `json:"deny"`
}

func (o overwriteIn) convert(path string, fe *formErrors) *discordgo.PermissionOverwrite {
	ow := &discordgo.PermissionOverwrite{ID: o.ID}
	var ok bool
	if ow.Allow, ok = flexInt64(o.Allow); !ok {
		fe.add(path+".allow", "NUMBER_TYPE_COERCE", "Value is not int.")
	}
	if ow.Deny, ok = flexInt64(o.Deny); !ok {
		fe.add(path+".deny", "NUMBER_TYPE_COERCE", "Value is not int.")
	}
	t := strings.Trim(strings.TrimSpace(string(o.Type)), `"`)
	switch t {
	case "0", "role":
		ow.Type = discordgo.PermissionOverwriteTypeRole
	case "1", "member":
		ow.Type = discordgo.PermissionOverwriteTypeMember
	default:
		fe.add(path+".type", "BASE_TYPE_CHOICES", "Value must be one of {0, 1}.")
	}
	if o.ID == "" {
		fe.add(path+".id", "BASE_TYPE_REQUIRED", "This field is required")
	}
	return ow
}

// parseOverwrites decodes and checks a permission_overwrites array against
// the guild's roles and members.
func (s *Server) parseOverwrites(g *guildState, raw json.RawMessage) ([]*discordgo.PermissionOverwrite, *APIError) {
	var in []overwriteIn
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, formError("permission_overwrites", "MODEL_TYPE_CONVERT", "Could not interpret the value as the expected type.")
	}
	var fe formErrors
	out := make([]*discordgo.PermissionOverwrite, 0, len(in))
	for i, o := range in {
		path := "permission_overwrites." + strconv.Itoa(i)
		ow := o.convert(path, &fe)
		switch {
		case ow.Type == discordgo.PermissionOverwriteTypeRole && g.roles[ow.ID] == nil:
			fe.add(path+".id", "UNKNOWN_ROLE", "Unknown role")
		case ow.Type == discordgo.PermissionOverwriteTypeMember && g.members[ow.ID] == nil:
			fe.add(path+".id", "UNKNOWN_USER", "Unknown user")
		}
		out = append(out, ow)
	}
	if e := fe.err(); e != nil {
		return nil, e
	}
	return out, nil
}

// overwritesAllowed applies Discord's rule for who may write overwrites:
// only bits the writer holds (in the guild, or in the parent when there is
// one) may be allowed or denied, unless the writer is an administrator or
// holds MANAGE_ROLES through an overwrite on the channel itself; and only
// administrators may put MANAGE_ROLES into an overwrite.
func (s *Server) overwritesAllowed(g *guildState, userID string, ch *discordgo.Channel, parent *discordgo.Channel, ows []*discordgo.PermissionOverwrite) bool {
	holder := s.basePermissions(g, userID)
	if holder&discordgo.PermissionAdministrator != 0 || holder == allPermissions {
		return true
	}
	if parent != nil {
		holder = s.channelPermissions(g, userID, parent)
	}
	explicit := ch != nil && hasExplicitManageRoles(g, userID, ch)
	for _, ow := range ows {
		bits := ow.Allow | ow.Deny
		if ch == nil && bits&discordgo.PermissionManageRoles != 0 {
			return false
		}
		if !explicit && !withinPermissions(holder, bits) {
			return false
		}
	}
	return true
}

// newChannel creates a channel in a guild: ID, normalised name, position at
// the end of its kind unless given. No checks, no event.
func (s *Server) newChannel(g *guildState, ch *discordgo.Channel, position *int) *channelState {
	ch.ID = s.newID()
	ch.GuildID = g.guild.ID
	ch.Name = normalizeChannelName(ch.Name, ch.Type)
	if ch.PermissionOverwrites == nil {
		ch.PermissionOverwrites = []*discordgo.PermissionOverwrite{}
	}
	if position != nil {
		ch.Position = *position
	} else {
		last := -1
		for _, other := range s.guildChannels(g.guild.ID, false) {
			if (other.Type == discordgo.ChannelTypeGuildCategory) == (ch.Type == discordgo.ChannelTypeGuildCategory) {
				last = max(last, other.Position)
			}
		}
		ch.Position = last + 1
	}
	cs := &channelState{ch: ch}
	s.channels[ch.ID] = cs
	return cs
}

// newThread creates a thread channel under parent.
func (s *Server) newThread(parent *channelState, id, name string, typ discordgo.ChannelType, ownerID string, archiveMinutes, slowmode int, invitable bool) *channelState {
	if archiveMinutes == 0 {
		archiveMinutes = 4320
	}
	now := s.now()
	ch := &discordgo.Channel{
		ID:               id,
		GuildID:          parent.ch.GuildID,
		Name:             name,
		Type:             typ,
		ParentID:         parent.ch.ID,
		OwnerID:          ownerID,
		RateLimitPerUser: slowmode,
		ThreadMetadata: &discordgo.ThreadMetadata{
			AutoArchiveDuration: archiveMinutes,
			ArchiveTimestamp:    now,
			Invitable:           invitable,
		},
		PermissionOverwrites: []*discordgo.PermissionOverwrite{},
		MemberCount:          1,
	}
	cs := &channelState{ch: ch, threadMembers: map[string]time.Time{ownerID: now}}
	s.channels[ch.ID] = cs
	return cs
}

// deleteChannelLocked removes a channel with its messages and threads and
// orphans the channels of a deleted category, with the events Discord sends.
func (s *Server) deleteChannelLocked(cs *channelState) {
	for _, other := range s.channels {
		switch {
		case other.ch.IsThread() && other.ch.ParentID == cs.ch.ID:
			s.dropChannel(other)
			s.emitChannel("THREAD_DELETE", other.ch)
		case other.ch.ParentID == cs.ch.ID:
			other.ch.ParentID = ""
			s.emitChannel("CHANNEL_UPDATE", other.ch)
		}
	}
	name := "CHANNEL_DELETE"
	if cs.ch.IsThread() {
		name = "THREAD_DELETE"
	}
	// Visibility is decided before the channel disappears.
	s.emitChannel(name, cs.ch)
	s.dropChannel(cs)
	if cs.ch.Type == discordgo.ChannelTypeDM && len(cs.ch.Recipients) > 0 {
		delete(s.dmChannels, cs.ch.Recipients[0].ID)
	}
}

func (s *Server) dropChannel(cs *channelState) {
	for _, m := range cs.messages {
		delete(s.msgIndex, m.ID)
	}
	delete(s.channels, cs.ch.ID)
}

// wrongChannelType is Discord's answer to an action the channel type does
// not support.
func wrongChannelType() *APIError {
	return apiErr(http.StatusBadRequest, CodeInvalidChannelType, "Cannot execute action on this channel type")
}
