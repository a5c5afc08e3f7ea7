package fakediscord

import (
	"slices"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// Discord notifies a role only if the role is mentionable or the sender has
// Mention Everyone in the channel; the emulator records, per message, whom
// it notified and which role mentions reached nobody.
func TestRoleMentionsNotifyOnlyWhenDiscordWould(t *testing.T) {
	noMentionEveryone := DefaultEveryonePermissions &^ discordgo.PermissionMentionEveryone
	for _, tc := range []struct {
		name        string
		botPerms    int64
		mentionable bool
		notified    bool
	}{
		{"neither", discordgo.PermissionSendMessages, false, false},
		{"mentionable role", discordgo.PermissionSendMessages, true, true},
		{"sender may mention everyone", discordgo.PermissionSendMessages | discordgo.PermissionMentionEveryone, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, Options{})
			g := must[*discordgo.Guild](t)(srv.AddGuild(GuildSpec{Name: "g", BotPermissions: tc.botPerms, EveryonePermissions: &noMentionEveryone}))
			ch := must[*discordgo.Channel](t)(srv.AddChannel(g.ID, ChannelSpec{Name: "alerts"}))
			role := must[*discordgo.Role](t)(srv.AddRole(g.ID, RoleSpec{Name: "Mods", Mentionable: tc.mentionable}))
			mod := must[*discordgo.Member](t)(srv.AddMember(g.ID, MemberSpec{Username: "mo", Roles: []string{role.ID}}))
			s, _ := connect(t, srv)
			t.Cleanup(func() { s.Close() })
			m, err := s.ChannelMessageSendComplex(ch.ID, &discordgo.MessageSend{
				Content:         "<@&" + role.ID + "> emergency",
				AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, Roles: []string{role.ID}},
			})
			if err != nil {
				t.Fatal(err)
			}
			calls := srv.CallsTo("POST /channels/{id}/messages")
			n := calls[len(calls)-1].Notified
			if n == nil || n != nil && !slices.Equal(n.Reached, srv.Notified(m.ID).Reached) {
				t.Fatalf("call records %+v, message %+v", n, srv.Notified(m.ID))
			}
			if got := slices.Contains(n.Reached, mod.User.ID); got != tc.notified {
				t.Errorf("moderator notified = %v, want %v (%+v)", got, tc.notified, n)
			}
			if silenced := slices.Contains(n.Silenced, role.ID); silenced == tc.notified {
				t.Errorf("role silenced = %v (%+v)", silenced, n)
			}
			if got := slices.Contains(m.MentionRoles, role.ID); got != tc.notified {
				t.Errorf("mention_roles = %v", m.MentionRoles)
			}
		})
	}
}
