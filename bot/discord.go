package bot

import "context"

// Discord is what the domain asks of Discord. discordadapter implements it on a
// discordgo session; bottest has a fake. Methods return *Error values whose
// message a moderator can act on (for example which permission the bot
// lacks) when Discord refuses.
type Discord interface {
	OfficeHoursDiscord
	PrivateDiscord

	CreateRole(ctx context.Context, guildID string, r RoleSpec) (roleID string, err error)
	DeleteRole(ctx context.Context, guildID, roleID string) error
	CreateChannel(ctx context.Context, guildID string, c ChannelSpec) (channelID string, err error)
	DeleteChannel(ctx context.Context, channelID string) error
	// SetAccess replaces the channel's permission overwrites with access.
	SetAccess(ctx context.Context, guildID, channelID string, access []Access) error
	// MoveChannel puts a channel into a category.
	MoveChannel(ctx context.Context, guildID, channelID, parentID string) error
	AddMemberRole(ctx context.Context, guildID, userID, roleID string) error
	RemoveMemberRole(ctx context.Context, guildID, userID, roleID string) error
	// Post sends a notice and returns the new message's ID.
	Post(ctx context.Context, n Notice) (messageID string, err error)
	// Edit replaces a message the bot posted with a new rendering of n.
	Edit(ctx context.Context, channelID, messageID string, n Notice) error
	// StartThread opens a public thread on a message.
	StartThread(ctx context.Context, channelID, messageID, name string) (threadID string, err error)
	// RepliesFromOthers counts messages in a thread by anyone but userID
	// and the bot, up to limit.
	RepliesFromOthers(ctx context.Context, threadID, userID string, limit int) (int, error)
	// FetchMessage reads a message's text and author from Discord.
	FetchMessage(ctx context.Context, channelID, messageID string) (Message, error)
	// Members lists the server's members' names, for redaction.
	Members(ctx context.Context, guildID string) ([]Member, error)
	// MembersByID returns the names of these members (those still in the
	// server), for redaction when the member list does not hold them.
	MembersByID(ctx context.Context, guildID string, userIDs []string) ([]Member, error)
	// History reads one page (up to 100) of a channel's or thread's
	// messages older than beforeID (the newest when ""), for summaries of
	// what the bot did not see.
	History(ctx context.Context, channelID, beforeID string) (HistoryPage, error)
	// GuildOwner returns the user ID of the server's owner, whom a re-alert
	// pings when the server set no escalation role.
	GuildOwner(ctx context.Context, guildID string) (string, error)
	// Inventory lists the roles and channels that exist in the guild now,
	// so the domain can tell when one was deleted by hand.
	Inventory(ctx context.Context, guildID string) (Inventory, error)
	// SetBackstop creates or updates the server's AutoMod backstop rule
	// and returns its ID; without Manage Server, Discord refuses.
	SetBackstop(ctx context.Context, guildID string, r BackstopRule) (ruleID string, err error)
	// RemoveBackstop deletes the rule (ENOTFOUND when already gone).
	RemoveBackstop(ctx context.Context, guildID, ruleID string) error
}

// RoleSpec describes a role to create.
type RoleSpec struct {
	Name        string
	Mentionable bool // peer mentor roles are pinged by the bot
}

// ChannelKind is the kind of channel to create.
type ChannelKind int

const (
	TextChannel ChannelKind = iota
	CategoryChannel
)

// ChannelSpec describes a channel to create.
type ChannelSpec struct {
	Name     string
	Kind     ChannelKind
	ParentID string // the category a text channel sits in
	Topic    string
	Access   []Access
}

// Level is how much a role may do in a channel.
type Level int

const (
	Hidden    Level = iota // cannot see the channel
	ReadOnly               // sees and reads it, cannot post
	ReadWrite              // reads, posts, and talks in threads
	BotAccess              // what the bot itself needs: read, post, threads, manage the channel and its overwrites
)

// Access grants a role, or the bot (Everyone false, RoleID ""), a level in a
// channel. Everyone is the server's @everyone role.
type Access struct {
	RoleID   string
	Everyone bool
	Bot      bool
	Level    Level
}

// Inventory is the set of role and channel IDs that exist in a guild.
type Inventory struct {
	Roles    map[string]bool
	Channels map[string]bool
}

// HistoryPage is one page of a channel's history, newest first. Messages
// holds members' messages only (no bots, webhooks or system messages);
// Oldest is the ID to page on from, and Done is set on the last page.
type HistoryPage struct {
	Messages []Message
	Oldest   string
	Done     bool
}
