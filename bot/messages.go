package bot

import (
	"time"

	"github.com/peerhours/peerhours/bot/triage"
)

// Message is a message posted in a server, as triage sees it.
type Message struct {
	ID        string
	GuildID   string
	ChannelID string
	// ParentID is the channel a thread belongs to, or "" outside threads.
	ParentID  string
	AuthorID  string
	Content   string
	CreatedAt time.Time
	// ReplyTo is the message this one replies to, or "".
	ReplyTo string
	// Rules is the rules' decision on Content when the caller has made it
	// already with Service.Classify (the gateway handler does, to let
	// emergencies skip the wait for a handling slot); nil has
	// HandleMessage make it.
	Rules *triage.Decision
}

// JumpURL links to a message in the Discord client.
func JumpURL(guildID, channelID, messageID string) string {
	return "https://discord.com/channels/" + guildID + "/" + channelID + "/" + messageID
}

// InThread reports whether the message was posted inside a thread.
func (m Message) InThread() bool { return m.ParentID != "" }

// HomeChannel is the channel that decides which condition a message belongs
// to: the thread's parent for messages in threads.
func (m Message) HomeChannel() string {
	if m.ParentID != "" {
		return m.ParentID
	}
	return m.ChannelID
}
