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
	m, err := d.s.ChannelMessageSendComplex(n.Channel(), msg, discordgo.WithContext(ctx))
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

// messageOf turns a discordgo message into the domain's.
func messageOf(m *discordgo.Message, parentID string) bot.Message {
	out := bot.Message{ID: m.ID, GuildID: m.GuildID, ChannelID: m.ChannelID, ParentID: parentID,
		Content: m.Content, CreatedAt: m.Timestamp}
	if m.Author != nil {
		out.AuthorID = m.Author.ID
	}
	return out
}

// oneLine squeezes text onto one line for places like thread names.
func oneLine(s string, n int) string {
	return truncate(strings.Join(strings.Fields(s), " "), n)
}
