package fakediscord

import (
	"github.com/bwmarrin/discordgo"
)

// allPermissions has every permission bit Discord defines (up to 1<<50).
const allPermissions int64 = 1<<51 - 1

// DefaultEveryonePermissions is what @everyone gets in a new Discord server:
// talk, read, react, attach, embed, use threads and application commands,
// join voice — no moderation.
const DefaultEveryonePermissions int64 = discordgo.PermissionCreateInstantInvite |
	discordgo.PermissionAddReactions |
	discordgo.PermissionVoiceStreamVideo |
	discordgo.PermissionViewChannel |
	discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks |
	discordgo.PermissionAttachFiles |
	discordgo.PermissionReadMessageHistory |
	discordgo.PermissionMentionEveryone |
	discordgo.PermissionUseExternalEmojis |
	discordgo.PermissionVoiceConnect |
	discordgo.PermissionVoiceSpeak |
	discordgo.PermissionVoiceUseVAD |
	discordgo.PermissionChangeNickname |
	discordgo.PermissionUseApplicationCommands |
	discordgo.PermissionCreatePublicThreads |
	discordgo.PermissionCreatePrivateThreads |
	discordgo.PermissionUseExternalStickers |
	discordgo.PermissionSendMessagesInThreads |
	discordgo.PermissionSendVoiceMessages |
	discordgo.PermissionSendPolls

// basePermissions computes a member's guild-wide permissions as Discord
// does: the owner has everything; otherwise @everyone's permissions OR each
// role's, and ADMINISTRATOR means everything. A timed-out member keeps only
// VIEW_CHANNEL and READ_MESSAGE_HISTORY.
func (s *Server) basePermissions(g *guildState, userID string) int64 {
	if g.guild.OwnerID == userID {
		return allPermissions
	}
	m := g.members[userID]
	if m == nil {
		return 0
	}
	perms := int64(0)
	if everyone := g.roles[g.guild.ID]; everyone != nil {
		perms = everyone.Permissions
	}
	for _, id := range m.Roles {
		if r := g.roles[id]; r != nil {
			perms |= r.Permissions
		}
	}
	if perms&discordgo.PermissionAdministrator != 0 {
		return allPermissions
	}
	if s.timedOut(m) {
		perms &= timedOutPermissions
	}
	return perms
}

// timedOutPermissions is all a timed-out member keeps, whatever the
// overwrites say.
const timedOutPermissions = discordgo.PermissionViewChannel | discordgo.PermissionReadMessageHistory

func (s *Server) timedOut(m *discordgo.Member) bool {
	return m != nil && m.CommunicationDisabledUntil != nil && m.CommunicationDisabledUntil.After(s.now())
}

// channelPermissions applies a channel's overwrites to the base permissions
// in Discord's order: @everyone's overwrite, then all role overwrites of the
// member's roles together (deny first, then allow), then the member's own
// overwrite. Threads take their parent's permissions; a private thread is
// invisible to those who are neither in it nor hold MANAGE_THREADS. Without
// VIEW_CHANNEL nothing else in the channel counts.
func (s *Server) channelPermissions(g *guildState, userID string, ch *discordgo.Channel) int64 {
	base := s.basePermissions(g, userID)
	if ch == nil {
		return base
	}
	if ch.IsThread() {
		parent := s.channelOf(ch.ParentID)
		if parent == nil {
			return 0
		}
		perms := s.channelPermissions(g, userID, parent.ch)
		if ch.Type == discordgo.ChannelTypeGuildPrivateThread && perms&discordgo.PermissionManageThreads == 0 {
			if cs := s.channelOf(ch.ID); cs == nil || !isThreadMember(cs, userID) {
				return 0
			}
		}
		return perms
	}
	if base&discordgo.PermissionAdministrator != 0 || base == allPermissions {
		return allPermissions
	}
	perms := base
	var member *discordgo.Member
	if m := g.members[userID]; m != nil {
		member = m
	}
	// @everyone's overwrite has the guild's ID.
	for _, ow := range ch.PermissionOverwrites {
		if ow.Type == discordgo.PermissionOverwriteTypeRole && ow.ID == g.guild.ID {
			perms &^= ow.Deny
			perms |= ow.Allow
		}
	}
	if member != nil {
		var allow, deny int64
		for _, ow := range ch.PermissionOverwrites {
			if ow.Type != discordgo.PermissionOverwriteTypeRole || ow.ID == g.guild.ID {
				continue
			}
			for _, rid := range member.Roles {
				if rid == ow.ID {
					allow |= ow.Allow
					deny |= ow.Deny
				}
			}
		}
		perms &^= deny
		perms |= allow
		for _, ow := range ch.PermissionOverwrites {
			if ow.Type == discordgo.PermissionOverwriteTypeMember && ow.ID == userID {
				perms &^= ow.Deny
				perms |= ow.Allow
			}
		}
	}
	if perms&discordgo.PermissionViewChannel == 0 {
		return 0
	}
	if s.timedOut(member) {
		perms &= timedOutPermissions
	}
	return perms
}

func isThreadMember(cs *channelState, userID string) bool {
	_, ok := cs.threadMembers[userID]
	return ok
}

// permsFor is channelPermissions looked up by IDs; 0 if anything is unknown.
func (s *Server) permsFor(userID, channelID string) int64 {
	cs := s.channelOf(channelID)
	if cs == nil {
		return 0
	}
	g := s.guildOf(cs.ch.GuildID)
	if g == nil {
		return 0
	}
	return s.channelPermissions(g, userID, cs.ch)
}

func has(perms, need int64) bool { return perms&need == need }

// highestPosition is the position of the member's highest role (0 for
// @everyone only). The owner ranks above every role.
func (g *guildState) highestPosition(userID string) int {
	if g.guild.OwnerID == userID {
		return 1 << 30
	}
	m := g.members[userID]
	if m == nil {
		return -1
	}
	best := 0
	for _, id := range m.Roles {
		if r := g.roles[id]; r != nil && r.Position > best {
			best = r.Position
		}
	}
	return best
}

// canManageRole reports whether the user's highest role is above the role,
// Discord's hierarchy rule for editing, deleting and assigning roles.
func (g *guildState) canManageRole(userID string, role *discordgo.Role) bool {
	return g.highestPosition(userID) > role.Position
}

// withinPermissions reports whether every bit of bits is one the user may
// grant or deny: administrators may grant anything, others only what they
// hold themselves.
func withinPermissions(holder, bits int64) bool {
	if holder&discordgo.PermissionAdministrator != 0 || holder == allPermissions {
		return true
	}
	return bits&^holder == 0
}

// hasExplicitManageRoles reports whether the user holds MANAGE_ROLES through
// an overwrite in the channel itself, which lets bots set overwrites for
// permissions they do not otherwise have.
func hasExplicitManageRoles(g *guildState, userID string, ch *discordgo.Channel) bool {
	m := g.members[userID]
	for _, ow := range ch.PermissionOverwrites {
		if ow.Allow&discordgo.PermissionManageRoles == 0 {
			continue
		}
		if ow.Type == discordgo.PermissionOverwriteTypeMember && ow.ID == userID {
			return true
		}
		if ow.Type == discordgo.PermissionOverwriteTypeRole && m != nil {
			for _, rid := range m.Roles {
				if rid == ow.ID {
					return true
				}
			}
		}
	}
	return false
}
