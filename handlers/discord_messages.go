package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/peerhours/peerhours/bot"
)

// Post renders a notice and sends it.
func (d *Discord) Post(ctx context.Context, n bot.Notice) (string, error) {
	msg := render(n)
	m, err := d.send(ctx, n, msg)
	if err != nil {
		return "", refusal(err, "post in <#"+n.Channel()+">", "View Channels and Send Messages")
	}
	return m.ID, nil
}

// Edit replaces a message the bot posted.
func (d *Discord) Edit(ctx context.Context, channelID, messageID string, n bot.Notice) error {
	msg := render(n)
	content := msg.Content
	edit := &discordgo.MessageEdit{
		ID: messageID, Channel: channelID, Content: &content, Embeds: &msg.Embeds,
		Components: &msg.Components, AllowedMentions: msg.AllowedMentions,
	}
	if _, err := d.s.ChannelMessageEditComplex(edit, discordgo.WithContext(ctx)); err != nil {
		return refusal(err, "edit a message in <#"+channelID+">", "View Channels and Send Messages")
	}
	return nil
}

// StartThread opens a public thread on a message, archived after a day
// without activity.
func (d *Discord) StartThread(ctx context.Context, channelID, messageID, name string) (string, error) {
	th, err := d.s.MessageThreadStartComplex(channelID, messageID, &discordgo.ThreadStart{
		Name: name, AutoArchiveDuration: 1440,
	}, discordgo.WithContext(ctx))
	if err != nil {
		return "", refusal(err, "open a thread in <#"+channelID+">", "Create Public Threads")
	}
	return th.ID, nil
}

// RepliesFromOthers counts recent messages in a thread not written by
// userID or by a bot.
func (d *Discord) RepliesFromOthers(ctx context.Context, threadID, userID string, limit int) (int, error) {
	msgs, err := d.s.ChannelMessages(threadID, 100, "", "", "", discordgo.WithContext(ctx))
	if err != nil {
		return 0, refusal(err, "read the thread", "Read Message History")
	}
	n := 0
	for _, m := range msgs {
		if m.Author == nil || m.Author.Bot || m.Author.ID == userID {
			continue
		}
		if n++; n >= limit {
			break
		}
	}
	return n, nil
}

// FetchMessage reads a message from Discord.
func (d *Discord) FetchMessage(ctx context.Context, channelID, messageID string) (bot.Message, error) {
	m, err := d.s.ChannelMessage(channelID, messageID, discordgo.WithContext(ctx))
	if err != nil {
		return bot.Message{}, refusal(err, "read the message", "Read Message History")
	}
	return messageOf(m, ""), nil
}

// Members lists the server's members' names from the gateway's cache; they
// arrive with GUILD_CREATE and member events.
func (d *Discord) Members(_ context.Context, guildID string) ([]bot.Member, error) {
	g, err := d.s.State.Guild(guildID)
	if err != nil {
		return nil, fmt.Errorf("guild %s not in the cache", guildID)
	}
	d.s.State.RLock()
	defer d.s.State.RUnlock()
	out := make([]bot.Member, 0, len(g.Members))
	for _, m := range g.Members {
		if m.User == nil {
			continue
		}
		out = append(out, bot.Member{ID: m.User.ID, Username: m.User.Username, GlobalName: m.User.GlobalName, Nick: m.Nick})
	}
	return out, nil
}

// MembersByID returns these members' names from the gateway's cache, asking
// Discord for those it lacks (the cache holds few members without the
// privileged members intent). Members who left are skipped.
func (d *Discord) MembersByID(ctx context.Context, guildID string, userIDs []string) ([]bot.Member, error) {
	out := make([]bot.Member, 0, len(userIDs))
	for _, id := range userIDs {
		m, err := d.s.State.Member(guildID, id)
		if err != nil {
			m, err = d.s.GuildMember(guildID, id, discordgo.WithContext(ctx))
			if err != nil {
				if isCode(err, discordgo.ErrCodeUnknownMember) || isCode(err, discordgo.ErrCodeUnknownUser) {
					continue
				}
				return out, refusal(err, "look up a member", "View Channels")
			}
			m.GuildID = guildID
			_ = d.s.State.MemberAdd(m) // the next summary finds it in the cache
		}
		if m.User != nil {
			out = append(out, bot.Member{ID: m.User.ID, Username: m.User.Username, GlobalName: m.User.GlobalName, Nick: m.Nick})
		}
	}
	return out, nil
}

// History reads up to 100 messages of a channel older than beforeID.
func (d *Discord) History(ctx context.Context, channelID, beforeID string) (bot.HistoryPage, error) {
	const pageSize = 100
	msgs, err := d.s.ChannelMessages(channelID, pageSize, beforeID, "", "", discordgo.WithContext(ctx))
	if err != nil {
		return bot.HistoryPage{}, refusal(err, "read the history of <#"+channelID+">", "Read Message History")
	}
	page := bot.HistoryPage{Done: len(msgs) < pageSize}
	for _, m := range msgs {
		page.Oldest = m.ID // newest first: the last one is the oldest
		if m.Author == nil || m.Author.Bot || m.WebhookID != "" || !humanMessage(m.Type) {
			continue
		}
		page.Messages = append(page.Messages, messageOf(m, ""))
	}
	return page, nil
}

// humanMessage reports message types people write (not joins, pins, …).
func humanMessage(t discordgo.MessageType) bool {
	return t == discordgo.MessageTypeDefault || t == discordgo.MessageTypeReply
}

// messageOf turns a discordgo message into the domain's.
func messageOf(m *discordgo.Message, parentID string) bot.Message {
	out := bot.Message{ID: m.ID, GuildID: m.GuildID, ChannelID: m.ChannelID, ParentID: parentID,
		Content: m.Content, CreatedAt: m.Timestamp}
	if m.Author != nil {
		out.AuthorID = m.Author.ID
	}
	if m.MessageReference != nil && m.Type == discordgo.MessageTypeReply {
		out.ReplyTo = m.MessageReference.MessageID
	}
	return out
}

// oneLine squeezes text onto one line for places like thread names.
func oneLine(s string, n int) string {
	return truncate(strings.Join(strings.Fields(s), " "), n)
}
