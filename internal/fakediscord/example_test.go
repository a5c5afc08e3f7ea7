package fakediscord_test

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/peerhours/peerhours/internal/fakediscord"
)

// A server with a guild, a channel and a member; a real discordgo session
// connected to it; a slash command run by the member and the bot's reply.
func Example() {
	srv, err := fakediscord.New(fakediscord.Options{Token: "secret"})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	g, _ := srv.AddGuild(fakediscord.GuildSpec{Name: "Peer Support", BotPermissions: discordgo.PermissionSendMessages})
	general, _ := srv.AddChannel(g.ID, fakediscord.ChannelSpec{Name: "general"})
	pat, _ := srv.AddMember(g.ID, fakediscord.MemberSpec{Username: "pat"})

	// The bot side: what cmd/peerhours does with DISCORD_API_URL=srv.URL().
	s, _ := discordgo.New("Bot secret")
	s.Client = srv.HTTPClient()
	s.ShouldReconnectOnError = false
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		_ = s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{
				Content:         "I help peer groups.",
				Flags:           discordgo.MessageFlagsEphemeral,
				AllowedMentions: &discordgo.MessageAllowedMentions{},
			},
		})
	})
	if err := s.Open(); err != nil {
		panic(err)
	}
	if _, err := s.ApplicationCommandBulkOverwrite(srv.ApplicationID(), g.ID, []*discordgo.ApplicationCommand{
		{Name: "help", Description: "What the bot does"},
	}); err != nil {
		panic(err)
	}

	// The user side.
	it, err := srv.RunCommand(fakediscord.SlashCommand{ChannelID: general.ID, UserID: pat.User.ID, Name: "help"})
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	reply, err := it.WaitReply(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println(reply.Content, reply.Flags&discordgo.MessageFlagsEphemeral != 0)
	fmt.Println(len(srv.MissingAllowedMentions()), "requests without allowed_mentions")
	// Output:
	// I help peer groups. true
	// 0 requests without allowed_mentions
}
